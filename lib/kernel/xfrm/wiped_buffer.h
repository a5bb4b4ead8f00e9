// WipedBuffer: the bytes of a netlink message that may hold keys (NEWSA and
// UPDSA requests, GETSA and dump replies). Its storage is wiped with
// OPENSSL_cleanse when it is released or outgrown, so no copy of a key is
// left in freed heap memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace rc::kernel::xfrm {

class WipedBuffer {
 public:
  WipedBuffer() = default;
  // n zero bytes.
  explicit WipedBuffer(std::size_t n);
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;
  WipedBuffer(WipedBuffer&& other) noexcept;
  WipedBuffer& operator=(WipedBuffer&& other) noexcept;
  ~WipedBuffer();

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::span<const std::uint8_t> view() const noexcept { return {data_.get(), size_}; }
  [[nodiscard]] std::span<std::uint8_t> writable() noexcept { return {data_.get(), size_}; }

  // Appends bytes (zeros for the second form); a move to bigger storage
  // wipes the old one.
  void append(std::span<const std::uint8_t> bytes);
  void append_zeros(std::size_t n);
  // Grows with zeros or shrinks (the cut bytes are wiped).
  void resize(std::size_t n);
  // Wipes and releases everything.
  void clear() noexcept;

 private:
  void reserve(std::size_t capacity);

  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace rc::kernel::xfrm
