// spmd's own DNS queries for the names it watches (issue #7): A and AAAA
// for each at start-up, again before what was learned expires, and after
// a failure with back-off (the rules are RefreshSchedule's). Answers go
// through the same forwarder and snooping as applications' answers, so the
// name cache learns from them the same way.
#pragma once

#include <set>
#include <span>
#include <string>
#include <vector>

#include "dns_clients.h"
#include "event/loop.h"
#include "spmd/core/dns_counters.h"
#include "spmd/core/name_cache.h"
#include "spmd/core/refresh_schedule.h"

namespace rc::spmd {

class NameRefresher {
 public:
  NameRefresher(event::Loop& loop, ForwardQuery forward, DnsCounters& counters);
  NameRefresher(const NameRefresher&) = delete;
  NameRefresher& operator=(const NameRefresher&) = delete;

  // The watched names changed: new ones are asked about now, names gone
  // (or answered from /etc/hosts first) are no longer asked.
  void sync(const NameCache& names);
  // An answer (spmd's own or an application's) taught the cache about
  // `name`: its next query waits for the TTL.
  void learned(std::string_view name, Family family, std::uint32_t ttl);

  [[nodiscard]] const RefreshSchedule& schedule() const { return schedule_; }

 private:
  void run_due();
  void arm();
  void ask(const RefreshSchedule::Item& item);

  event::Loop& loop_;
  ForwardQuery forward_;
  DnsCounters& counters_;
  RefreshSchedule schedule_;
  std::vector<std::string> names_;  // what sync() last saw, to find removals
  std::set<std::string> failing_;   // "A name." keys whose last query taught nothing
  event::Timer timer_;
};

}  // namespace rc::spmd
