// Notes: how the planner tells the administrator what it did with one
// selector. Every line starts with the selector's file:line:col and name,
// so `spmd -t` output and the log point at the place to change.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "conf/model.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd::planning {

class Notes {
 public:
  Notes(Plan& plan, const conf::Selector& selector) : plan_(plan), selector_(selector) {}

  // Skipped on purpose (install off, left to iked, ...).
  void info(std::string_view text) const { plan_.infos.push_back(line(text)); }
  // Skipped or degraded because the configuration is broken or unusual.
  void warning(std::string_view text) const { plan_.warnings.push_back(line(text)); }
  // spmd must refuse to start (or to reload) with this configuration.
  void error(std::string_view text) const { plan_.errors.push_back(line(text)); }

  [[nodiscard]] const conf::Selector& selector() const { return selector_; }

 private:
  [[nodiscard]] std::string line(std::string_view text) const {
    return fmt::format("{}: selector '{}': {}", selector_.location, selector_.index, text);
  }

  Plan& plan_;
  const conf::Selector& selector_;
};

}  // namespace rc::spmd::planning
