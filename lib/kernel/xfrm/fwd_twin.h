// Linux checks forwarded packets against a third SPD direction, FWD, that
// PF_KEY/KAME systems do not have: there, inbound policies cover forwarded
// traffic too. The XFRM engine keeps that meaning by giving some inbound
// policies a FWD twin it installs, replaces and removes with them and never
// shows to callers:
//
//  - an inbound IPsec policy with a tunnel-mode template: without a FWD
//    policy the kernel drops every decapsulated packet it forwards (it came
//    out of a tunnel SA and no policy allows it), so a gateway could not
//    pass tunnel traffic on. The original racoon2 on Linux, strongSwan and
//    libreswan all add this FWD policy, with the same templates.
//  - an inbound bypass or discard policy: on KAME it also exempts or drops
//    forwarded packets; on Linux a bypass without a twin would be overruled
//    by a broader tunnel policy's FWD twin, and a discard would let
//    forwarded traffic through.
//
// Inbound transport-mode IPsec policies get none: transport SAs end at this
// host, so a FWD copy could only drop forwarded traffic that matches it.
#pragma once

#include "kernel/policy.h"

namespace rc::kernel::xfrm {

bool needs_fwd_twin(const PolicyParams& policy);

// The twin: same selector, action, priority, templates and lifetimes;
// direction FWD and an index of the kernel's choosing.
PolicyParams fwd_twin(const PolicyParams& inbound);

}  // namespace rc::kernel::xfrm
