#include "spmd/core/plan_sides.h"

#include <algorithm>

#include <fmt/format.h>

namespace rc::spmd::planning {
namespace {

Side refused(std::string problem) {
  Side side;
  side.kind = Side::Kind::Refused;
  side.problem = std::move(problem);
  return side;
}

Side from_name(const addr::AddrEntry::Fqdn& name, const NameLookup& names) {
  Side side;
  side.fqdn = normalise_fqdn(name.name);
  // A name may map to the same address twice (A records from two sources).
  for (const addr::IpAddress& address : names.addresses_of(side.fqdn)) {
    const addr::Prefix host = addr::Prefix::host(address);
    if (std::find(side.prefixes.begin(), side.prefixes.end(), host) == side.prefixes.end()) {
      side.prefixes.push_back(host);
    }
  }
  side.kind = side.prefixes.empty() ? Side::Kind::Waiting : Side::Kind::Prefixes;
  return side;
}

}  // namespace

Side resolve_side(const addr::AddrEntry& entry, const NameLookup& names) {
  Side side;
  if (const auto* inet = entry.as_inet()) {
    auto prefix = addr::Prefix::make(inet->address, inet->prefix_length);
    if (!prefix) return refused(prefix.error().message);
    side.kind = Side::Kind::Prefixes;
    side.prefixes.push_back(*prefix);
  } else if (const auto* name = entry.as_fqdn()) {
    side = from_name(*name, names);
  } else if (entry.is_wildcard()) {
    side.kind = Side::Kind::Wildcard;
  } else if (entry.as_macro() != nullptr) {
    return refused(
        fmt::format("macro {} cannot be a selector address; only IP_ANY and IP_RW "
                    "(any address) can",
                    entry));
  } else {
    return refused(fmt::format("{} is a socket path, not an address", entry));
  }
  side.port = entry.port();
  return side;
}

std::vector<PrefixPair> pair_sides(const Side& src, const Side& dst) {
  std::vector<PrefixPair> pairs;
  const auto add = [&pairs](const addr::Prefix& s, const addr::Prefix& d) {
    const PrefixPair pair{s, d};
    if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) pairs.push_back(pair);
  };
  // The unspecified address with prefix 0: every address of that family.
  const auto wildcard_like = [](const addr::Prefix& other) {
    auto any = addr::Prefix::make(addr::IpAddress::unspecified(other.family()), 0);
    return any ? *any : addr::Prefix();
  };
  if (src.kind == Side::Kind::Wildcard && dst.kind == Side::Kind::Prefixes) {
    for (const auto& d : dst.prefixes) add(wildcard_like(d), d);
  } else if (src.kind == Side::Kind::Prefixes && dst.kind == Side::Kind::Wildcard) {
    for (const auto& s : src.prefixes) add(s, wildcard_like(s));
  } else if (src.kind == Side::Kind::Prefixes && dst.kind == Side::Kind::Prefixes) {
    for (const auto& s : src.prefixes) {
      for (const auto& d : dst.prefixes) {
        if (s.family() == d.family()) add(s, d);
      }
    }
  }
  return pairs;
}

}  // namespace rc::spmd::planning
