// What spmd knows about host names before any DNS (reference §3.3 step 2,
// §3.5): the hosts order of nsswitch.conf and the /etc/hosts entries. The
// FQDN database that uses them is NameCache (name_cache.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"

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

}  // namespace rc::spmd
