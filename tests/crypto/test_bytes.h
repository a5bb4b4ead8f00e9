// Helpers for writing RFC test vectors as they are printed: hex with spaces
// allowed, repeated bytes, text.
#pragma once

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "buf/secret_bytes.h"

namespace rc::crypto::testing {

inline buf::Bytes hex(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) digits.push_back(c);
  }
  std::optional<buf::Bytes> bytes = buf::from_hex(digits);
  if (!bytes) {
    ADD_FAILURE() << "bad hex in a test vector: " << text;
    return {};
  }
  return *bytes;
}

inline buf::Bytes repeat(std::uint8_t byte, std::size_t count) {
  return buf::Bytes(count, byte);
}

inline buf::Bytes text(std::string_view value) {
  return buf::to_bytes(value);
}

inline std::string hex_of(std::span<const std::uint8_t> bytes) {
  return buf::to_hex(bytes);
}

inline std::string hex_of(const buf::SecretBytes& secret) {
  return buf::to_hex(secret.reveal());
}

inline buf::Bytes concat(std::initializer_list<std::span<const std::uint8_t>> pieces) {
  buf::Bytes out;
  for (const auto& piece : pieces) out.insert(out.end(), piece.begin(), piece.end());
  return out;
}

}  // namespace rc::crypto::testing
