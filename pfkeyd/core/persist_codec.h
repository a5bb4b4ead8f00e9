// The primitives of pfkeyd's state file: big-endian integers, length-
// prefixed byte strings, addresses (family, 16 bytes, scope id and name)
// and prefixes. The writer fills a WipedBuffer because SA keys pass
// through it; the reader checks every length against the bytes left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "base/result.h"
#include "buf/secret_bytes.h"
#include "kernel/lifetime.h"
#include "kernel/selector.h"
#include "kernel/xfrm/wiped_buffer.h"

namespace rc::pfkeyd::persist {

using kernel::xfrm::WipedBuffer;

class Writer {
 public:
  explicit Writer(WipedBuffer& out) : out_(out) {}

  void u8(std::uint8_t value);
  void u16(std::uint16_t value);
  void u32(std::uint32_t value);
  void u64(std::uint64_t value);
  void i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }
  void bytes(std::span<const std::uint8_t> value);  // u32 length, then the bytes
  void address(const addr::IpAddress& value);
  void optional_address(const std::optional<addr::IpAddress>& value);
  void prefix(const addr::Prefix& value);
  void selector(const kernel::Selector& value);
  void limit(const kernel::LifetimeLimit& value);
  void current(const kernel::LifetimeCurrent& value);

  // A record: tag, u32 length, then what `body` writes.
  template <class Body>
  void record(std::uint8_t tag, Body&& body) {
    u8(tag);
    const std::size_t length_at = out_.size();
    u32(0);
    body(*this);
    patch_length(length_at);
  }

 private:
  void patch_length(std::size_t at);

  WipedBuffer& out_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}

  [[nodiscard]] bool at_end() const { return in_.empty(); }
  [[nodiscard]] std::size_t left() const { return in_.size(); }

  Result<std::uint8_t> u8();
  Result<std::uint16_t> u16();
  Result<std::uint32_t> u32();
  Result<std::uint64_t> u64();
  Result<std::int64_t> i64();
  Result<buf::SecretBytes> secret();
  Result<std::span<const std::uint8_t>> take(std::size_t n);
  Result<addr::IpAddress> address();
  Result<std::optional<addr::IpAddress>> optional_address();
  Result<addr::Prefix> prefix();
  Result<kernel::Selector> selector();
  Result<kernel::LifetimeLimit> limit();
  Result<kernel::LifetimeCurrent> current();

 private:
  std::span<const std::uint8_t> in_;
};

// A damaged or foreign state file.
Error corrupt(std::string_view what);

}  // namespace rc::pfkeyd::persist
