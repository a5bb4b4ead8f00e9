#include "spmif/line_splitter.h"

#include <utility>

namespace rc::spmif {

void LineSplitter::feed(std::span<const std::uint8_t> bytes) {
  feed(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Lines are cut here rather than in next() so that an unfinished line never
// holds more than max_line + 1 bytes (its content plus a CR whose LF has not
// arrived yet), however much a peer sends without a line break.
void LineSplitter::feed(std::string_view text) {
  while (!text.empty()) {
    const std::size_t lf = text.find('\n');
    if (skipping_) {
      if (lf == std::string_view::npos) return;
      skipping_ = false;
      text.remove_prefix(lf + 1);
      continue;
    }
    if (lf == std::string_view::npos) {
      if (buffer_.size() + text.size() > max_line_ + 1) {
        ready_.push_back({Item::Kind::Oversized, {}});
        buffer_.clear();
        skipping_ = true;
        return;
      }
      buffer_.append(text);
      // max_line + 1 bytes are acceptable only if the last is the CR of a CRLF.
      if (buffer_.size() == max_line_ + 1 && buffer_.back() != '\r') {
        ready_.push_back({Item::Kind::Oversized, {}});
        buffer_.clear();
        skipping_ = true;
      }
      return;
    }
    finish_line(text.substr(0, lf));
    text.remove_prefix(lf + 1);
  }
}

void LineSplitter::finish_line(std::string_view tail) {
  std::size_t length = buffer_.size() + tail.size();
  const bool cr = length > 0 && (tail.empty() ? buffer_.back() : tail.back()) == '\r';
  if (cr) --length;
  if (length > max_line_) {
    ready_.push_back({Item::Kind::Oversized, {}});
  } else {
    buffer_.append(tail);
    if (cr) buffer_.pop_back();
    ready_.push_back({Item::Kind::Line, std::move(buffer_)});
  }
  buffer_.clear();
}

std::optional<LineSplitter::Item> LineSplitter::next() {
  if (ready_.empty()) return std::nullopt;
  Item item = std::move(ready_.front());
  ready_.pop_front();
  return item;
}

std::size_t LineSplitter::pending() const {
  return buffer_.size();
}

}  // namespace rc::spmif
