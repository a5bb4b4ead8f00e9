// What a policy or an SA applies to: the traffic selector shared by the SPD,
// ACQUIRE events and transport-mode SAs.
#pragma once

#include <cstdint>

#include "addr/prefix.h"

namespace rc::kernel {

// Upper-layer protocol "any" (PF_KEY's IPSEC_ULPROTO_ANY, RC_PROTO_ANY).
// XFRM spells it 0; the back end converts.
inline constexpr std::uint8_t kAnyProtocol = 255;

struct Selector {
  addr::Prefix src;
  addr::Prefix dst;
  std::uint8_t protocol = kAnyProtocol;
  // 0 = any port. For ICMP/ICMPv6 the kernel keeps the type in sport and
  // the code in dport, as PF_KEY and XFRM both do.
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t ifindex = 0;  // 0 = any interface (XFRM only)

  bool operator==(const Selector&) const = default;
};

// The selector with source and destination swapped: the inbound twin of an
// outbound policy.
Selector reversed(const Selector& selector);

}  // namespace rc::kernel
