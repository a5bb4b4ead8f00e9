// Decisions beyond spd.h:
//
// - Identity is (selector, direction), as the kernel's: it holds one policy
//   per pair, so two entries of ours never share one.
// - apply() adds and updates first and deletes last, so a selector that
//   moves from one policy to another is never left without one.
// - A static policy whose add meets EEXIST takes the existing policy over
//   (SPDUPDATE), as the original installed everything with SPDUPDATE: after
//   a crash (no cleanup at exit) the restarted spmd must own its policies
//   again rather than fail on each. It is logged.
// - A wanted static policy whose identity a dynamic one (POLICY ADD) holds
//   is not forced: the KMP put it there for a live SA. It is a failure line
//   and the next apply tries again.
// - A failed update leaves the old policy installed and remembered: keeping
//   old protection beats removing it.
// - ENOENT on delete means someone removed the policy already: it is gone,
//   which is what was asked.
#include "spmd/core/spd.h"

#include <algorithm>
#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "log/log.h"
#include "rct/names.h"

namespace rc::spmd {
namespace {

bool same_identity(const kernel::PolicyParams& a, const kernel::PolicyParams& b) {
  return a.selector == b.selector && a.direction == b.direction;
}

// Everything but the SPID, which only the engine assigns.
bool same_content(const InstalledPolicy& installed, const PlannedPolicy& wanted) {
  kernel::PolicyParams params = wanted.params;
  params.spid = installed.params.spid;
  return installed.slid == wanted.slid && installed.params == params;
}

std::string describe(const std::string& slid, const kernel::PolicyParams& params) {
  return fmt::format("selector '{}' {} -> {} ({})", slid, params.selector.src, params.selector.dst,
                     rct::display_name(params.direction));
}

bool gone(const Result<void>& deleted) {
  return deleted || deleted.error().code == ENOENT;
}

}  // namespace

ApplyReport Spd::apply(const std::vector<PlannedPolicy>& wanted) {
  ApplyReport report;
  // claimed[i]: installed_[i] is wanted by this apply (static ones not
  // claimed at the end are deleted).
  std::vector<bool> claimed(installed_.size(), false);

  for (const PlannedPolicy& plan : wanted) {
    const auto found = std::find_if(
        installed_.begin(), installed_.end(),
        [&plan](const InstalledPolicy& entry) { return same_identity(entry.params, plan.params); });
    if (found == installed_.end()) {
      kernel::PolicyParams params = plan.params;
      params.spid = 0;
      auto spid = engine_.add_policy(params);
      if (!spid && spid.error().code == EEXIST) {
        spid = engine_.update_policy(params);
        if (spid) {
          log::info("{}: took over a policy spmd had not installed (SPID {})",
                    describe(plan.slid, params), *spid);
        }
      }
      if (!spid) {
        report.failures.push_back(
            fmt::format("{}: {}", describe(plan.slid, params), spid.error().message));
        continue;
      }
      params.spid = *spid;
      installed_.push_back(InstalledPolicy{plan.slid, std::move(params), false});
      claimed.push_back(true);
      ++report.added;
      continue;
    }
    const auto index = static_cast<std::size_t>(found - installed_.begin());
    if (found->dynamic) {
      report.failures.push_back(
          fmt::format("{}: a policy of selector '{}' added by a KMP holds "
                      "this selector and direction; left to it",
                      describe(plan.slid, plan.params), found->slid));
      continue;
    }
    if (claimed[index]) {
      report.failures.push_back(
          fmt::format("{}: planned twice; the kernel holds one policy per "
                      "selector and direction",
                      describe(plan.slid, plan.params)));
      continue;
    }
    claimed[index] = true;
    if (same_content(*found, plan)) {
      ++report.unchanged;
      continue;
    }
    kernel::PolicyParams params = plan.params;
    params.spid = found->params.spid;
    auto spid = engine_.update_policy(params);
    if (!spid) {
      report.failures.push_back(
          fmt::format("{}: {}", describe(plan.slid, params), spid.error().message));
      continue;
    }
    params.spid = *spid;
    found->slid = plan.slid;
    found->params = std::move(params);
    ++report.updated;
  }

  std::size_t index = 0;
  delete_where(
      [&](const InstalledPolicy& entry) {
        const bool doomed = !entry.dynamic && !claimed[index];
        ++index;
        return doomed;
      },
      report);
  return report;
}

Result<kernel::Spid> Spd::add_dynamic(const std::string& slid, const kernel::PolicyParams& params) {
  const auto found = std::find_if(
      installed_.begin(), installed_.end(),
      [&params](const InstalledPolicy& entry) { return same_identity(entry.params, params); });
  kernel::PolicyParams request = params;
  request.spid = found != installed_.end() ? found->params.spid : 0;
  auto spid = engine_.update_policy(request);
  if (!spid) return fail(std::move(spid).error());
  request.spid = *spid;
  // SPDUPDATE replaced whatever held this selector and direction, static
  // or dynamic: the map follows the engine, in the same place.
  if (found != installed_.end()) {
    *found = InstalledPolicy{slid, std::move(request), true};
  } else {
    installed_.push_back(InstalledPolicy{slid, std::move(request), true});
  }
  return *spid;
}

Result<std::size_t> Spd::remove(const std::string& slid,
                                const std::optional<kernel::Selector>& selector) {
  std::size_t deleted = 0;
  std::size_t matched = 0;
  std::optional<Error> first_failure;
  std::vector<InstalledPolicy> kept;
  kept.reserve(installed_.size());
  for (InstalledPolicy& entry : installed_) {
    const bool match = entry.slid == slid && (!selector || entry.params.selector == *selector);
    if (!match) {
      kept.push_back(std::move(entry));
      continue;
    }
    ++matched;
    auto result = engine_.delete_policy(entry.params.spid);
    if (gone(result)) {
      ++deleted;
      continue;
    }
    if (!first_failure) first_failure = std::move(result).error();
    kept.push_back(std::move(entry));
  }
  installed_ = std::move(kept);
  if (matched == 0) {
    if (selector) {
      return fail(Error{ENOENT, fmt::format("no policy of selector '{}' with {} -> {}", slid,
                                            selector->src, selector->dst)});
    }
    return fail(Error{ENOENT, fmt::format("no policy of selector '{}'", slid)});
  }
  if (first_failure) {
    return fail(
        Error{first_failure->code, fmt::format("{} of {} policies of selector '{}' deleted; {}",
                                               deleted, matched, slid, first_failure->message)});
  }
  return deleted;
}

void Spd::forget(kernel::Spid spid) {
  std::erase_if(installed_,
                [spid](const InstalledPolicy& entry) { return entry.params.spid == spid; });
}

std::optional<std::string> Spd::slid_of(kernel::Spid spid) const {
  for (const InstalledPolicy& entry : installed_) {
    if (entry.params.spid == spid) return entry.slid;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, kernel::Spid>> Spd::bindings() const {
  std::vector<std::pair<std::string, kernel::Spid>> list;
  list.reserve(installed_.size());
  for (const InstalledPolicy& entry : installed_) list.emplace_back(entry.slid, entry.params.spid);
  return list;
}

ApplyReport Spd::remove_all() {
  ApplyReport report;
  delete_where([](const InstalledPolicy& /*entry*/) { return true; }, report);
  return report;
}

void Spd::delete_where(const std::function<bool(const InstalledPolicy&)>& doomed,
                       ApplyReport& report) {
  std::vector<InstalledPolicy> kept;
  kept.reserve(installed_.size());
  for (InstalledPolicy& entry : installed_) {
    if (!doomed(entry)) {
      kept.push_back(std::move(entry));
      continue;
    }
    auto deleted = engine_.delete_policy(entry.params.spid);
    if (gone(deleted)) {
      ++report.removed;
      continue;
    }
    report.failures.push_back(
        fmt::format("{}: {}", describe(entry.slid, entry.params), deleted.error().message));
    kept.push_back(std::move(entry));
  }
  installed_ = std::move(kept);
}

}  // namespace rc::spmd
