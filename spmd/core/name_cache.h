// The FQDN database and its cache (reference §3.5, issue #7): the names
// spmd watches (selectors' names and FQDN ADD) and what they resolve to,
// kept per source so each can change without clobbering the other:
//   - /etc/hosts: replaced whole each time the file is read, so a name
//     removed from the file loses its addresses;
//   - DNS: per address family (A, AAAA), with the TTL of the answer that
//     taught it and when that runs out.
// A name's addresses (what policies are planned from) follow nsswitch's
// order: the first source that has addresses for it wins, as glibc's
// resolver would answer an application.
//
// Names from the network are looked up through a keyed hash (KeyedHash),
// the database has a size bound (Limits), and only watched names are ever
// stored: an answer about any other name changes nothing.
//
// Expiry is not deletion: when a DNS answer's TTL runs out and no fresher
// answer has come (the upstream is down), the addresses stay in force and
// the name is marked stale; only a believed answer changes them. Dropping
// the policies of a name because DNS is unreachable would send its traffic
// in the clear.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "addr/ip_address.h"
#include "spmd/core/keyed_hash.h"
#include "spmd/core/names.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class Family : std::uint8_t { V4, V6 };  // A, AAAA

// What one believed DNS answer says about one name and family.
struct DnsFacts {
  enum class Kind : std::uint8_t {
    Addresses,  // these addresses (NOERROR with A/AAAA records)
    NoData,     // the name exists but has none of this family
    NxDomain,   // the name does not exist
  };
  Kind kind = Kind::Addresses;
  std::vector<addr::IpAddress> addresses;  // Addresses only; of the family asked
  std::uint32_t ttl = 0;                   // seconds
  bool operator==(const DnsFacts&) const = default;
};

class NameCache final : public NameLookup {
 public:
  struct Limits {
    std::size_t max_names = 4096;             // watched names
    std::size_t max_addresses_per_name = 64;  // per source and family
  };
  NameCache() : NameCache(HostsOrder{}, Limits{}) {}
  explicit NameCache(HostsOrder order) : NameCache(order, Limits{}) {}
  NameCache(HostsOrder order, Limits limits);

  // ---- the FQDN database ----
  enum class WatchResult : std::uint8_t { Added, AlreadyWatched, BadName, Full };
  // Selector names and FQDN ADD. Names are normalised (normalise_fqdn).
  WatchResult watch(std::string_view fqdn);
  // No room for another name (watch() of a new one would return Full).
  [[nodiscard]] bool full() const { return entries_.size() >= limits_.max_names; }
  // FQDN DELETE: the name and everything cached for it go; false if not watched.
  bool unwatch(std::string_view fqdn);
  [[nodiscard]] bool watched(std::string_view fqdn) const;
  [[nodiscard]] std::vector<std::string> watched_names() const;  // in watch order

  // ---- sources ----
  // /etc/hosts read anew: every hosts-sourced address is replaced (aliases
  // count as names). Returns the watched names whose addresses changed.
  std::vector<std::string> set_hosts(const HostsFile& hosts);
  // A believed DNS answer at `now` (ignored for names not watched). Returns
  // true when the name's addresses (addresses_of) changed.
  bool learn_dns(std::string_view fqdn, Family family, const DnsFacts& facts, SteadyTime now);

  // ---- lookups ----
  // The addresses policies use, by nsswitch order (see above), sorted.
  [[nodiscard]] std::vector<addr::IpAddress> addresses_of(std::string_view fqdn) const override;
  // FQDN QUERY: the watched names whose addresses include `address`, in
  // watch order.
  [[nodiscard]] std::vector<std::string> names_of(const addr::IpAddress& address) const;
  // Whether DNS should be asked about this name at all: not when nsswitch
  // puts files first and /etc/hosts has it (the original's rule).
  [[nodiscard]] bool wants_dns(std::string_view fqdn) const;

  // What is known of one name, for logs, USR1 and tests.
  struct DnsState {
    DnsFacts::Kind kind = DnsFacts::Kind::Addresses;
    std::vector<addr::IpAddress> addresses;
    std::uint32_t ttl = 0;
    SteadyTime learned{};
    SteadyTime expires{};  // learned + ttl
    // Stale: still in force (see above), but due for a fresh answer.
    [[nodiscard]] bool expired(SteadyTime now) const { return now >= expires; }
  };
  struct NameState {
    std::vector<addr::IpAddress> hosts;  // from /etc/hosts
    std::optional<DnsState> v4;          // from A answers
    std::optional<DnsState> v6;          // from AAAA answers
  };
  [[nodiscard]] std::optional<NameState> state(std::string_view fqdn) const;

  // STAT: distinct addresses in use, names that have any, (name, address) pairs.
  [[nodiscard]] std::size_t cached_addresses() const;
  [[nodiscard]] std::size_t cached_names() const;
  [[nodiscard]] std::size_t cached_pairs() const;

  void set_order(HostsOrder order) { order_ = order; }
  [[nodiscard]] const HostsOrder& order() const { return order_; }
  [[nodiscard]] const Limits& limits() const { return limits_; }

 private:
  struct Entry {
    std::size_t sequence = 0;  // watch order
    NameState state;
  };
  [[nodiscard]] const Entry* find(std::string_view fqdn) const;
  [[nodiscard]] Entry* find(std::string_view fqdn);
  // addresses_of for one entry: the sources merged by nsswitch order.
  [[nodiscard]] std::vector<addr::IpAddress> effective(const NameState& state) const;

  HostsOrder order_;
  Limits limits_;
  std::size_t next_sequence_ = 0;
  std::unordered_map<std::string, Entry, KeyedHash, std::equal_to<>> entries_;
};

}  // namespace rc::spmd
