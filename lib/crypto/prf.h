// IKEv2 pseudorandom functions (RFC 7296 §2.13, transform type 2): prf()
// and the key expansion prf+, by negotiated transform. HMAC-SHA1 (RFC 2104),
// HMAC-SHA2-256/384/512 (RFC 4868) and AES-CMAC-PRF-128 (RFC 4615), all run
// by OpenSSL's EVP_MAC. AES-XCBC-PRF-128 (RFC 4434) has no EVP_MAC and is
// refused by create().
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "base/result.h"
#include "buf/secret_bytes.h"
#include "rct/types.h"

namespace rc::crypto {

// Input given as pieces that are used as their concatenation (Ni | Nr |
// SPIi | SPIr), so callers never build a temporary copy of a secret.
using Pieces = std::initializer_list<std::span<const std::uint8_t>>;

// What a negotiated PRF transform is; a small value to copy around.
class Prf {
 public:
  static Result<Prf> create(rct::Prf algorithm);
  // From an IKEv2 PRF transform id (IANA registry, via rct::ikev2).
  static Result<Prf> for_transform_id(std::uint16_t id);

  [[nodiscard]] rct::Prf algorithm() const noexcept { return algorithm_; }
  [[nodiscard]] std::uint16_t transform_id() const noexcept { return transform_id_; }
  [[nodiscard]] std::size_t output_size() const noexcept { return output_size_; }
  // The preferred key length (RFC 7296 §2.14): the length of SK_d, SK_pi and
  // SK_pr. HMAC: the hash output size; AES-CMAC: 16.
  [[nodiscard]] std::size_t key_size() const noexcept { return key_size_; }
  // True for PRFs that take a fixed-length key (AES-CMAC): SKEYSEED is then
  // keyed with the first half-key of Ni and of Nr (RFC 7296 §2.14).
  [[nodiscard]] bool fixed_key_size() const noexcept { return cmac_; }

 private:
  friend Result<buf::SecretBytes> prf(const Prf&, std::span<const std::uint8_t>, Pieces);
  Prf() = default;

  rct::Prf algorithm_{};
  std::uint16_t transform_id_ = 0;
  const char* digest_ = nullptr;  // EVP digest name for HMAC; nullptr for CMAC
  bool cmac_ = false;
  std::size_t output_size_ = 0;
  std::size_t key_size_ = 0;
};

// prf(key, data): one output block of output_size() bytes.
Result<buf::SecretBytes> prf(const Prf& algorithm, std::span<const std::uint8_t> key, Pieces data);

// prf+(key, seed) (RFC 7296 §2.13): T1 | T2 | ... with
// Tn = prf(key, Tn-1 | seed | n), cut to `length` bytes. Fails beyond 255
// blocks, where the RFC leaves it undefined.
Result<buf::SecretBytes> prf_plus(const Prf& algorithm, std::span<const std::uint8_t> key,
                                  Pieces seed, std::size_t length);

}  // namespace rc::crypto
