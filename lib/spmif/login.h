// spmif's challenge/response login (reference §3.4). The spmd.pwd secret is
// turned into the uppercase hex of its bytes, P; spmd greets with a
// challenge C (40 uppercase hex digits, the SHA-1 of 256 random bytes); the
// client answers LOGIN H with H = uppercase hex SHA-1 of the ASCII text
// C || P. Wire-compatible with the original daemons and spmdctl.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "buf/secret_bytes.h"

namespace rc::spmif {

inline constexpr std::size_t kChallengeLength = 40;
inline constexpr std::size_t kDefaultPasswordBytes = 16;  // pskgen -r's default
inline constexpr std::size_t kMaxPasswordFileBytes = 4096;

// 256 bytes from RAND_bytes, hashed with SHA-1, in uppercase hex.
Result<std::string> make_challenge();

// P: the uppercase hex of the secret's bytes (itself a secret).
buf::SecretBytes password_hex(std::span<const std::uint8_t> secret);

// H for LOGIN: uppercase hex SHA-1 of challenge || password hex.
Result<std::string> login_response(std::string_view challenge, const buf::SecretBytes& password);

// True when `response` is exactly H (constant-time compare, no trailing
// garbage: the original accepted any string starting with H).
bool check_login(std::string_view challenge, const buf::SecretBytes& password,
                 std::string_view response);

// Reads spmd.pwd through safefile (owner, mode without group/other bits)
// and returns its hex form P.
Result<buf::SecretBytes> read_password(std::string_view path);

// spmd's first start: creates `path` with mode 0600 holding `bytes` random
// bytes if no file is there (O_EXCL, so an existing file is never
// replaced). Returns true when it created the file.
Result<bool> create_password_file(std::string_view path, std::size_t bytes = kDefaultPasswordBytes);

}  // namespace rc::spmif
