// A hash for tables keyed by names that come from the network (DNS names,
// client addresses): SipHash-2-4 (OpenSSL 3's "SIPHASH" EVP_MAC) under a
// key drawn once per process from RAND_bytes, so nobody who sends us names
// can choose ones that collide and turn a table into a list.
//
// If OpenSSL cannot give SipHash or a random key (a broken install, a
// provider configuration without SIPHASH), KeyedHash falls back to
// std::hash: tables keep working, only the flooding protection is lost.
// It never throws and never aborts, so it is safe inside noexcept lookups.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rc::spmd {

struct KeyedHash {
  using is_transparent = void;  // find(string_view) without a copy
  std::size_t operator()(std::string_view text) const noexcept;
  std::size_t operator()(const std::string& text) const noexcept {
    return (*this)(std::string_view(text));
  }
  std::size_t operator()(const char* text) const noexcept {  // else ambiguous
    return (*this)(std::string_view(text));
  }
};

using SipHashKey = std::array<std::uint8_t, 16>;

// SipHash-2-4 with a 64-bit output of `text` under `key` (the output's 8
// bytes read little-endian, as the reference implementation's test vectors
// print them); nullopt when OpenSSL cannot compute it. KeyedHash is this
// under the process key; exposed so tests can check the reference vectors.
std::optional<std::uint64_t> siphash_2_4(const SipHashKey& key, std::string_view text) noexcept;

}  // namespace rc::spmd
