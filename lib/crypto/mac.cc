#include "crypto/mac.h"

#include <string>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/handles.h"
#include "crypto/openssl_error.h"

namespace rc::crypto::detail {
namespace {

constexpr std::size_t kAesBlock = 16;

Result<buf::SecretBytes> run_mac(const char* algorithm, const OSSL_PARAM* params,
                                 std::span<const std::uint8_t> key, Chunks message) {
  MacPtr mac(EVP_MAC_fetch(nullptr, algorithm, nullptr));
  if (!mac) return fail(openssl_error(std::string("cannot fetch ") + algorithm));
  MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) return fail(openssl_error("cannot allocate a MAC context"));
  // A NULL key means "keep the previous key" to EVP_MAC_init, so an empty
  // key still gets a valid pointer.
  static constexpr std::uint8_t kNoKey = 0;
  const std::uint8_t* key_data = key.empty() ? &kNoKey : key.data();
  if (EVP_MAC_init(ctx.get(), key_data, key.size(), params) != 1) {
    return fail(openssl_error(std::string("cannot key ") + algorithm));
  }
  for (const std::span<const std::uint8_t> piece : message) {
    if (piece.empty()) continue;
    if (EVP_MAC_update(ctx.get(), piece.data(), piece.size()) != 1) {
      return fail(openssl_error(std::string(algorithm) + " failed"));
    }
  }
  buf::SecretBytes out = buf::SecretBytes::zeros(EVP_MAC_CTX_get_mac_size(ctx.get()));
  std::size_t written = 0;
  if (EVP_MAC_final(ctx.get(), out.reveal_writable().data(), &written, out.size()) != 1 ||
      written != out.size()) {
    return fail(openssl_error(std::string(algorithm) + " failed"));
  }
  return out;
}

}  // namespace

Result<buf::SecretBytes> hmac(std::string_view digest, std::span<const std::uint8_t> key,
                              Chunks message) {
  std::string digest_name(digest);
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  return run_mac(OSSL_MAC_NAME_HMAC, params, key, message);
}

Result<buf::SecretBytes> aes_cmac(std::span<const std::uint8_t> key, Chunks message) {
  if (key.size() != kAesBlock) {
    return fail(Error::invalid("AES-CMAC needs a 16-byte key"));
  }
  std::string cipher_name = "AES-128-CBC";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher_name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  return run_mac(OSSL_MAC_NAME_CMAC, params, key, message);
}

}  // namespace rc::crypto::detail
