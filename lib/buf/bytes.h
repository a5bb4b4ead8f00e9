// Bytes: the project's owned byte string, plus the few helpers every codec
// and test needs (hex in and out, text to bytes, constant-time comparison).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rc::buf {

using Bytes = std::vector<std::uint8_t>;

// The bytes of a text, without a terminating NUL.
Bytes to_bytes(std::string_view text);

// The bytes viewed as text (no copy, no validation); for ASCII wire fields.
std::string_view as_text(std::span<const std::uint8_t> bytes) noexcept;

// Lowercase hex, two digits a byte, no separators: "0a1bff".
std::string to_hex(std::span<const std::uint8_t> bytes);

// Parses hex digits (either case, no separators, even count); nullopt on
// anything else. Meant for test vectors and key files, not peer data.
std::optional<Bytes> from_hex(std::string_view hex);

// True when both spans hold the same bytes. Runs in time that depends only on
// a.size(), so a MAC or password check leaks nothing about where a mismatch is;
// a length mismatch returns false (lengths are public in every protocol here).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

}  // namespace rc::buf
