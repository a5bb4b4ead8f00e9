// selector_policy: spmif's POLICY ADD/DELETE name a selector and the
// addresses iked or kinkd negotiated; the kernel policy is built by the same
// rules as the static plan (plan_selector.cc, plan_templates.cc), only the
// addresses, the tunnel end points and the lifetime come from the request.
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "spmd/core/plan_notes.h"
#include "spmd/core/plan_selector.h"
#include "spmd/core/plan_templates.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {
namespace {

// What the planner wrote about the selector, as one error message.
Error refused(const Plan& notes, std::string_view fallback) {
  std::vector<std::string> lines = notes.errors;
  lines.insert(lines.end(), notes.warnings.begin(), notes.warnings.end());
  if (lines.empty()) return Error{EINVAL, std::string(fallback)};
  return Error{EINVAL, fmt::format("{}", fmt::join(lines, "; "))};
}

}  // namespace

Result<kernel::PolicyParams> selector_policy(const conf::Config& config,
                                             const conf::Selector& selector,
                                             const PolicyEndpoints& endpoints) {
  Plan scratch;
  const planning::Notes notes(scratch, selector);
  if (!selector.direction || !selector.src || !selector.dst || !selector.policy_index) {
    return fail(Error{EINVAL, fmt::format("selector '{}' is incomplete", selector.index)});
  }
  const conf::Policy* written = config.policy(selector.policy_index->name);
  if (written == nullptr) {
    return fail(Error{EINVAL, fmt::format("selector '{}': policy_index '{}' names no policy",
                                          selector.index, selector.policy_index->name)});
  }
  const conf::Policy policy = config.resolve_policy(*written);
  if (!policy.action) {
    return fail(Error{EINVAL, fmt::format("policy '{}' has no action", policy.index)});
  }
  auto params = planning::base_params(selector, policy, notes);
  if (!params) return fail(refused(scratch, "the selector cannot be installed"));
  params->selector.src = endpoints.src;
  params->selector.dst = endpoints.dst;
  params->lifetimes.hard.add_seconds = endpoints.hard_lifetime;
  if (params->action != kernel::PolicyAction::Ipsec) return std::move(*params);

  planning::TemplateSettings settings;
  settings.mode = endpoints.tunnel_src ? rct::IpsecMode::Tunnel : rct::IpsecMode::Transport;
  settings.level = policy.ipsec_level.value_or(rct::IpsecLevel::Require);
  settings.reqid = selector.reqid.value_or(0);
  settings.tunnel_src = endpoints.tunnel_src;
  settings.tunnel_dst = endpoints.tunnel_dst;
  auto templates = planning::ipsec_templates(config, policy, settings, notes);
  if (!templates) return fail(refused(scratch, "no SA templates"));
  params->templates = std::move(*templates);
  return std::move(*params);
}

}  // namespace rc::spmd
