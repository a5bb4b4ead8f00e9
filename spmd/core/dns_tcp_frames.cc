#include "spmd/core/dns_tcp_frames.h"

namespace rc::spmd {

void FrameReader::feed(std::span<const std::uint8_t> bytes) {
  if (broken_) return;
  // Drop what was consumed before growing, so a long-lived connection's
  // buffer stays the size of what is unread.
  if (start_ > 0 && start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  } else if (start_ > 4096) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<std::vector<std::uint8_t>> FrameReader::next() {
  if (broken_ || buffered() < 2) return std::nullopt;
  const std::size_t length = (static_cast<std::size_t>(buffer_[start_]) << 8U) |
                             static_cast<std::size_t>(buffer_[start_ + 1]);
  if (length == 0) {
    broken_ = true;
    return std::nullopt;
  }
  if (buffered() < 2 + length) return std::nullopt;
  const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + 2);
  std::vector<std::uint8_t> message(first, first + static_cast<std::ptrdiff_t>(length));
  start_ += 2 + length;
  return message;
}

std::vector<std::uint8_t> frame(std::span<const std::uint8_t> message) {
  if (message.size() > 0xffff) return {};
  std::vector<std::uint8_t> framed;
  framed.reserve(message.size() + 2);
  framed.push_back(static_cast<std::uint8_t>(message.size() >> 8U));
  framed.push_back(static_cast<std::uint8_t>(message.size() & 0xffU));
  framed.insert(framed.end(), message.begin(), message.end());
  return framed;
}

}  // namespace rc::spmd
