// plan_policies walks the selectors in file order; plan_selector.cc holds
// the per-selector rules, plan_sides.cc the addresses and
// plan_templates.cc the SA templates.
#include "spmd/core/policy_plan.h"

#include <cctype>

#include "spmd/core/plan_selector.h"

namespace rc::spmd {

std::string normalise_fqdn(std::string_view name) {
  std::string normalised;
  normalised.reserve(name.size() + 1);
  for (const char c : name) {
    normalised.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (!normalised.empty() && normalised.back() != '.') normalised.push_back('.');
  return normalised;
}

Plan plan_policies(const conf::Config& config, const addr::InterfaceSource& interfaces,
                   const NameLookup& names) {
  Plan plan;
  for (const conf::Selector& selector : config.model().selectors) {
    planning::plan_selector(config, selector, interfaces, names, plan);
  }
  return plan;
}

}  // namespace rc::spmd
