// What a DNS answer teaches the name cache (reference §3.5, issue #7).
// Only answers the forwarder already believed (right upstream, ID and
// question) come here. From the question's name the CNAME chain in the
// answer section is followed (at most kMaxCnameChain links, each link's
// owner the previous link's target, so records about unrelated names that
// an upstream adds are ignored), and the A or AAAA records of its end are
// the addresses of every name on the chain. The TTL is the smallest on the
// way. NXDOMAIN and NOERROR without records of the asked type are facts
// too (RFC 2308): their TTL is the SOA's in the authority section
// (min(SOA TTL, SOA MINIMUM)), or kDefaultNegativeTtl without one.
// SERVFAIL, REFUSED, truncated answers, other types and classes teach
// nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dns/message.h"
#include "spmd/core/name_cache.h"

namespace rc::spmd {

inline constexpr std::size_t kMaxCnameChain = 8;
inline constexpr std::uint32_t kDefaultNegativeTtl = 60;

struct SnoopedName {
  std::string name;  // normalised, trailing dot
  Family family = Family::V4;
  DnsFacts facts;
  bool operator==(const SnoopedName&) const = default;
};

// Empty when the answer teaches nothing.
std::vector<SnoopedName> snoop_answer(const dns::Message& answer);

}  // namespace rc::spmd
