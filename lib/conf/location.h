// Where a piece of racoon2.conf text came from: the file (as the including
// file named it, after glob) and the 1-based line and column. Every token,
// statement and model section carries one, so any later check can point an
// administrator at the exact place: "racoon2.conf:12:5: ...".
#pragma once

#include <memory>
#include <string>

#include <fmt/format.h>

namespace rc::conf {

struct Location {
  // Shared: a file's tokens all point at one copy of its name.
  std::shared_ptr<const std::string> file;
  int line = 0;
  int column = 0;

  [[nodiscard]] bool known() const { return file != nullptr; }
  // "file:line:col", or "<built-in>" for values that came from no file.
  [[nodiscard]] std::string to_string() const;
};

}  // namespace rc::conf

template <>
struct fmt::formatter<rc::conf::Location> : fmt::formatter<std::string> {
  template <class FormatContext>
  auto format(const rc::conf::Location& location, FormatContext& ctx) const {
    return fmt::formatter<std::string>::format(location.to_string(), ctx);
  }
};
