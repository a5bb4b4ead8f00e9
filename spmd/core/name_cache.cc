// The FQDN database and its cache. Each watched name keeps what every
// source says separately (NameState) and its addresses are merged on
// demand, so a hosts re-read or a DNS answer only ever replaces its own
// part and nsswitch's order is applied in one place (effective()).
//
// Choices:
// - /etc/hosts addresses are bounded per family like DNS ones, so one
//   source cannot hold more than Limits says whatever the file holds;
// - an Addresses fact without an address of its family says the same as
//   NoData and is kept as NoData;
// - a name watched after set_hosts() has no hosts addresses until the next
//   set_hosts(): only watched names are stored, so the cache cannot keep a
//   whole hosts file for names that might be watched later (PolicyService
//   reads the file again after every watch);
// - names_of() scans the entries: it serves FQDN QUERY only, and a reverse
//   index would have to be kept right through every source's changes.
#include "spmd/core/name_cache.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <unordered_map>
#include <utility>

#include "addr/names.h"

namespace rc::spmd {
namespace {

bool is_normalised(std::string_view name) {
  return !name.empty() && name.back() == '.' &&
         std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool of_family(const addr::IpAddress& address, Family family) {
  return family == Family::V4 ? address.is_v4() : address.is_v6();
}

// Sorted, without duplicates, and at most `limit` addresses of each family.
std::vector<addr::IpAddress> bounded(std::vector<addr::IpAddress> addresses, std::size_t limit) {
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  std::size_t v4 = 0;
  std::size_t v6 = 0;
  std::erase_if(addresses, [&](const addr::IpAddress& address) {
    std::size_t& count = address.is_v4() ? v4 : v6;
    return count++ >= limit;
  });
  return addresses;
}

// Names from the planner and the DNS snooper are normalised already:
// looked up without building a string.
template <class Entries>
auto find_in(Entries& entries, std::string_view fqdn) {
  return is_normalised(fqdn) ? entries.find(fqdn) : entries.find(normalise_fqdn(fqdn));
}

void append_dns(std::vector<addr::IpAddress>& out, const std::optional<NameCache::DnsState>& dns) {
  if (dns && dns->kind == DnsFacts::Kind::Addresses) {
    out.insert(out.end(), dns->addresses.begin(), dns->addresses.end());
  }
}

}  // namespace

NameCache::NameCache(HostsOrder order, Limits limits) : order_(order), limits_(limits) {}

const NameCache::Entry* NameCache::find(std::string_view fqdn) const {
  const auto it = find_in(entries_, fqdn);
  return it == entries_.end() ? nullptr : &it->second;
}

NameCache::Entry* NameCache::find(std::string_view fqdn) {
  const auto it = find_in(entries_, fqdn);
  return it == entries_.end() ? nullptr : &it->second;
}

NameCache::WatchResult NameCache::watch(std::string_view fqdn) {
  // Names too long or badly formed can never match a DNS answer or a hosts
  // line, and refusing them bounds what an spmif client can store.
  if (!addr::check_dns_name(fqdn)) return WatchResult::BadName;
  if (find(fqdn) != nullptr) return WatchResult::AlreadyWatched;
  if (full()) return WatchResult::Full;
  entries_.emplace(normalise_fqdn(fqdn), Entry{next_sequence_++, {}});
  return WatchResult::Added;
}

bool NameCache::unwatch(std::string_view fqdn) {
  const auto it = find_in(entries_, fqdn);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

bool NameCache::watched(std::string_view fqdn) const {
  return find(fqdn) != nullptr;
}

std::vector<std::string> NameCache::watched_names() const {
  std::vector<std::pair<std::size_t, const std::string*>> ordered;
  ordered.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) ordered.emplace_back(entry.sequence, &name);
  std::sort(ordered.begin(), ordered.end());
  std::vector<std::string> names;
  names.reserve(ordered.size());
  for (const auto& [sequence, name] : ordered) names.push_back(*name);
  return names;
}

std::vector<std::string> NameCache::set_hosts(const HostsFile& hosts) {
  // Every line first, so a name on several lines gets all its addresses;
  // then every watched name's hosts part is replaced, absent names too.
  std::unordered_map<const Entry*, std::vector<addr::IpAddress>> learned;
  for (const HostsEntry& line : hosts.entries) {
    for (const std::string& name : line.names) {
      if (const Entry* entry = find(name); entry != nullptr) {
        learned[entry].push_back(line.address);
      }
    }
  }
  std::vector<std::pair<std::size_t, std::string>> changed;
  for (auto& [name, entry] : entries_) {
    const auto found = learned.find(&entry);
    std::vector<addr::IpAddress> addresses =
        found == learned.end() ? std::vector<addr::IpAddress>{}
                               : bounded(std::move(found->second), limits_.max_addresses_per_name);
    if (addresses == entry.state.hosts) continue;
    const std::vector<addr::IpAddress> before = effective(entry.state);
    entry.state.hosts = std::move(addresses);
    if (effective(entry.state) != before) changed.emplace_back(entry.sequence, name);
  }
  std::sort(changed.begin(), changed.end());
  std::vector<std::string> names;
  names.reserve(changed.size());
  for (auto& [sequence, name] : changed) names.push_back(std::move(name));
  return names;
}

bool NameCache::learn_dns(std::string_view fqdn, Family family, const DnsFacts& facts,
                          SteadyTime now) {
  Entry* entry = find(fqdn);
  if (entry == nullptr) return false;
  DnsState learned{facts.kind, {}, facts.ttl, now, now + std::chrono::seconds(facts.ttl)};
  if (facts.kind == DnsFacts::Kind::Addresses) {
    std::vector<addr::IpAddress> addresses;
    std::copy_if(facts.addresses.begin(), facts.addresses.end(), std::back_inserter(addresses),
                 [&](const addr::IpAddress& address) { return of_family(address, family); });
    learned.addresses = bounded(std::move(addresses), limits_.max_addresses_per_name);
    if (learned.addresses.empty()) learned.kind = DnsFacts::Kind::NoData;
  }
  const std::vector<addr::IpAddress> before = effective(entry->state);
  (family == Family::V4 ? entry->state.v4 : entry->state.v6) = std::move(learned);
  return effective(entry->state) != before;
}

std::vector<addr::IpAddress> NameCache::effective(const NameState& state) const {
  std::vector<addr::IpAddress> dns;
  if (order_.dns) {
    append_dns(dns, state.v4);
    append_dns(dns, state.v6);
    std::sort(dns.begin(), dns.end());
  }
  const std::vector<addr::IpAddress> no_hosts;
  const std::vector<addr::IpAddress>& hosts = order_.files ? state.hosts : no_hosts;
  // The first source with an answer wins, as glibc's NOTFOUND=continue
  // does; with files first a name in /etc/hosts never reaches DNS.
  if (order_.files_first) return hosts.empty() ? dns : hosts;
  return dns.empty() ? hosts : dns;
}

std::vector<addr::IpAddress> NameCache::addresses_of(std::string_view fqdn) const {
  const Entry* entry = find(fqdn);
  if (entry == nullptr) return {};
  return effective(entry->state);
}

std::vector<std::string> NameCache::names_of(const addr::IpAddress& address) const {
  std::vector<std::pair<std::size_t, const std::string*>> found;
  for (const auto& [name, entry] : entries_) {
    const std::vector<addr::IpAddress> addresses = effective(entry.state);
    if (std::binary_search(addresses.begin(), addresses.end(), address)) {
      found.emplace_back(entry.sequence, &name);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  names.reserve(found.size());
  for (const auto& [sequence, name] : found) names.push_back(*name);
  return names;
}

bool NameCache::wants_dns(std::string_view fqdn) const {
  const Entry* entry = find(fqdn);
  if (entry == nullptr || !order_.dns) return false;
  return !(order_.files_first && order_.files && !entry->state.hosts.empty());
}

std::optional<NameCache::NameState> NameCache::state(std::string_view fqdn) const {
  const Entry* entry = find(fqdn);
  if (entry == nullptr) return std::nullopt;
  return entry->state;
}

std::size_t NameCache::cached_addresses() const {
  std::set<addr::IpAddress> distinct;
  for (const auto& [name, entry] : entries_) {
    const std::vector<addr::IpAddress> addresses = effective(entry.state);
    distinct.insert(addresses.begin(), addresses.end());
  }
  return distinct.size();
}

std::size_t NameCache::cached_names() const {
  return static_cast<std::size_t>(
      std::count_if(entries_.begin(), entries_.end(),
                    [&](const auto& item) { return !effective(item.second.state).empty(); }));
}

std::size_t NameCache::cached_pairs() const {
  std::size_t pairs = 0;
  for (const auto& [name, entry] : entries_) pairs += effective(entry.state).size();
  return pairs;
}

}  // namespace rc::spmd
