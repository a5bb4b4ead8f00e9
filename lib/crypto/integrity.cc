#include "crypto/integrity.h"

#include <openssl/crypto.h>

#include <fmt/format.h>

#include "crypto/mac.h"
#include "rct/ikev2.h"
#include "rct/names.h"

namespace rc::crypto {

Result<Integrity> Integrity::create(rct::AuthAlg algorithm) {
  Integrity out;
  out.algorithm_ = algorithm;
  switch (algorithm) {
    case rct::AuthAlg::HmacSha1:
      out.digest_ = "SHA1";
      out.key_size_ = 20;
      out.icv_size_ = 12;
      break;
    case rct::AuthAlg::HmacSha2_256:
      out.digest_ = "SHA2-256";
      out.key_size_ = 32;
      out.icv_size_ = 16;
      break;
    case rct::AuthAlg::HmacSha2_384:
      out.digest_ = "SHA2-384";
      out.key_size_ = 48;
      out.icv_size_ = 24;
      break;
    case rct::AuthAlg::HmacSha2_512:
      out.digest_ = "SHA2-512";
      out.key_size_ = 64;
      out.icv_size_ = 32;
      break;
    case rct::AuthAlg::AesCmac:
      out.key_size_ = 16;
      out.icv_size_ = 12;
      break;
    default:  // MD5 (RFC 8247: MUST NOT), XCBC (no EVP_MAC), NONE, DES-MAC, ...
      return fail(Error::invalid(
          fmt::format("integrity algorithm {} is not implemented", rct::display_name(algorithm))));
  }
  Result<std::uint16_t> id = rct::ikev2::to_integ(algorithm);
  if (!id) return fail(std::move(id).error());
  out.transform_id_ = *id;
  return out;
}

Result<Integrity> Integrity::for_transform_id(std::uint16_t id) {
  const std::optional<rct::AuthAlg> algorithm = rct::ikev2::from_integ(id);
  if (!algorithm) {
    return fail(Error::invalid(fmt::format("unknown IKEv2 integrity transform {}", id)));
  }
  return create(*algorithm);
}

Result<buf::Bytes> Integrity::compute(std::span<const std::uint8_t> key, Pieces data) const {
  if (icv_size_ == 0) return fail(Error::invalid("integrity transform is not initialised"));
  if (key.size() != key_size_) {
    return fail(Error::invalid(
        fmt::format("integrity key must be {} bytes, not {}", key_size_, key.size())));
  }
  const detail::Chunks chunks(data.begin(), data.size());
  Result<buf::SecretBytes> mac =
      digest_ != nullptr ? detail::hmac(digest_, key, chunks) : detail::aes_cmac(key, chunks);
  if (!mac) return fail(std::move(mac).error());
  const auto full = mac->reveal();
  return buf::Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(icv_size_));
}

bool Integrity::verify(std::span<const std::uint8_t> key, Pieces data,
                       std::span<const std::uint8_t> icv) const {
  if (icv.size() != icv_size_) return false;
  const Result<buf::Bytes> expected = compute(key, data);
  if (!expected) return false;
  return CRYPTO_memcmp(expected->data(), icv.data(), icv_size_) == 0;
}

}  // namespace rc::crypto
