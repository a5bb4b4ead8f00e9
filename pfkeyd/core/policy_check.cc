#include "policy_check.h"

#include <cerrno>

#include <fmt/format.h>

#include "sa_check.h"

namespace rc::pfkeyd {
namespace {

Error invalid(std::string message) {
  return Error{EINVAL, std::move(message)};
}

Result<void> check_template(const kernel::PolicyTemplate& tmpl, std::size_t index) {
  if (!is_single_sa_type(tmpl.protocol)) {
    return fail(invalid(
        fmt::format("template {} is a bundle; each template is ESP, AH or IPComp", index + 1)));
  }
  if (tmpl.level != rct::IpsecLevel::Unique && tmpl.level != rct::IpsecLevel::Require &&
      tmpl.level != rct::IpsecLevel::Use) {
    return fail(invalid(fmt::format("template {} has no valid level", index + 1)));
  }
  switch (tmpl.mode) {
    case rct::IpsecMode::Transport:
      break;
    case rct::IpsecMode::Tunnel:
      if (!tmpl.tunnel_src || !tmpl.tunnel_dst) {
        return fail(invalid(fmt::format("tunnel template {} has no endpoints", index + 1)));
      }
      break;
    default:
      return fail(invalid(fmt::format("template {} is neither transport nor tunnel", index + 1)));
  }
  if (tmpl.tunnel_src && tmpl.tunnel_dst &&
      tmpl.tunnel_src->family() != tmpl.tunnel_dst->family()) {
    return fail(invalid(fmt::format("template {} mixes address families", index + 1)));
  }
  return ok();
}

}  // namespace

Result<kernel::PolicyParams> checked_policy(const kernel::PolicyParams& policy) {
  if (policy.direction != rct::Direction::Outbound && policy.direction != rct::Direction::Inbound &&
      policy.direction != rct::Direction::Fwd) {
    return fail(invalid("a policy is inbound, outbound or fwd"));
  }
  if (policy.selector.src.family() != policy.selector.dst.family()) {
    return fail(invalid("the policy's selector mixes address families"));
  }
  kernel::PolicyParams held = policy;
  switch (policy.action) {
    case kernel::PolicyAction::Ipsec:
      if (policy.templates.size() > kMaxTemplates) {
        return fail(invalid(fmt::format("{} templates; the kernel takes at most {}",
                                        policy.templates.size(), kMaxTemplates)));
      }
      for (std::size_t i = 0; i < policy.templates.size(); ++i) {
        if (auto checked = check_template(policy.templates[i], i); !checked) {
          return fail(std::move(checked).error());
        }
      }
      break;
    case kernel::PolicyAction::Bypass:
    case kernel::PolicyAction::Discard:
      held.templates.clear();
      break;
    default:
      return fail(invalid("the policy's action is not ipsec, bypass or discard"));
  }
  return held;
}

}  // namespace rc::pfkeyd
