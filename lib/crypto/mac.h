// The two MAC constructions every PRF and integrity transform here is built
// from, both run by OpenSSL's EVP_MAC: HMAC over a named digest and AES-CMAC.
// Internal to lib/crypto; callers use Prf and Integrity.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "buf/secret_bytes.h"

namespace rc::crypto::detail {

// The message as pieces, MACed as their concatenation without copying.
using Chunks = std::span<const std::span<const std::uint8_t>>;

// HMAC (RFC 2104) with `digest` ("SHA1", "SHA2-256", ...): the full output.
Result<buf::SecretBytes> hmac(std::string_view digest, std::span<const std::uint8_t> key,
                              Chunks message);

// AES-128-CMAC (RFC 4493); `key` must be 16 bytes.
Result<buf::SecretBytes> aes_cmac(std::span<const std::uint8_t> key, Chunks message);

}  // namespace rc::crypto::detail
