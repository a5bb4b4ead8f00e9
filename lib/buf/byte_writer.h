// ByteWriter: builds an outgoing message. Integers are appended in network
// order (or host order for kernel interfaces); a length field can be reserved
// before the payload it measures is written and patched afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "buf/bytes.h"

namespace rc::buf {

class ByteWriter {
 public:
  // A reserved, zero-filled length field; only patch() and
  // patch_length_since() give it a value.
  class Field {
   public:
    [[nodiscard]] std::size_t offset() const noexcept { return offset_; }
    [[nodiscard]] std::size_t width() const noexcept { return width_; }

   private:
    friend class ByteWriter;
    Field(std::size_t offset, std::size_t width) noexcept : offset_(offset), width_(width) {}
    std::size_t offset_;
    std::size_t width_;
  };

  ByteWriter() = default;
  explicit ByteWriter(std::size_t capacity) { out_.reserve(capacity); }
  // Continues an existing buffer (appends after its bytes).
  explicit ByteWriter(Bytes initial) noexcept : out_(std::move(initial)) {}

  ByteWriter& u8(std::uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  ByteWriter& u16(std::uint16_t v) { return put_big(v, 2); }
  ByteWriter& u32(std::uint32_t v) { return put_big(v, 4); }
  ByteWriter& u64(std::uint64_t v) { return put_big(v, 8); }

  ByteWriter& u16_host(std::uint16_t v) { return put_host(&v, sizeof v); }
  ByteWriter& u32_host(std::uint32_t v) { return put_host(&v, sizeof v); }
  ByteWriter& u64_host(std::uint64_t v) { return put_host(&v, sizeof v); }

  ByteWriter& bytes(std::span<const std::uint8_t> data);
  ByteWriter& text(std::string_view data);  // the characters, no NUL
  ByteWriter& zeros(std::size_t n);

  // Reserves a big-endian length field of 1, 2 or 4 bytes at the end.
  Field reserve_u8() { return reserve(1); }
  Field reserve_u16() { return reserve(2); }
  Field reserve_u32() { return reserve(4); }

  // Writes value (big-endian) into the field; fails, writing nothing, when
  // the value does not fit the field's width or the field is not ours.
  Result<void> patch(Field field, std::uint64_t value);
  // Patches the field with the number of bytes written from offset `start`
  // to the current end (the usual "length includes the header" rule: pass
  // the offset where the header began).
  Result<void> patch_length_since(Field field, std::size_t start);

  [[nodiscard]] std::size_t size() const noexcept { return out_.size(); }
  [[nodiscard]] std::span<const std::uint8_t> view() const noexcept { return out_; }
  // Hands the finished bytes over; the writer is empty afterwards.
  Bytes take() noexcept { return std::exchange(out_, Bytes{}); }

 private:
  ByteWriter& put_big(std::uint64_t v, std::size_t width);
  ByteWriter& put_host(const void* v, std::size_t width);
  Field reserve(std::size_t width);

  Bytes out_;
};

}  // namespace rc::buf
