// Expansion of config addresses into concrete ones at use time, and the
// matching the original's remote selection does against a peer address.
//
// Decisions (the original did not always make them explicit):
//  * MY_* macros become host prefixes (/32, /128). The original left them at
//    prefix 0, which as a selector would have meant "any".
//  * IP_ANY, IP_RW and IP_UNSPECIFIED become "::/0" then "0.0.0.0/0", with
//    the entry's port. AddrEntry::is_rw() keeps IP_RW visible to callers.
//  * "%ifname" naming no interface at all is an error (almost always a
//    typo). A known interface without a matching address gives an empty
//    list, because addresses appear later (DHCP, DAD, hotplug).
//  * A Linux alias label "eth0:1" counts as interface "eth0" for %eth0.
//  * On every platform, IPv6 addresses marked duplicated, detached or anycast
//    are skipped (the original's BSD-only filter); Linux cannot mark them.
//  * Matching uses plain prefix semantics: the original's rcs_matchaddr
//    ignored /0, /32 and /128 entries (only 1..31 and 1..127 were compared),
//    so a peer given by its plain address never matched there.
//  * Host names are not resolved here (spmd's resolver does that), so
//    expanding one is an error that says so; so is a UNIX socket path.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "addr/addr_entry.h"
#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "base/result.h"

namespace rc::addr {

// Endpoint: one concrete address a config entry stands for, with the prefix
// length and port that entry gave it, ready for a socket or a selector.
struct Endpoint {
  IpAddress address;               // host bits kept: it may be an address to bind
  std::uint8_t prefix_length = 0;  // 0 for the wildcards
  std::uint16_t port = 0;

  // The canonical network; a length past the family maximum counts as it.
  [[nodiscard]] Prefix prefix() const noexcept;
  // The wildcard rule: an unspecified address matches every address of its
  // family; otherwise the first prefix_length bits must be equal.
  [[nodiscard]] bool matches(const IpAddress& candidate) const noexcept;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

Result<std::vector<Endpoint>> expand(const AddrEntry& entry, const InterfaceSource& interfaces);
// The entries in order, concatenated; the first failing entry fails all.
Result<std::vector<Endpoint>> expand(std::span<const AddrEntry> entries,
                                     const InterfaceSource& interfaces);

// Does `address` fall under `pattern`? Numeric entries match by prefix (an
// unspecified address matches its whole family), macros are expanded and
// matched, host names and socket paths never match: like the original's
// remote lookup, which skipped anything not numeric. Fails only when the
// interface listing fails or names an unknown interface.
Result<bool> match(const AddrEntry& pattern, const IpAddress& address,
                   const InterfaceSource& interfaces);
// True when any entry matches.
Result<bool> match(std::span<const AddrEntry> patterns, const IpAddress& address,
                   const InterfaceSource& interfaces);

}  // namespace rc::addr

// "address[port]" or "address/len[port]", as the original logged addresses.
template <>
struct fmt::formatter<rc::addr::Endpoint> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const rc::addr::Endpoint& endpoint, FormatContext& ctx) const {
    if (endpoint.prefix_length >= endpoint.address.max_prefix_length()) {
      return fmt::format_to(ctx.out(), "{}[{}]", endpoint.address, endpoint.port);
    }
    return fmt::format_to(ctx.out(), "{}/{}[{}]", endpoint.address,
                          unsigned{endpoint.prefix_length}, endpoint.port);
  }
};
