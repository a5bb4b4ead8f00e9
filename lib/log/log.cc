#include "log/log.h"

#include "log/hexdump.h"

namespace rc::log {

void detail::vwrite(Tag tag, std::string_view prefix, std::string_view suffix,
                    fmt::string_view format, fmt::format_args args) noexcept {
  try {
    std::string message;
    try {
      message = fmt::vformat(format, args);
      message.append(suffix);
    } catch (const fmt::format_error& e) {
      // Only a run-time width or precision can still be wrong after the
      // compile-time check; say so rather than lose the line silently.
      message = std::string("[log format error: ") + e.what() + "]";
    }
    emit(tag, prefix, message);
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nothing can be logged
  }
}

void detail::hexdump(Tag tag, std::string_view prefix, std::string_view label,
                     std::span<const std::uint8_t> data) noexcept {
  if (!debug_enabled(1)) return;
  try {
    for (const std::string& line : hexdump_lines(label, data)) emit(tag, prefix, line);
  } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory; nothing can be logged
  }
}

void hexdump(Tag tag, std::string_view label, std::span<const std::uint8_t> data) noexcept {
  detail::hexdump(tag, {}, label, data);
}

}  // namespace rc::log
