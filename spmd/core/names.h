// What spmd knows about host names before any DNS (reference §3.3 step 2,
// §3.5): the hosts order of nsswitch.conf, the /etc/hosts entries, and the
// FQDN database with its address <-> name cache. The DNS proxy (issue #7)
// feeds the same cache.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {

// nsswitch.conf's `hosts:` line. Without the file (or the line), glibc's
// default "dns files" applies.
struct HostsOrder {
  bool files = true;         // read /etc/hosts
  bool dns = true;           // DNS proxying is allowed
  bool files_first = false;  // files listed before dns
  bool operator==(const HostsOrder&) const = default;
};
HostsOrder parse_nsswitch(std::string_view text);
// ENOENT -> the default above; other read errors are returned.
Result<HostsOrder> read_nsswitch(const std::string& path);

// One /etc/hosts line: the address, the canonical name and its aliases
// (all normalised: lower case, trailing dot). Malformed lines are skipped
// and counted.
struct HostsEntry {
  addr::IpAddress address;
  std::vector<std::string> names;
};
struct HostsFile {
  std::vector<HostsEntry> entries;
  std::size_t malformed = 0;
};
HostsFile parse_hosts(std::string_view text);
Result<HostsFile> read_hosts(const std::string& path);

// The FQDN database (names spmd watches: selectors' and FQDN ADD) and the
// cache of what they resolve to. Only watched names are cached.
class NameCache final : public NameLookup {
 public:
  // FQDN ADD / selector names; false if already watched.
  bool watch(const std::string& fqdn);
  // FQDN DELETE: also drops its cached addresses; false if not watched.
  bool unwatch(const std::string& fqdn);
  [[nodiscard]] bool watched(std::string_view fqdn) const;
  [[nodiscard]] std::vector<std::string> watched_names() const;  // in watch order

  // Replaces the addresses known for `fqdn` (a watched name; others are
  // ignored). Returns true when that changed anything.
  bool set_addresses(const std::string& fqdn, std::vector<addr::IpAddress> addresses);
  // Every /etc/hosts entry naming a watched name (canonical or alias).
  bool learn_hosts(const HostsFile& hosts);

  [[nodiscard]] std::vector<addr::IpAddress> addresses_of(std::string_view fqdn) const override;
  // FQDN QUERY: the watched names cached for `address`, in watch order.
  [[nodiscard]] std::vector<std::string> names_of(const addr::IpAddress& address) const;
  [[nodiscard]] std::size_t cached_addresses() const;  // STAT "CACHE IP ADDRESS"
  [[nodiscard]] std::size_t cached_names() const;      // STAT "CACHE FQDN"

 private:
  std::vector<std::string> order_;
  std::unordered_map<std::string, std::vector<addr::IpAddress>> addresses_;
};

}  // namespace rc::spmd
