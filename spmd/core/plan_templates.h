// The SA templates of an ipsec policy (reference §2.4, §3.3):
//
// - the kernel policy follows the policy's FIRST ipsec_index only, as the
//   original (pl->ips): the others are alternatives for the KMP to offer,
//   and a kernel policy cannot say "ESP or AH";
// - one template per sa_index entry, ordered innermost first as the kernel
//   applies them to an outbound packet: IPComp, then ESP, then AH. (The
//   original sent ESP before IPComp, which compressed already encrypted
//   data: one of the bundle bugs BUGS mentions.);
// - every template gets the policy's ipsec_level and the selector's reqid;
// - tunnel mode: the innermost template carries the tunnel and its end
//   points, the outer ones are transport mode over the tunnel's outer
//   header, as the original and Linux both build bundles.
//
// Tunnel end points are single addresses: a numeric one as written, or a
// MY_* macro expanded now (first address of the other end's family). A
// wildcard end point (IP_ANY) cannot be a tunnel end and a host name is
// never resolved (the original refused both); IP_RW is the caller's skip.
#pragma once

#include <optional>
#include <vector>

#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "conf/config.h"
#include "kernel/policy.h"
#include "spmd/core/plan_notes.h"

namespace rc::spmd::planning {

struct TunnelEnds {
  addr::IpAddress mine;
  addr::IpAddress peers;
};

// nullopt: the selector is skipped; `notes` says why.
std::optional<TunnelEnds> tunnel_ends(const conf::Policy& resolved,
                                      const addr::InterfaceSource& interfaces, const Notes& notes);

struct TemplateSettings {
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  rct::IpsecLevel level = rct::IpsecLevel::Require;
  std::uint32_t reqid = 0;
  // Tunnel mode: the outer source and destination in this policy's
  // direction (mine -> peers outbound, peers -> mine inbound).
  std::optional<addr::IpAddress> tunnel_src;
  std::optional<addr::IpAddress> tunnel_dst;
};

// nullopt: the selector is skipped; `notes` says why.
std::optional<std::vector<kernel::PolicyTemplate>> ipsec_templates(const conf::Config& config,
                                                                   const conf::Policy& resolved,
                                                                   const TemplateSettings& settings,
                                                                   const Notes& notes);

}  // namespace rc::spmd::planning
