// Hand-assembled DNS wire bytes for the lib/dns tests. Deliberately tiny
// and independent of the encoder under test: each helper is the bytes the
// RFC 1035 diagrams show, nothing more.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace rc::dns::test {

using Wire = std::vector<std::uint8_t>;

inline Wire cat(std::initializer_list<Wire> parts) {
  Wire out;
  for (const Wire& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Wire u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v)};
}

inline Wire u32(std::uint32_t v) {
  return cat({u16(static_cast<std::uint16_t>(v >> 16U)), u16(static_cast<std::uint16_t>(v))});
}

// One length-prefixed label (no root).
inline Wire label(std::string_view text) {
  Wire out{static_cast<std::uint8_t>(text.size())};
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

// A compression pointer to `offset`.
inline Wire ptr(std::uint16_t offset) {
  return u16(static_cast<std::uint16_t>(0xC000U | offset));
}

inline const Wire kRoot{0};

inline Wire header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an,
                   std::uint16_t ns, std::uint16_t ar) {
  return cat({u16(id), u16(flags), u16(qd), u16(an), u16(ns), u16(ar)});
}

// type, class, TTL and RDLENGTH of a record whose owner name came before.
inline Wire rr_fixed(std::uint16_t type, std::uint16_t klass, std::uint32_t ttl,
                     std::uint16_t rdlength) {
  return cat({u16(type), u16(klass), u32(ttl), u16(rdlength)});
}

}  // namespace rc::dns::test
