// Helpers for the conf tests: parse text into a Model (reader + builder,
// no validation) and look at the diagnostics as strings, so tests can assert
// the exact text an administrator would read.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conf/builder.h"
#include "conf/diagnostics.h"
#include "conf/model.h"
#include "conf/reader.h"

#include <gtest/gtest.h>

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

// An input the parser must refuse: every diagnostic in order, and how many
// of them are errors (the rest are warnings).
struct Reject {
  std::string_view text;
  std::size_t errors;
  std::vector<std::string> messages;
  std::vector<std::pair<std::string, std::string>> environment = {};
};

// An input the parser must take: its warnings (usually none) and a check of
// the value it built.
struct Accept {
  std::string_view text;
  void (*check)(const Model&);
  std::vector<std::string> warnings = {};
};

// Parses text that must give no diagnostic at all.
inline Parsed parse_clean(std::string_view text,
                          std::vector<std::pair<std::string, std::string>> environment = {}) {
  auto parsed = parse(text, std::move(environment));
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{}) << text;
  return parsed;
}

inline void expect_rejected(std::span<const Reject> rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto parsed = parse(row.text, row.environment);
    EXPECT_EQ(parsed.messages(), row.messages);
    EXPECT_EQ(parsed.diagnostics.error_count(), row.errors);
  }
}

inline void expect_accepted(std::span<const Accept> rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto parsed = parse(row.text);
    EXPECT_EQ(parsed.messages(), row.warnings);
    EXPECT_EQ(parsed.diagnostics.error_count(), 0U);
    row.check(parsed.model);
  }
}

}  // namespace rc::conf::testing
