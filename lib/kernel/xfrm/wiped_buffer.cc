#include "kernel/xfrm/wiped_buffer.h"

#include <algorithm>
#include <utility>

#include <openssl/crypto.h>

namespace rc::kernel::xfrm {

WipedBuffer::WipedBuffer(std::size_t n) {
  resize(n);
}

WipedBuffer::WipedBuffer(WipedBuffer&& other) noexcept
    : data_(std::move(other.data_)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

WipedBuffer& WipedBuffer::operator=(WipedBuffer&& other) noexcept {
  if (this != &other) {
    clear();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

WipedBuffer::~WipedBuffer() {
  clear();
}

void WipedBuffer::clear() noexcept {
  if (data_) OPENSSL_cleanse(data_.get(), capacity_);
  data_.reset();
  size_ = 0;
  capacity_ = 0;
}

void WipedBuffer::reserve(std::size_t capacity) {
  if (capacity <= capacity_) return;
  // Doubling keeps appends amortised O(1); every old block is wiped.
  const std::size_t grown = std::max(capacity, capacity_ * 2);
  auto bigger = std::make_unique<std::uint8_t[]>(grown);  // zero-filled
  if (data_) {
    std::copy(data_.get(), data_.get() + size_, bigger.get());
    OPENSSL_cleanse(data_.get(), capacity_);
  }
  data_ = std::move(bigger);
  capacity_ = grown;
}

void WipedBuffer::append(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  reserve(size_ + bytes.size());
  std::copy(bytes.begin(), bytes.end(), data_.get() + size_);
  size_ += bytes.size();
}

void WipedBuffer::append_zeros(std::size_t n) {
  resize(size_ + n);
}

void WipedBuffer::resize(std::size_t n) {
  if (n > size_) {
    reserve(n);
    std::fill(data_.get() + size_, data_.get() + n, std::uint8_t{0});
  } else if (n < size_) {
    OPENSSL_cleanse(data_.get() + n, size_ - n);
  }
  size_ = n;
}

}  // namespace rc::kernel::xfrm
