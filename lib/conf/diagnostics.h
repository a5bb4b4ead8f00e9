// Diagnostics: every error and warning found while reading a configuration,
// in the order found. Reading goes on after an error where it safely can, so
// `racoon2-config check` reports all problems at once, not one per run.
// Lines read "file:line:col: message" (errors) and
// "file:line:col: warning: message".
#pragma once

#include <string>
#include <vector>

#include "conf/location.h"

namespace rc::conf {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  Location location;
  std::string message;  // what was wrong, then what was expected

  [[nodiscard]] std::string to_string() const;
};

class Diagnostics {
 public:
  void error(const Location& location, std::string message);
  void warning(const Location& location, std::string message);

  [[nodiscard]] bool has_errors() const { return errors_ > 0; }
  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] std::size_t warning_count() const { return list_.size() - errors_; }
  [[nodiscard]] const std::vector<Diagnostic>& list() const { return list_; }
  // Every diagnostic, one per line, each ending in '\n'.
  [[nodiscard]] std::string to_string() const;
  // The first error's text (for a one-line failure message), or "".
  [[nodiscard]] std::string first_error() const;

 private:
  std::vector<Diagnostic> list_;
  std::size_t errors_ = 0;
};

}  // namespace rc::conf
