// What the PF_KEY codec tests share: message bytes as vectors, a parse that
// throws (GoogleTest reports it as a failure), and the endianness guard of
// the hand-written byte tests.
#pragma once

#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey::testing {

inline std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

// The message of `bytes` (which must outlive it: extensions point into it).
inline Message parsed(const std::vector<std::uint8_t>& bytes) {
  auto message = parse(bytes);
  if (!message) throw std::runtime_error("parse: " + message.error().message);
  return std::move(*message);
}

// The extension of `type`, or an exception (never a null dereference).
inline const Extension& extension(const Message& message, std::uint16_t type) {
  const Extension* found = message.find(type);
  if (found == nullptr) throw std::runtime_error("no extension " + std::to_string(type));
  return *found;
}

// The bytes an encoder returned, or an exception naming its error.
template <class R>
std::vector<std::uint8_t> encoded(R result) {
  if (!result) throw std::runtime_error("encode: " + result.error().message);
  return bytes_of(*result);
}

// The hand-written bytes spell host-order fields little-endian.
inline bool little_endian() {
  return std::endian::native == std::endian::little;
}

}  // namespace rc::kernel::pfkey::testing
