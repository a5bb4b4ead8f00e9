// DNS over TCP frames each message with a two-byte length (RFC 1035
// §4.2.2, RFC 7766 §8). FrameReader gathers whole messages however the
// bytes arrive; frame() prefixes one for sending. A zero length is a
// framing error (no DNS message is empty), so the connection is closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rc::spmd {

class FrameReader {
 public:
  // Appends received bytes.
  void feed(std::span<const std::uint8_t> bytes);
  // The next whole message, or nullopt until more bytes arrive.
  std::optional<std::vector<std::uint8_t>> next();
  [[nodiscard]] bool broken() const { return broken_; }
  [[nodiscard]] std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;
  bool broken_ = false;
};

// The two-byte length and the message; empty when the message is longer
// than 65535 bytes.
std::vector<std::uint8_t> frame(std::span<const std::uint8_t> message);

}  // namespace rc::spmd
