#include "conf/diagnostics.h"

#include <fmt/format.h>

namespace rc::conf {

std::string Location::to_string() const {
  if (!file) return "<built-in>";
  if (line == 0) return *file;
  return fmt::format("{}:{}:{}", *file, line, column);
}

std::string Diagnostic::to_string() const {
  if (severity == Severity::Warning) return fmt::format("{}: warning: {}", location, message);
  return fmt::format("{}: {}", location, message);
}

void Diagnostics::error(const Location& location, std::string message) {
  list_.push_back({Severity::Error, location, std::move(message)});
  ++errors_;
}

void Diagnostics::warning(const Location& location, std::string message) {
  list_.push_back({Severity::Warning, location, std::move(message)});
}

std::string Diagnostics::to_string() const {
  std::string text;
  for (const auto& diagnostic : list_) {
    text += diagnostic.to_string();
    text += '\n';
  }
  return text;
}

std::string Diagnostics::first_error() const {
  for (const auto& diagnostic : list_) {
    if (diagnostic.severity == Severity::Error) return diagnostic.to_string();
  }
  return {};
}

}  // namespace rc::conf
