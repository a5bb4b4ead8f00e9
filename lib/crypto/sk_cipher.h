// The Encrypted payload's body (RFC 7296 §3.14): IV | ciphertext | ICV,
// where the ciphertext covers payloads | padding | pad length. One SkCipher
// protects one direction of one IKE SA (SK_ei with SK_ai, or SK_er with
// SK_ar).
//
// - AES-CBC (and 3DES-CBC) with an INTEG transform: a random IV per message
//   (RAND_bytes), padding to the block size, and an ICV over the whole
//   message from the IKE header to the end of the ciphertext.
// - AES-GCM (RFC 5282) and ChaCha20-Poly1305 (RFC 7634): nonce = the 4-byte
//   salt at the end of SK_e | the 8-byte wire IV; the AAD is the message from
//   the IKE header to the end of the SK payload's generic header.
//
// In both cases `associated` is exactly those leading bytes (IKE header,
// any payloads before SK, SK's generic header), already carrying the final
// lengths: call sealed_size() first to know them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "buf/bytes.h"
#include "buf/secret_bytes.h"
#include "crypto/encr_spec.h"
#include "crypto/handles.h"
#include "crypto/integrity.h"

namespace rc::crypto {

// Why an SK payload was not opened; each is a drop counter's name.
enum class SkOpenError {
  Truncated,   // too short for IV, one block or pad length, and ICV; or not block-aligned
  BadIcv,      // integrity check failed: nothing was decrypted or returned
  BadPadding,  // authentic, but the pad length runs past the plaintext
  Internal,    // OpenSSL failed
};
std::string_view describe(SkOpenError error) noexcept;

class SkCipher {
 public:
  // `encr_key` is the whole SK_e (key | salt for an AEAD). A non-AEAD cipher
  // needs `integ` and its key; an AEAD refuses one (RFC 7296 §3.3.3).
  static Result<SkCipher> create(const EncrSpec& encr, buf::SecretBytes encr_key,
                                 std::optional<Integrity> integ = std::nullopt,
                                 buf::SecretBytes integ_key = {});

  // Move-only, like the keys: a copy would reuse AEAD nonces.
  SkCipher(SkCipher&&) noexcept = default;
  SkCipher& operator=(SkCipher&&) noexcept = default;
  SkCipher(const SkCipher&) = delete;
  SkCipher& operator=(const SkCipher&) = delete;
  ~SkCipher() = default;

  [[nodiscard]] const EncrSpec& encr() const noexcept { return encr_; }
  // Bytes of the body seal() makes from `payloads_size` bytes of payloads.
  [[nodiscard]] std::size_t sealed_size(std::size_t payloads_size) const noexcept;

  // The SK payload body for the payload chain. Not const: an AEAD's IV is a
  // per-key message counter (RFC 5282 §3.1 allows it), which cannot repeat
  // and fails the call once exhausted.
  Result<buf::Bytes> seal(std::span<const std::uint8_t> associated,
                          std::span<const std::uint8_t> payloads);

  // The payload chain inside `body`. The ICV is checked first, in constant
  // time; on any failure no plaintext is returned and temporary plaintext is
  // wiped.
  [[nodiscard]] Result<buf::Bytes, SkOpenError> open(std::span<const std::uint8_t> associated,
                                                     std::span<const std::uint8_t> body) const;

 private:
  SkCipher() = default;
  Result<buf::Bytes> seal_cbc(std::span<const std::uint8_t> associated,
                              std::span<const std::uint8_t> payloads) const;
  Result<buf::Bytes> seal_aead(std::span<const std::uint8_t> associated,
                               std::span<const std::uint8_t> payloads);
  Result<buf::Bytes, SkOpenError> open_cbc(std::span<const std::uint8_t> associated,
                                           std::span<const std::uint8_t> body) const;
  Result<buf::Bytes, SkOpenError> open_aead(std::span<const std::uint8_t> associated,
                                            std::span<const std::uint8_t> body) const;

  EncrSpec encr_;
  std::optional<Integrity> integ_;
  buf::SecretBytes key_;   // the cipher key
  buf::SecretBytes salt_;  // AEAD nonce salt
  buf::SecretBytes integ_key_;
  CipherPtr cipher_;
  std::uint64_t next_iv_ = 1;
};

}  // namespace rc::crypto
