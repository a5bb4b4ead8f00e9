#include "kernel/xfrm/fwd_twin.h"

#include <algorithm>

namespace rc::kernel::xfrm {

bool needs_fwd_twin(const PolicyParams& policy) {
  if (policy.direction != rct::Direction::Inbound) return false;
  if (policy.action != PolicyAction::Ipsec) return true;
  return std::any_of(policy.templates.begin(), policy.templates.end(),
                     [](const PolicyTemplate& t) { return t.mode == rct::IpsecMode::Tunnel; });
}

PolicyParams fwd_twin(const PolicyParams& inbound) {
  PolicyParams twin = inbound;
  twin.direction = rct::Direction::Fwd;
  twin.spid = 0;
  return twin;
}

}  // namespace rc::kernel::xfrm
