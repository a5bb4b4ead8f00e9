#include "event/timer_queue.h"

namespace rc::event::detail {

void TimerQueue::add(std::uint64_t id, Clock::time_point deadline, Clock::duration period,
                     TimerCallback callback) {
  Entry& entry = entries_[id];
  entry.period = period;
  entry.callback = std::move(callback);
  schedule(id, entry, deadline);
}

void TimerQueue::restart(std::uint64_t id, Clock::time_point deadline) {
  const auto found = entries_.find(id);
  if (found == entries_.end()) return;
  schedule(id, found->second, deadline);
}

void TimerQueue::cancel(std::uint64_t id) {
  const auto found = entries_.find(id);
  if (found != entries_.end()) unschedule(found->second);
}

TimerCallback TimerQueue::remove(std::uint64_t id) {
  const auto found = entries_.find(id);
  if (found == entries_.end()) return nullptr;
  unschedule(found->second);
  TimerCallback callback = std::move(found->second.callback);
  entries_.erase(found);
  return callback;
}

bool TimerQueue::pending(std::uint64_t id) const {
  const auto found = entries_.find(id);
  return found != entries_.end() && found->second.key.has_value();
}

std::optional<Clock::time_point> TimerQueue::next_deadline() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first.deadline;
}

std::optional<TimerCallback> TimerQueue::pop_due(Clock::time_point now, std::uint64_t barrier) {
  for (auto it = queue_.begin(); it != queue_.end() && it->first.deadline <= now; ++it) {
    if (it->first.sequence >= barrier) continue;  // scheduled during this pass
    const Key key = it->first;
    Entry& entry = entries_.at(it->second);
    const std::uint64_t id = it->second;
    unschedule(entry);
    if (entry.period > Clock::duration::zero()) {
      // Missed periods are dropped rather than fired in a burst.
      Clock::time_point next = key.deadline + entry.period;
      if (next <= now) next = now + entry.period;
      schedule(id, entry, next);
    }
    return entry.callback;
  }
  return std::nullopt;
}

void TimerQueue::schedule(std::uint64_t id, Entry& entry, Clock::time_point deadline) {
  unschedule(entry);
  const Key key{deadline, next_sequence_++};
  queue_.emplace(key, id);
  entry.key = key;
}

void TimerQueue::unschedule(Entry& entry) {
  if (!entry.key) return;
  queue_.erase(*entry.key);
  entry.key.reset();
}

}  // namespace rc::event::detail
