#include "spmd/core/plan_templates.h"

#include <array>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "addr/expand.h"
#include "rct/names.h"

namespace rc::spmd::planning {
namespace {

// The addresses one tunnel end point stands for now; nullopt when it cannot
// be a tunnel end (noted).
std::optional<std::vector<addr::IpAddress>> end_candidates(const conf::Policy& policy,
                                                           std::string_view directive,
                                                           const addr::AddrEntry& entry,
                                                           const addr::InterfaceSource& interfaces,
                                                           const Notes& notes) {
  const auto refuse = [&](std::string_view why) {
    notes.warning(
        fmt::format("policy '{}' {} {} {}; selector skipped", policy.index, directive, entry, why));
    return std::nullopt;
  };
  // A prefix written after an end point means nothing for a tunnel: the
  // address is taken as written.
  if (const auto* inet = entry.as_inet()) return std::vector<addr::IpAddress>{inet->address};
  if (entry.as_fqdn() != nullptr) {
    return refuse("is a host name; tunnel end points must be addresses (names are not resolved)");
  }
  if (entry.as_file() != nullptr) return refuse("is a socket path, not an address");
  if (entry.is_wildcard()) return refuse("is a wildcard; a tunnel needs a concrete end point");
  auto expanded = addr::expand(entry, interfaces);
  if (!expanded) return refuse(fmt::format("cannot be expanded: {}", expanded.error().message));
  std::vector<addr::IpAddress> addresses;
  for (const addr::Endpoint& endpoint : *expanded) addresses.push_back(endpoint.address);
  if (addresses.empty()) return refuse("stands for no address of this host now");
  return addresses;
}

std::size_t count_family(const std::vector<addr::IpAddress>& list, addr::Family family) {
  std::size_t count = 0;
  for (const auto& address : list) count += address.family() == family ? 1U : 0U;
  return count;
}

// Innermost first (policy.h): the slot of each protocol in the template list.
std::optional<std::size_t> bundle_slot(rct::SaType protocol) {
  switch (protocol) {
    case rct::SaType::Ipcomp:
      return 0;
    case rct::SaType::Esp:
      return 1;
    case rct::SaType::Ah:
      return 2;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<TunnelEnds> tunnel_ends(const conf::Policy& resolved,
                                      const addr::InterfaceSource& interfaces, const Notes& notes) {
  for (const auto& [directive, entry] : {std::pair{"my_sa_ipaddr", &resolved.my_sa_ipaddr},
                                         std::pair{"peers_sa_ipaddr", &resolved.peers_sa_ipaddr}}) {
    if (!*entry) {
      notes.warning(fmt::format("policy '{}' uses tunnel mode but has no {}; selector skipped",
                                resolved.index, directive));
      return std::nullopt;
    }
  }
  auto mine = end_candidates(resolved, "my_sa_ipaddr", *resolved.my_sa_ipaddr, interfaces, notes);
  if (!mine) return std::nullopt;
  auto peers =
      end_candidates(resolved, "peers_sa_ipaddr", *resolved.peers_sa_ipaddr, interfaces, notes);
  if (!peers) return std::nullopt;
  // The peer's end decides the outer family (usually a literal address);
  // ours follows it, so MY_IP on a dual-stack host picks the right one.
  for (const addr::IpAddress& peer : *peers) {
    for (const addr::IpAddress& own : *mine) {
      if (own.family() != peer.family()) continue;
      for (const auto& [directive, entry, list] :
           {std::tuple{"my_sa_ipaddr", &*resolved.my_sa_ipaddr, &*mine},
            std::tuple{"peers_sa_ipaddr", &*resolved.peers_sa_ipaddr, &*peers}}) {
        const std::size_t count = count_family(*list, peer.family());
        if (count > 1) {
          notes.warning(
              fmt::format("policy '{}' {} {} stands for {} {} addresses; the tunnel "
                          "uses {}",
                          resolved.index, directive, *entry, count,
                          addr::family_name(peer.family()), list == &*mine ? own : peer));
        }
      }
      return TunnelEnds{own, peer};
    }
  }
  notes.warning(
      fmt::format("policy '{}' my_sa_ipaddr {} and peers_sa_ipaddr {} have no address "
                  "of one family; selector skipped",
                  resolved.index, *resolved.my_sa_ipaddr, *resolved.peers_sa_ipaddr));
  return std::nullopt;
}

std::optional<std::vector<kernel::PolicyTemplate>> ipsec_templates(const conf::Config& config,
                                                                   const conf::Policy& resolved,
                                                                   const TemplateSettings& settings,
                                                                   const Notes& notes) {
  const auto skip = [&notes](const std::string& why) {
    notes.warning(why + "; selector skipped");
    return std::nullopt;
  };
  if (!resolved.ipsec_index || resolved.ipsec_index->empty()) {
    return skip(fmt::format("policy '{}' has no ipsec_index", resolved.index));
  }
  const conf::Ref& first = resolved.ipsec_index->front();
  const conf::Ipsec* ipsec = config.ipsec(first.name);
  if (ipsec == nullptr) {
    return skip(fmt::format("policy '{}' ipsec_index '{}' ({}) names no ipsec section",
                            resolved.index, first.name, first.location));
  }
  const conf::Ipsec bundle = config.resolve_ipsec(*ipsec);
  if (!bundle.sa_index || bundle.sa_index->empty()) {
    return skip(fmt::format("ipsec '{}' ({}) has no sa_index", ipsec->index, ipsec->location));
  }

  std::array<std::optional<rct::SaType>, 3> slots;
  std::array<std::string, 3> slot_owner;
  for (const conf::Ref& ref : *bundle.sa_index) {
    const conf::Sa* sa = config.sa(ref.name);
    if (sa == nullptr) {
      return skip(fmt::format("ipsec '{}' sa_index '{}' ({}) names no sa section", ipsec->index,
                              ref.name, ref.location));
    }
    const auto protocol = config.resolve_sa(*sa).sa_protocol;
    const auto slot = protocol ? bundle_slot(*protocol) : std::nullopt;
    if (!slot) {
      return skip(fmt::format("sa '{}' ({}) has no sa_protocol esp, ah or ipcomp", sa->index,
                              sa->location));
    }
    if (slots.at(*slot)) {
      return skip(
          fmt::format("ipsec '{}' lists two {} sa blocks ('{}' and '{}'); at most one per "
                      "protocol",
                      ipsec->index, rct::display_name(*protocol), slot_owner.at(*slot), sa->index));
    }
    slots.at(*slot) = protocol;
    slot_owner.at(*slot) = sa->index;
  }

  std::vector<kernel::PolicyTemplate> templates;
  for (const auto& protocol : slots) {
    if (!protocol) continue;
    kernel::PolicyTemplate tmpl;
    tmpl.protocol = *protocol;
    tmpl.level = settings.level;
    tmpl.reqid = settings.reqid;
    tmpl.mode = rct::IpsecMode::Transport;
    if (settings.mode == rct::IpsecMode::Tunnel && templates.empty()) {
      tmpl.mode = rct::IpsecMode::Tunnel;
      tmpl.tunnel_src = settings.tunnel_src;
      tmpl.tunnel_dst = settings.tunnel_dst;
    }
    templates.push_back(tmpl);
  }
  return templates;
}

}  // namespace rc::spmd::planning
