#include "addr/expand.h"

#include <algorithm>

namespace rc::addr {

namespace {

// The address states the original skipped on BSD. Tentative addresses are
// kept, as there: they become usable once duplicate detection finishes.
bool unusable_ipv6(const InterfaceAddress& entry) {
  return entry.address.is_v6() && (entry.duplicated || entry.detached || entry.anycast);
}

bool is_global_ipv6(const IpAddress& a) {
  return a.is_v6() && !a.is_link_local() && !a.is_site_local() && !a.is_multicast() &&
         !a.is_loopback() && !a.is_v4_compat() && !a.is_v4_mapped() && !a.is_unspecified();
}

bool macro_wants(Macro macro, const IpAddress& a) {
  switch (macro) {
    case Macro::my_ip:
    case Macro::my_hoa:
      return true;
    case Macro::my_ipv4:
      return a.is_v4();
    case Macro::my_ipv6:
      return a.is_v6();
    case Macro::my_ipv6_global:
      return is_global_ipv6(a);
    case Macro::my_ipv6_linklocal:
      return a.is_v6() && a.is_link_local();
    case Macro::ip_any:
    case Macro::ip_rw:
    case Macro::ip_unspecified:
      break;
  }
  return false;
}

// "eth0" selects the addresses of eth0 and of its Linux alias labels
// ("eth0:1"), which getifaddrs reports under the label.
bool on_interface(std::string_view wanted, std::string_view ifname) {
  if (ifname == wanted) return true;
  return ifname.size() > wanted.size() && ifname.substr(0, wanted.size()) == wanted &&
         ifname[wanted.size()] == ':';
}

Result<std::vector<Endpoint>> expand_interface_macro(const AddrEntry::MacroRef& ref,
                                                     std::uint16_t port,
                                                     const InterfaceSource& interfaces) {
  auto snapshot = interfaces.snapshot();
  if (!snapshot) return fail(std::move(snapshot).error());
  if (!ref.ifname.empty() && !snapshot->has_interface(ref.ifname)) {
    return fail(Error::invalid(fmt::format("{}%{}: this host has no interface named {}",
                                           macro_name(ref.macro), ref.ifname, ref.ifname)));
  }
  std::vector<Endpoint> out;
  for (const auto& entry : snapshot->addresses) {
    if (!ref.ifname.empty() && !on_interface(ref.ifname, entry.ifname)) continue;
    if (unusable_ipv6(entry) || !macro_wants(ref.macro, entry.address)) continue;
    IpAddress address = entry.address;
    // A link-local address is useless without its link; a source that gave
    // none still told us the interface.
    if (address.is_v6() && address.is_link_local() && !address.has_scope()) {
      if (auto named = address.with_scope_name(entry.ifname)) address = *named;
    }
    out.push_back(Endpoint{address, static_cast<std::uint8_t>(address.max_prefix_length()), port});
  }
  return out;
}

std::vector<Endpoint> expand_wildcard(std::uint16_t port) {
  // The original's order: IPv6 first.
  return {Endpoint{IpAddress::unspecified(Family::v6), 0, port},
          Endpoint{IpAddress::unspecified(Family::v4), 0, port}};
}

}  // namespace

Prefix Endpoint::prefix() const noexcept {
  const unsigned length = std::min<unsigned>(prefix_length, address.max_prefix_length());
  auto made = Prefix::make(address, length);
  return made ? *made : Prefix::host(address);
}

bool Endpoint::matches(const IpAddress& candidate) const noexcept {
  if (address.family() != candidate.family()) return false;
  return address.is_unspecified() || prefix_match(address, candidate, prefix_length);
}

Result<std::vector<Endpoint>> expand(const AddrEntry& entry, const InterfaceSource& interfaces) {
  if (const auto* inet = entry.as_inet()) {
    return std::vector<Endpoint>{Endpoint{inet->address, inet->prefix_length, entry.port()}};
  }
  if (const auto* ref = entry.as_macro()) {
    if (is_wildcard_macro(ref->macro)) return expand_wildcard(entry.port());
    return expand_interface_macro(*ref, entry.port(), interfaces);
  }
  if (const auto* fqdn = entry.as_fqdn()) {
    return fail(Error::invalid(fmt::format(
        "the host name {} has no addresses yet: names are resolved by spmd's resolver, not "
        "expanded like macros",
        fqdn->name)));
  }
  return fail(Error::invalid(
      fmt::format("{} is a UNIX socket path, not an IP address", entry.to_string())));
}

Result<std::vector<Endpoint>> expand(std::span<const AddrEntry> entries,
                                     const InterfaceSource& interfaces) {
  std::vector<Endpoint> out;
  for (const auto& entry : entries) {
    auto expanded = expand(entry, interfaces);
    if (!expanded) return fail(std::move(expanded).error());
    out.insert(out.end(), expanded->begin(), expanded->end());
  }
  return out;
}

Result<bool> match(const AddrEntry& pattern, const IpAddress& address,
                   const InterfaceSource& interfaces) {
  if (pattern.type() == AddrType::fqdn || pattern.type() == AddrType::file) return false;
  auto expanded = expand(pattern, interfaces);
  if (!expanded) return fail(std::move(expanded).error());
  return std::any_of(expanded->begin(), expanded->end(),
                     [&address](const Endpoint& e) { return e.matches(address); });
}

Result<bool> match(std::span<const AddrEntry> patterns, const IpAddress& address,
                   const InterfaceSource& interfaces) {
  for (const auto& pattern : patterns) {
    auto matched = match(pattern, address, interfaces);
    if (!matched) return matched;
    if (*matched) return true;
  }
  return false;
}

}  // namespace rc::addr
