// When spmd asks DNS about a watched name itself (issue #7): at start-up,
// again before the TTL of what it learned runs out, and after a failure
// with back-off. Pure: the caller passes the time and sends the queries.
//
// Rules:
//  - a name (per family) is due at once when first scheduled;
//  - after an answer with TTL t it is due at learned + max(kMinRefresh,
//    t * 3 / 4) (capped at kMaxRefresh), so a fresh answer arrives before
//    the old one expires;
//  - after a failure (timeout on every upstream, SERVFAIL) it is due after
//    kFirstBackoff, doubling on each further failure up to kMaxBackoff;
//  - a name handed out by due() is in flight until answered() or failed()
//    and is not handed out again meanwhile.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spmd/core/name_cache.h"

namespace rc::spmd {

class RefreshSchedule {
 public:
  static constexpr std::chrono::seconds kMinRefresh{1};
  static constexpr std::chrono::seconds kMaxRefresh{86400};
  static constexpr std::chrono::seconds kFirstBackoff{1};
  static constexpr std::chrono::seconds kMaxBackoff{300};

  struct Item {
    std::string name;
    Family family = Family::V4;
    bool operator==(const Item&) const = default;
  };

  // Starts watching (due now); no effect when already scheduled.
  void add(std::string_view name, Family family, SteadyTime now);
  // Stops (FQDN DELETE, a name no longer wanted): both families.
  void remove(std::string_view name);
  [[nodiscard]] bool scheduled(std::string_view name, Family family) const;

  // Every item due at `now` that is not in flight; they become in flight.
  std::vector<Item> due(SteadyTime now);
  void answered(std::string_view name, Family family, std::uint32_t ttl, SteadyTime now);
  void failed(std::string_view name, Family family, SteadyTime now);

  // The earliest time something becomes due (nullopt: nothing scheduled
  // or everything in flight), for the caller's timer.
  [[nodiscard]] std::optional<SteadyTime> next_due() const;
  [[nodiscard]] std::size_t size() const { return items_.size(); }

 private:
  struct State {
    SteadyTime due{};
    bool in_flight = false;
    std::chrono::seconds backoff{0};  // 0 until the first failure
  };
  std::map<std::pair<std::string, Family>, State> items_;
};

}  // namespace rc::spmd
