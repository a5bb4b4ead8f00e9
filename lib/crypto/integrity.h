// IKEv2 integrity transforms (RFC 7296 §3.3.2, transform type 3): the ICV of
// an SK payload with a non-AEAD cipher. HMAC-SHA1-96 (RFC 2404),
// HMAC-SHA2-256-128 / -384-192 / -512-256 (RFC 4868) and AES-CMAC-96
// (RFC 4494), through OpenSSL's EVP_MAC. Verification is constant-time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "buf/bytes.h"
#include "crypto/prf.h"
#include "rct/types.h"

namespace rc::crypto {

// What a negotiated INTEG transform is; a small value to copy around.
class Integrity {
 public:
  static Result<Integrity> create(rct::AuthAlg algorithm);
  // From an IKEv2 INTEG transform id; NONE (0) is not an integrity
  // transform here (AEAD ciphers carry their own ICV).
  static Result<Integrity> for_transform_id(std::uint16_t id);

  [[nodiscard]] rct::AuthAlg algorithm() const noexcept { return algorithm_; }
  [[nodiscard]] std::uint16_t transform_id() const noexcept { return transform_id_; }
  // Bytes of SK_ai / SK_ar and of an ESP/AH integrity key: the full hash
  // output for HMAC (RFC 4868 §2.1.1), 16 for AES-CMAC.
  [[nodiscard]] std::size_t key_size() const noexcept { return key_size_; }
  // Bytes of the ICV on the wire (the truncated MAC).
  [[nodiscard]] std::size_t icv_size() const noexcept { return icv_size_; }

  // The ICV of the concatenated pieces. The key must be key_size() bytes.
  Result<buf::Bytes> compute(std::span<const std::uint8_t> key, Pieces data) const;

  // True only when `icv` is the ICV of the pieces; compared with
  // CRYPTO_memcmp. A wrong key or ICV length, or an OpenSSL failure, is
  // false too.
  [[nodiscard]] bool verify(std::span<const std::uint8_t> key, Pieces data,
                            std::span<const std::uint8_t> icv) const;

 private:
  Integrity() = default;

  rct::AuthAlg algorithm_{};
  std::uint16_t transform_id_ = 0;
  const char* digest_ = nullptr;  // EVP digest name for HMAC; nullptr for CMAC
  std::size_t key_size_ = 0;
  std::size_t icv_size_ = 0;
};

}  // namespace rc::crypto
