// Choices:
// - answered()/failed() for an item not scheduled (removed while its query
//   was in flight) change nothing: a late answer must not bring it back;
// - answered() and failed() also apply to an item that is not in flight
//   (an answer the proxy snooped for a client's query refreshes the name
//   just as well as one spmd asked for);
// - the TTL arithmetic is done in 64 bits: t * 3 / 4 of a 32-bit TTL
//   would overflow 32.
#include "spmd/core/refresh_schedule.h"

#include <algorithm>

namespace rc::spmd {

void RefreshSchedule::add(std::string_view name, Family family, SteadyTime now) {
  items_.try_emplace({std::string(name), family}, State{now, false, std::chrono::seconds{0}});
}

void RefreshSchedule::remove(std::string_view name) {
  for (const Family family : {Family::V4, Family::V6}) items_.erase({std::string(name), family});
}

bool RefreshSchedule::scheduled(std::string_view name, Family family) const {
  return items_.contains({std::string(name), family});
}

std::vector<RefreshSchedule::Item> RefreshSchedule::due(SteadyTime now) {
  std::vector<Item> ready;
  for (auto& [key, state] : items_) {
    if (state.in_flight || state.due > now) continue;
    state.in_flight = true;
    ready.push_back(Item{key.first, key.second});
  }
  return ready;
}

void RefreshSchedule::answered(std::string_view name, Family family, std::uint32_t ttl,
                               SteadyTime now) {
  const auto it = items_.find({std::string(name), family});
  if (it == items_.end()) return;
  const std::chrono::seconds three_quarters{static_cast<std::int64_t>(std::uint64_t{ttl} * 3 / 4)};
  State& state = it->second;
  state.in_flight = false;
  state.backoff = std::chrono::seconds{0};
  state.due = now + std::clamp(three_quarters, kMinRefresh, kMaxRefresh);
}

void RefreshSchedule::failed(std::string_view name, Family family, SteadyTime now) {
  const auto it = items_.find({std::string(name), family});
  if (it == items_.end()) return;
  State& state = it->second;
  state.in_flight = false;
  state.backoff =
      state.backoff.count() == 0 ? kFirstBackoff : std::min(state.backoff * 2, kMaxBackoff);
  state.due = now + state.backoff;
}

std::optional<SteadyTime> RefreshSchedule::next_due() const {
  std::optional<SteadyTime> earliest;
  for (const auto& [key, state] : items_) {
    if (!state.in_flight && (!earliest || state.due < *earliest)) earliest = state.due;
  }
  return earliest;
}

}  // namespace rc::spmd
