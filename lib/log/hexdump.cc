#include "log/hexdump.h"

#include <algorithm>

#include <fmt/format.h>

namespace rc::log {

namespace {

constexpr std::size_t kBytesPerLine = 16;

std::string dump_line(std::size_t offset, std::span<const std::uint8_t> chunk) {
  std::string line = fmt::format("{:04x}:", offset);
  for (std::size_t i = 0; i < kBytesPerLine; ++i) {
    if (i == kBytesPerLine / 2) line.push_back(' ');
    if (i < chunk.size()) {
      fmt::format_to(std::back_inserter(line), " {:02x}", chunk[i]);
    } else {
      line.append("   ");  // keeps the ASCII column aligned on the last line
    }
  }
  line.append("  |");
  for (std::uint8_t b : chunk) line.push_back(b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.');
  line.push_back('|');
  return line;
}

}  // namespace

std::vector<std::string> hexdump_lines(std::string_view label, std::span<const std::uint8_t> data) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{} ({} byte{}):", label, data.size(), data.size() == 1 ? "" : "s"));
  const std::size_t shown = std::min(data.size(), kMaxHexdumpBytes);
  for (std::size_t offset = 0; offset < shown; offset += kBytesPerLine) {
    lines.push_back(
        dump_line(offset, data.subspan(offset, std::min(kBytesPerLine, shown - offset))));
  }
  if (shown < data.size()) {
    lines.push_back(fmt::format("... {} more bytes not shown", data.size() - shown));
  }
  return lines;
}

}  // namespace rc::log
