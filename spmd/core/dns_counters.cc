#include "spmd/core/dns_counters.h"

#include <fmt/format.h>

namespace rc::spmd {

std::vector<std::string> stat_lines(const DnsCounters& dns, const NameCache& names) {
  return {
      fmt::format("DNS QUERY = {}", dns.query),
      fmt::format("DNS RESPONSE = {}", dns.response),
      fmt::format("DNS QUERY PROXY = {}", dns.query_proxy),
      fmt::format("DNS RESPONSE PROXY = {}", dns.response_proxy),
      fmt::format("DNS EXPIRED QUERY = {}", dns.expired_query),
      fmt::format("DNS DUP QUERY = {}", dns.dup_query),
      fmt::format("CACHE IP ADDRESS = {}", names.cached_addresses()),
      fmt::format("CACHE FQDN = {}", names.watched_names().size()),
      // (name, address) pairs: the original's "total FQDN".
      fmt::format("CACHE TOTAL FQDN = {}", names.cached_pairs()),
      fmt::format("DNS DROP MALFORMED = {}", dns.drop_malformed),
      fmt::format("DNS DROP SPOOFED = {}", dns.drop_spoofed),
      fmt::format("DNS DROP LATE = {}", dns.drop_late),
      fmt::format("DNS TCP RETRY = {}", dns.tcp_retry),
      fmt::format("DNS REFRESH = {}", dns.refresh),
  };
}

}  // namespace rc::spmd
