// Curve25519, group 31 (RFC 8031): raw 32-byte keys. The all-zero result
// check is in DhKeyPair::shared_secret.
#include <openssl/evp.h>

#include "crypto/dh_family.h"
#include "crypto/openssl_error.h"

namespace rc::crypto::detail {

Result<buf::Bytes> x25519_public_value(const DhGroupInfo& info, const EVP_PKEY& key) {
  buf::Bytes out(info.public_size);
  std::size_t length = out.size();
  if (EVP_PKEY_get_raw_public_key(&key, out.data(), &length) != 1 || length != out.size()) {
    return fail(openssl_error("cannot read the X25519 public key"));
  }
  return out;
}

Result<PkeyPtr> x25519_peer_key(const DhGroupInfo& info, std::span<const std::uint8_t> peer) {
  PkeyPtr key(
      EVP_PKEY_new_raw_public_key_ex(nullptr, info.key_type, nullptr, peer.data(), peer.size()));
  if (!key) return fail(bad_peer_value(info, "not an X25519 public key"));
  return key;
}

Result<PkeyPtr> x25519_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value) {
  if (value.size() != info.secret_size) {
    return fail(Error::invalid("X25519 private value must be 32 bytes"));
  }
  PkeyPtr key(
      EVP_PKEY_new_raw_private_key_ex(nullptr, info.key_type, nullptr, value.data(), value.size()));
  if (!key) return fail(openssl_error("cannot import the X25519 private key"));
  return key;
}

}  // namespace rc::crypto::detail
