#include "spmd/core/dns_counters.h"

#include <fmt/format.h>

namespace rc::spmd {

std::vector<std::string> stat_lines(const DnsCounters& dns, const NameCache& names) {
  std::size_t pairs = 0;  // (address, name) pairs: the original's "total FQDN"
  for (const std::string& name : names.watched_names()) pairs += names.addresses_of(name).size();
  return {
      fmt::format("DNS QUERY = {}", dns.query),
      fmt::format("DNS RESPONSE = {}", dns.response),
      fmt::format("DNS QUERY PROXY = {}", dns.query_proxy),
      fmt::format("DNS RESPONSE PROXY = {}", dns.response_proxy),
      fmt::format("DNS EXPIRED QUERY = {}", dns.expired_query),
      fmt::format("DNS DUP QUERY = {}", dns.dup_query),
      fmt::format("CACHE IP ADDRESS = {}", names.cached_addresses()),
      fmt::format("CACHE FQDN = {}", names.watched_names().size()),
      fmt::format("CACHE TOTAL FQDN = {}", pairs),
  };
}

}  // namespace rc::spmd
