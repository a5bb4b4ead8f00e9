// ByteReader: a cursor over received bytes that every wire decoder is built
// on. Each read checks the bytes left first and, when too few remain, returns
// nullopt and consumes nothing, so a decoder can never read past the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace rc::buf {

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(std::span<const std::uint8_t> data) noexcept : data_(data) {}

  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  [[nodiscard]] bool empty() const noexcept { return remaining() == 0; }
  // Bytes consumed so far, for error messages that point into a message.
  [[nodiscard]] std::size_t offset() const noexcept { return pos_; }
  // The unread bytes, without consuming them.
  [[nodiscard]] std::span<const std::uint8_t> rest() const noexcept { return data_.subspan(pos_); }

  // Network byte order (big-endian): every IETF protocol field.
  std::optional<std::uint8_t> u8() noexcept { return read_big<std::uint8_t>(); }
  std::optional<std::uint16_t> u16() noexcept { return read_big<std::uint16_t>(); }
  std::optional<std::uint32_t> u32() noexcept { return read_big<std::uint32_t>(); }
  std::optional<std::uint64_t> u64() noexcept { return read_big<std::uint64_t>(); }

  // Host byte order: PF_KEY and netlink carry the kernel's own layout.
  std::optional<std::uint16_t> u16_host() noexcept { return read_host<std::uint16_t>(); }
  std::optional<std::uint32_t> u32_host() noexcept { return read_host<std::uint32_t>(); }
  std::optional<std::uint64_t> u64_host() noexcept { return read_host<std::uint64_t>(); }

  [[nodiscard]] std::optional<std::uint8_t> peek_u8() const noexcept {
    if (empty()) return std::nullopt;
    return data_[pos_];
  }

  // The next n bytes (a view into the input, no copy).
  std::optional<std::span<const std::uint8_t>> bytes(std::size_t n) noexcept {
    if (n > remaining()) return std::nullopt;
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  // A reader over the next n bytes, for a nested payload whose length field
  // was just read: the nested decoder cannot run into the bytes after it.
  std::optional<ByteReader> sub(std::size_t n) noexcept {
    auto inner = bytes(n);
    if (!inner) return std::nullopt;
    return ByteReader(*inner);
  }

  bool skip(std::size_t n) noexcept { return bytes(n).has_value(); }

  // Consumes and returns every unread byte (possibly none).
  std::span<const std::uint8_t> take_rest() noexcept {
    auto out = rest();
    pos_ = data_.size();
    return out;
  }

 private:
  template <class T>
  std::optional<T> read_big() noexcept {
    if (sizeof(T) > remaining()) return std::nullopt;
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      if constexpr (sizeof(T) > 1) value = static_cast<T>(value << 8U);
      value = static_cast<T>(value | data_[pos_ + i]);
    }
    pos_ += sizeof(T);
    return value;
  }

  template <class T>
  std::optional<T> read_host() noexcept {
    if (sizeof(T) > remaining()) return std::nullopt;
    T value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));  // no alignment assumed
    pos_ += sizeof(T);
    return value;
  }

  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

}  // namespace rc::buf
