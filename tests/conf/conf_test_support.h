// Helpers for the conf tests: parse text into a Model (reader + builder,
// no validation) and look at the diagnostics as strings, so tests can assert
// the exact text an administrator would read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "conf/builder.h"
#include "conf/diagnostics.h"
#include "conf/model.h"
#include "conf/reader.h"

namespace rc::conf::testing {

struct Parsed {
  Model model;
  Diagnostics diagnostics;

  // Every diagnostic as "test.conf:L:C: message" / "...: warning: message".
  [[nodiscard]] std::vector<std::string> messages() const {
    std::vector<std::string> list;
    for (const auto& diagnostic : diagnostics.list()) list.push_back(diagnostic.to_string());
    return list;
  }
};

// Text is read as "test.conf"; includes are off; $[NAME] reads `environment`
// pairs instead of the process environment.
inline Parsed parse(std::string_view text,
                    std::vector<std::pair<std::string, std::string>> environment = {}) {
  Parsed parsed;
  ReadOptions options;
  options.allow_include = false;
  options.environment = [environment](std::string_view name) -> std::optional<std::string> {
    for (const auto& [key, value] : environment) {
      if (key == name) return value;
    }
    return std::nullopt;
  };
  auto tree = read_text_tree(text, "test.conf", parsed.diagnostics, options);
  parsed.model = build_model(std::move(tree), parsed.diagnostics, options.environment);
  return parsed;
}

}  // namespace rc::conf::testing
