// Kernel structs in and out of message buffers, shared by the XFRM
// (netlink) and PF_KEY codecs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>

#include "kernel/xfrm/wiped_buffer.h"

namespace rc::kernel {

// Appends the object representation of a kernel struct. Callers build T
// value-initialised (`T x{};`), so its padding is zero and nothing from the
// stack leaks into a message.
template <class T>
void append_struct(xfrm::WipedBuffer& out, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  const std::size_t at = out.size();
  out.append_zeros(sizeof(T));
  std::memcpy(out.writable().data() + at, &value, sizeof(T));
}

// Reads a kernel struct from the front of `bytes`; nothing when too short.
template <class T>
std::optional<T> read_struct(std::span<const std::uint8_t> bytes) noexcept {
  static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>);
  if (bytes.size() < sizeof(T)) return std::nullopt;
  T value{};
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

}  // namespace rc::kernel
