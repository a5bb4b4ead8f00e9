#include "buf/byte_writer.h"

#include <functional>

#include <fmt/format.h>

namespace rc::buf {

ByteWriter& ByteWriter::put_big(std::uint64_t v, std::size_t width) {
  for (std::size_t i = width; i > 0; --i) {
    out_.push_back(static_cast<std::uint8_t>(v >> (8U * (i - 1))));
  }
  return *this;
}

ByteWriter& ByteWriter::put_host(const void* v, std::size_t width) {
  const auto* p = static_cast<const std::uint8_t*>(v);
  out_.insert(out_.end(), p, p + width);
  return *this;
}

ByteWriter& ByteWriter::bytes(std::span<const std::uint8_t> data) {
  if (data.empty()) return *this;
  // Appending a view of our own buffer would read freed memory if the
  // vector reallocates; copy such a view first.
  const std::uint8_t* begin = out_.data();
  const std::uint8_t* end = begin + out_.size();
  const bool aliases = std::less_equal<>{}(begin, data.data()) && std::less<>{}(data.data(), end);
  if (aliases) {
    Bytes copy(data.begin(), data.end());
    out_.insert(out_.end(), copy.begin(), copy.end());
  } else {
    out_.insert(out_.end(), data.begin(), data.end());
  }
  return *this;
}

ByteWriter& ByteWriter::text(std::string_view data) {
  out_.insert(out_.end(), data.begin(), data.end());
  return *this;
}

ByteWriter& ByteWriter::zeros(std::size_t n) {
  out_.resize(out_.size() + n, 0);
  return *this;
}

ByteWriter::Field ByteWriter::reserve(std::size_t width) {
  Field field(out_.size(), width);
  zeros(width);
  return field;
}

Result<void> ByteWriter::patch(Field field, std::uint64_t value) {
  if (field.width_ == 0 || field.width_ > 8 || field.offset_ > out_.size() ||
      field.width_ > out_.size() - field.offset_) {
    return fail(Error::invalid("length field lies outside the message being built"));
  }
  if (field.width_ < 8 && value >> (8U * field.width_) != 0) {
    return fail(Error::invalid(
        fmt::format("length {} does not fit in a {}-bit field", value, 8 * field.width_)));
  }
  for (std::size_t i = 0; i < field.width_; ++i) {
    const std::size_t shift = 8U * (field.width_ - 1 - i);
    out_[field.offset_ + i] = static_cast<std::uint8_t>(value >> shift);
  }
  return ok();
}

Result<void> ByteWriter::patch_length_since(Field field, std::size_t start) {
  if (start > out_.size()) {
    return fail(Error::invalid("length start lies past the end of the message being built"));
  }
  return patch(field, out_.size() - start);
}

}  // namespace rc::buf
