// Reassembles text lines from a byte stream however they arrive: split over
// many reads, several in one read (pipelined), ending in CRLF or a bare LF.
// The original spmd took one read() as one command; this is the fix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rc::spmif {

class LineSplitter {
 public:
  // Lines longer than `max_line` bytes (without the line ending) are
  // oversized: the splitter reports one Oversized item for each and skips
  // the rest of that line, so the next line is read normally.
  explicit LineSplitter(std::size_t max_line) : max_line_(max_line) {}

  void feed(std::span<const std::uint8_t> bytes);
  void feed(std::string_view text);

  struct Item {
    enum class Kind : std::uint8_t { Line, Oversized } kind = Kind::Line;
    std::string line;  // without CR/LF; empty for Oversized
  };
  // The next complete line (or oversized marker), in arrival order.
  std::optional<Item> next();
  // Bytes held for an unfinished line (bounded by max_line + 1).
  [[nodiscard]] std::size_t pending() const;

 private:
  void finish_line(std::string_view tail);

  std::size_t max_line_;
  std::string buffer_;      // the unfinished line (never holds a LF)
  std::deque<Item> ready_;  // finished items not yet returned
  bool skipping_ = false;   // inside an oversized line: drop until LF
};

}  // namespace rc::spmif
