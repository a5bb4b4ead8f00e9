// One selector of racoon2.conf into Plan entries: the skip rules, the
// broken-reference checks and the kernel policy fields (policy_plan.h has
// the rules; the decisions are written next to the code).
#pragma once

#include <optional>

#include "addr/interface_source.h"
#include "conf/config.h"
#include "conf/model.h"
#include "spmd/core/plan_notes.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd::planning {

// Selector fields that do not depend on the addresses: direction, action,
// protocol, ports, priority. nullopt when the selector is skipped (`notes`
// says why). `policy` is resolved and has an action.
std::optional<kernel::PolicyParams> base_params(const conf::Selector& selector,
                                                const conf::Policy& policy, const Notes& notes);

void plan_selector(const conf::Config& config, const conf::Selector& selector,
                   const addr::InterfaceSource& interfaces, const NameLookup& names, Plan& plan);

}  // namespace rc::spmd::planning
