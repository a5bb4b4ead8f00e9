// `policy show`: spmd knows which selector (SLID) each of its policies
// belongs to, the key engine knows the policies themselves; the view joins
// the two by SPID (reference §4). Pure, so the join and both renderings are
// tested on hand-made values.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "kernel/policy.h"
#include "spmif/reply.h"

namespace spmdctl {

// One line of POLICY DUMP: "<slid> <spid>".
struct Binding {
  std::string slid;
  rc::kernel::Spid spid = 0;
  bool operator==(const Binding&) const = default;
};

// POLICY DUMP's reply: 250 with one binding per line, or 251 (none).
// An unreadable line is an error naming it.
rc::Result<std::vector<Binding>> parse_bindings(const rc::spmif::Reply& reply);

struct ShownPolicy {
  std::string slid;  // "" when spmd does not manage the policy
  rc::kernel::PolicyInfo policy;
  [[nodiscard]] bool managed() const { return !slid.empty(); }
};

struct PolicyListing {
  // spmd's policies in its order (installation order), then, when asked
  // for, the engine's other policies in the engine's order.
  std::vector<ShownPolicy> policies;
  // Bindings spmd reported whose SPID the engine does not have (removed
  // behind spmd's back, or a different key engine than spmd's).
  std::vector<Binding> missing;
};

PolicyListing join_policies(const std::vector<Binding>& bindings,
                            const std::vector<rc::kernel::PolicyInfo>& engine_policies,
                            bool include_unmanaged);

// The original's block per policy (README.md "policy show"), dates in local
// time as "%b %d %X %Y".
std::string render_policies_text(const PolicyListing& listing);
// {"ok":true,"command":"policy show","policies":[...],"missing":[...]}
std::string render_policies_json(const PolicyListing& listing);

}  // namespace spmdctl
