// The policies spmd installed and the SPID <-> selector-index (SLID) map
// (reference §3.1): the only state spmd keeps about the SPD. Static
// policies come from the Plan (start-up, HUP, name changes); dynamic ones
// from spmif POLICY ADD (iked/kinkd). spmd removes exactly these at exit
// and never touches a policy it did not install.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "kernel/engine.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {

struct InstalledPolicy {
  std::string slid;
  kernel::PolicyParams params;  // params.spid: what the engine gave it
  bool dynamic = false;         // from POLICY ADD
};

struct ApplyReport {
  std::size_t added = 0;
  std::size_t updated = 0;  // same selector and direction, new content
  std::size_t removed = 0;
  std::size_t unchanged = 0;          // never sent to the engine
  std::vector<std::string> failures;  // one line per policy the engine refused
};

class Spd {
 public:
  explicit Spd(kernel::KeyEngine& engine) : engine_(engine) {}

  // Brings the static policies to `wanted`: a policy identical to one
  // installed (slid, selector, direction, action, templates, priority,
  // lifetimes) is left alone, keeping its SPID; one with the same selector
  // and direction but other content is updated in place; the rest are added
  // or deleted. Failures are reported per policy and do not stop the others.
  ApplyReport apply(const std::vector<PlannedPolicy>& wanted);

  // POLICY ADD: installs (SPDUPDATE semantics: replaces a policy with the
  // same selector and direction) and remembers it as dynamic.
  Result<kernel::Spid> add_dynamic(const std::string& slid, const kernel::PolicyParams& params);
  // POLICY DELETE: the dynamic and static policies of `slid` whose selector
  // equals `selector` (or all of them when nullopt); returns how many were
  // deleted, ENOENT when none matched.
  Result<std::size_t> remove(const std::string& slid,
                             const std::optional<kernel::Selector>& selector);

  // The engine removed the policy (hard lifetime expired): forget it.
  void forget(kernel::Spid spid);

  [[nodiscard]] std::optional<std::string> slid_of(kernel::Spid spid) const;
  // For POLICY DUMP and spmdctl: (slid, spid) in installation order.
  [[nodiscard]] std::vector<std::pair<std::string, kernel::Spid>> bindings() const;
  [[nodiscard]] const std::vector<InstalledPolicy>& installed() const { return installed_; }

  // TERM/INT/QUIT: deletes every policy spmd installed; returns how many
  // went, with one failure line per policy that could not be deleted
  // (ENOENT is not a failure: someone removed it already).
  ApplyReport remove_all();

 private:
  // Deletes the entries `doomed` picks (called once per entry, in order);
  // those the engine will not delete stay, with a failure line.
  void delete_where(const std::function<bool(const InstalledPolicy&)>& doomed, ApplyReport& report);

  kernel::KeyEngine& engine_;
  std::vector<InstalledPolicy> installed_;
};

}  // namespace rc::spmd
