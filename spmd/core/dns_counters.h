// The counters spmif STAT reports (reference §3.4), with the original's
// names so old scripts that grep them keep working. The DNS proxy (issue
// #7) counts the DNS ones; the cache ones come from the NameCache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spmd/core/name_cache.h"

namespace rc::spmd {

struct DnsCounters {
  std::uint64_t query = 0;           // queries received from applications
  std::uint64_t response = 0;        // answers relayed back to them
  std::uint64_t query_proxy = 0;     // queries forwarded upstream
  std::uint64_t response_proxy = 0;  // answers received from upstream
  std::uint64_t expired_query = 0;   // forwarded queries that never got an answer
  std::uint64_t dup_query = 0;       // retransmissions of a query already forwarded
  // Drops by reason and the proxy's own work (issue #7); not in the original.
  std::uint64_t drop_malformed = 0;  // queries or answers that do not parse
  std::uint64_t drop_spoofed = 0;    // answers matching no query in flight (wrong ID,
                                     // question, or source address/port)
  std::uint64_t drop_late = 0;       // answers to a query that had already timed out
  std::uint64_t tcp_retry = 0;       // truncated answers asked again over TCP
  std::uint64_t refresh = 0;         // queries spmd sent itself for watched names
};

// "DNS QUERY = 3", ... then "CACHE IP ADDRESS = 2", "CACHE FQDN = 1",
// "CACHE TOTAL FQDN = 2", in the original's order, then the new counters
// ("DNS DROP MALFORMED = 0", ...) after them so scripts reading the
// original's lines by position keep working.
std::vector<std::string> stat_lines(const DnsCounters& dns, const NameCache& names);

}  // namespace rc::spmd
