// The sizes of an IKEv2 ENCR transform (RFC 7296 §3.3.2, transform type 1):
// how much key material it takes from prf+ (key, then salt), its wire IV,
// alignment and AEAD ICV, and the OpenSSL cipher that runs it in an SK
// payload. The table also holds ESP-only transforms (NULL, AES-CTR,
// AES-CCM, NULL-AES-GMAC) so CHILD_SA KEYMAT can be split for them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "rct/types.h"

namespace rc::crypto {

struct EncrSpec {
  rct::EncAlg algorithm{};
  std::uint16_t transform_id = 0;
  std::size_t key_size = 0;          // cipher key bytes
  std::size_t salt_size = 0;         // KEYMAT bytes after the key: the nonce salt
                                     // (GCM, GMAC, ChaCha20-Poly1305, CTR: 4; CCM: 3)
  std::size_t iv_size = 0;           // IV bytes on the wire
  std::size_t block_size = 1;        // the padded plaintext is a multiple of this
  std::size_t icv_size = 0;          // AEAD tag bytes; 0 for a plain cipher
  const char* evp_cipher = nullptr;  // OpenSSL name; nullptr: ESP-only here

  [[nodiscard]] bool aead() const noexcept { return icv_size != 0; }
  // KEYMAT bytes of one direction's encryption key (SK_ei, ESP key): key
  // and salt (RFC 5282 §7.1, RFC 7634 §2, RFC 4106 §8.1).
  [[nodiscard]] std::size_t keymat_size() const noexcept { return key_size + salt_size; }
};

// `key_bits` is the Key Length attribute (RFC 7296 §3.3.5), 0 when absent.
// It is required for AES-based transforms, except the aes128/192/256_cbc
// values that imply it (where a given length must agree), and refused for
// fixed-key ciphers.
Result<EncrSpec> encr_spec(rct::EncAlg algorithm, unsigned key_bits);
Result<EncrSpec> encr_spec_for_transform_id(std::uint16_t id, unsigned key_bits);

}  // namespace rc::crypto
