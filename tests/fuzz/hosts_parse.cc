// Fuzzes spmd's readers of /etc/hosts and nsswitch.conf (both files are
// outside input that reaches the FQDN database) and the cache that takes
// the hosts entries:
// - every hosts entry has an address and 1+ distinct names, each a valid
//   DNS name in the cache's form (lower case, trailing dot), and written
//   back as a hosts line it parses to the same entry;
// - the cache given the entries knows a watched name by exactly the
//   addresses of the lines naming it (within its bounds), finds the name
//   again from each address, and reading the same file twice changes
//   nothing;
// - a parsed nsswitch order is consistent and survives being written as a
//   hosts: line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "addr/names.h"
#include "spmd/core/name_cache.h"
#include "spmd/core/names.h"

namespace {

namespace spmd = rc::spmd;
using rc::addr::IpAddress;

constexpr std::size_t kWatched = 16;
constexpr std::size_t kPerName = 4;

bool in_cache_form(std::string_view name) {
  return !name.empty() && name.back() == '.' &&
         std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string hosts_line(const spmd::HostsEntry& entry) {
  std::string line = entry.address.to_string();
  for (const std::string& name : entry.names) line += " " + name;
  return line + "\n";
}

void check_entries(const spmd::HostsFile& hosts, std::string_view text) {
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (hosts.entries.size() + hosts.malformed > lines) __builtin_trap();
  for (const spmd::HostsEntry& entry : hosts.entries) {
    if (entry.names.empty()) __builtin_trap();
    const std::set<std::string> distinct(entry.names.begin(), entry.names.end());
    if (distinct.size() != entry.names.size()) __builtin_trap();
    for (const std::string& name : entry.names) {
      if (!rc::addr::check_dns_name(name) || !in_cache_form(name)) __builtin_trap();
    }
    const spmd::HostsFile again = spmd::parse_hosts(hosts_line(entry));
    if (again.malformed != 0 || again.entries.size() != 1) __builtin_trap();
    if (again.entries[0].address != entry.address || again.entries[0].names != entry.names) {
      __builtin_trap();
    }
  }
}

// The addresses the lines give `name`, as the cache keeps them: sorted,
// unique, at most kPerName of each family.
std::vector<IpAddress> expected_addresses(const spmd::HostsFile& hosts, const std::string& name) {
  std::set<IpAddress> all;
  for (const spmd::HostsEntry& entry : hosts.entries) {
    if (std::find(entry.names.begin(), entry.names.end(), name) != entry.names.end()) {
      all.insert(entry.address);
    }
  }
  std::vector<IpAddress> kept;
  std::size_t v4 = 0;
  std::size_t v6 = 0;
  for (const IpAddress& address : all) {
    std::size_t& count = address.is_v4() ? v4 : v6;
    if (count++ < kPerName) kept.push_back(address);
  }
  return kept;
}

void check_cache(const spmd::HostsFile& hosts) {
  spmd::NameCache cache(
      spmd::HostsOrder{.files = true, .dns = true, .files_first = true},
      spmd::NameCache::Limits{.max_names = kWatched, .max_addresses_per_name = kPerName});
  for (const spmd::HostsEntry& entry : hosts.entries) {
    for (const std::string& name : entry.names) {
      if (cache.watch(name) == spmd::NameCache::WatchResult::BadName) __builtin_trap();
    }
  }
  const std::vector<std::string> watched = cache.watched_names();
  if (watched.size() > kWatched) __builtin_trap();
  const std::vector<std::string> changed = cache.set_hosts(hosts);
  if (changed.size() > watched.size()) __builtin_trap();
  for (const std::string& name : watched) {
    const std::vector<IpAddress> addresses = cache.addresses_of(name);
    if (addresses != expected_addresses(hosts, name)) __builtin_trap();
    // Changed exactly when it has addresses now (it had none before).
    const bool listed = std::find(changed.begin(), changed.end(), name) != changed.end();
    if (listed == addresses.empty()) __builtin_trap();
    for (const IpAddress& address : addresses) {
      const std::vector<std::string> names = cache.names_of(address);
      if (std::find(names.begin(), names.end(), name) == names.end()) __builtin_trap();
    }
  }
  if (!cache.set_hosts(hosts).empty()) __builtin_trap();
  if (cache.cached_names() > watched.size()) __builtin_trap();
  if (cache.cached_pairs() < cache.cached_addresses()) __builtin_trap();
}

void check_nsswitch(std::string_view text) {
  const spmd::HostsOrder order = spmd::parse_nsswitch(text);
  if (order.files_first && !order.files) __builtin_trap();
  if (order.files && !order.dns && !order.files_first)
    __builtin_trap();  // files alone has priority
  std::string line = "hosts:";
  if (order.files_first) {
    line += " files";
    if (order.dns) line += " dns";
  } else {
    if (order.dns) line += " dns";
    if (order.files) line += " files";
  }
  if (!order.files && !order.dns) line += " myhostname";  // neither: some other source
  if (!(spmd::parse_nsswitch(line + "\n") == order)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the fuzzer's bytes as text
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const spmd::HostsFile hosts = spmd::parse_hosts(text);
  check_entries(hosts, text);
  check_cache(hosts);
  check_nsswitch(text);
  return 0;
}
