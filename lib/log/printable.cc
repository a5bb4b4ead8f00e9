#include "log/printable.h"

namespace rc::log {

namespace {

void append_escaped_byte(std::string& out, unsigned char c) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  out += "\\x";
  out.push_back(kDigits[c >> 4U]);
  out.push_back(kDigits[c & 0x0fU]);
}

bool is_control(unsigned char c) noexcept {
  return c < 0x20 || c == 0x7f;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (is_control(c) || c >= 0x80) {
      append_escaped_byte(out, c);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string escape_controls(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char ch : line) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_control(c)) {
      append_escaped_byte(out, c);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace rc::log
