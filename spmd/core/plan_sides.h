// The src and dst of a selector as kernel prefixes (reference §3.3):
//
// - a numeric entry is its network: the written prefix with the host bits
//   cleared, the full host prefix when none was written;
// - a host name stands for the addresses NameLookup knows for it now, each
//   as a host prefix; none known means "wait for the name";
// - IP_ANY, IP_RW and IP_UNSPECIFIED on one side stand for the unspecified
//   address of the other side's family with prefix 0, as the original
//   (IP_RW only means "dynamic" for tunnel end points, not here);
// - every other macro (MY_IP, MY_IPV6 ...) is refused, as the original
//   refused it: a selector on "this host's addresses" changes with every
//   address change, which the static plan cannot follow.
//
// Each side keeps the port written after it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "addr/addr_entry.h"
#include "addr/prefix.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd::planning {

struct Side {
  enum class Kind : std::uint8_t {
    Prefixes,  // `prefixes` holds at least one network
    Wildcard,  // the other side's family, prefix 0
    Waiting,   // a host name with no address known yet
    Refused,   // `problem` says why
  };
  Kind kind = Kind::Refused;
  std::vector<addr::Prefix> prefixes;
  std::uint16_t port = 0;
  std::string fqdn;     // the normalised name when the entry is a host name
  std::string problem;  // for Refused: a sentence for the administrator
};

Side resolve_side(const addr::AddrEntry& entry, const NameLookup& names);

struct PrefixPair {
  addr::Prefix src;
  addr::Prefix dst;
  bool operator==(const PrefixPair&) const = default;
};

// Every (src, dst) combination of one family, src-major, without repeats.
// A Wildcard side takes the other side's family; two Wildcard sides give
// nothing (the caller reports that before).
std::vector<PrefixPair> pair_sides(const Side& src, const Side& dst);

}  // namespace rc::spmd::planning
