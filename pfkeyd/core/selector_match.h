// Does a packet fall under a selector, as Linux's xfrm_selector_match
// decides: both addresses inside their prefixes (same family), protocol
// equal unless the selector says any (255), each port equal unless the
// selector's is 0, the interface equal unless the selector's is 0.
#pragma once

#include "kernel/selector.h"

namespace rc::pfkeyd {

inline bool selector_matches(const kernel::Selector& rule, const kernel::Selector& packet) {
  if (!rule.src.contains(packet.src.address()) || !rule.dst.contains(packet.dst.address())) {
    return false;
  }
  if (rule.protocol != kernel::kAnyProtocol && rule.protocol != packet.protocol) return false;
  if (rule.src_port != 0 && rule.src_port != packet.src_port) return false;
  if (rule.dst_port != 0 && rule.dst_port != packet.dst_port) return false;
  return rule.ifindex == 0 || rule.ifindex == packet.ifindex;
}

}  // namespace rc::pfkeyd
