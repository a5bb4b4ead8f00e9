#include "engine_timer.h"

#include <algorithm>

namespace rc::pfkeyd {

EngineTimer::EngineTimer(event::Loop& loop, Tables& tables, Sink sink)
    : loop_(loop), tables_(tables), sink_(std::move(sink)) {
  timer_ = loop_.add_timer(std::chrono::hours(1), [this] { fire(); });
  timer_.cancel();
}

void EngineTimer::rearm() {
  const auto deadline = tables_.next_deadline();
  if (!deadline) {
    timer_.cancel();
    return;
  }
  // The tables' clock and the loop's are both steady_clock.
  const auto delay = std::max(*deadline - std::chrono::steady_clock::now(),
                              std::chrono::steady_clock::duration::zero());
  timer_.restart(delay);
}

void EngineTimer::fire() {
  Notifications notifications = tables_.run_timers();
  if (!notifications.empty()) sink_(notifications);
  rearm();
}

}  // namespace rc::pfkeyd
