// Security policies (the SPD) as the key engine sees them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "addr/ip_address.h"
#include "kernel/lifetime.h"
#include "kernel/selector.h"
#include "rct/types.h"

namespace rc::kernel {

// XFRM and PF_KEY both give a policy a numeric index; racoon2 calls it the
// SPID. 0 means "none yet" (add) or "not known".
using Spid = std::uint32_t;

enum class PolicyAction : std::uint8_t {
  Ipsec,    // apply the templates
  Bypass,   // let the traffic through without IPsec (racoon2's action none)
  Discard,  // drop it
};

// One IPsec transformation a policy asks for (PF_KEY's ipsecrequest, XFRM's
// xfrm_user_tmpl).
struct PolicyTemplate {
  rct::SaType protocol = rct::SaType::Esp;  // Esp, Ah or Ipcomp
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  rct::IpsecLevel level = rct::IpsecLevel::Require;
  // Tunnel endpoints; unset in transport mode.
  std::optional<addr::IpAddress> tunnel_src;
  std::optional<addr::IpAddress> tunnel_dst;
  std::uint32_t reqid = 0;  // 0 = none (level unique gets one from the engine)

  bool operator==(const PolicyTemplate&) const = default;
};

struct PolicyParams {
  Selector selector;
  rct::Direction direction = rct::Direction::Outbound;  // Outbound or Inbound
  PolicyAction action = PolicyAction::Ipsec;
  // Lower numbers win. 0 asks for the engine's default.
  std::uint32_t priority = 0;
  // In the order the kernel applies them to an outbound packet: innermost
  // first (IPComp, then ESP, then AH), as `ip xfrm policy` lists them.
  std::vector<PolicyTemplate> templates;
  Lifetimes lifetimes;
  // add: 0 lets the engine choose the SPID. update/get/delete name the
  // policy by it.
  Spid spid = 0;

  bool operator==(const PolicyParams&) const = default;
};

struct PolicyInfo {
  PolicyParams params;  // params.spid is set
  LifetimeCurrent current;
};

}  // namespace rc::kernel
