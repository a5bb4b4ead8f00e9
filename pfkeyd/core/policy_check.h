// What the kernel refuses in a policy (EINVAL, as af_key and XFRM answer),
// and what it silently drops: the templates of a bypass or discard policy
// (af_key reads ipsecrequests only for IPSEC_POLICY_IPSEC).
#pragma once

#include "base/result.h"
#include "kernel/policy.h"

namespace rc::pfkeyd {

// Linux's XFRM_MAX_DEPTH: templates one policy may hold.
inline constexpr std::size_t kMaxTemplates = 6;

// The policy as the SPD will hold it, or why it cannot.
Result<kernel::PolicyParams> checked_policy(const kernel::PolicyParams& policy);

}  // namespace rc::pfkeyd
