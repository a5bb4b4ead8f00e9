// The loop's timers, ordered by deadline. A timer stays registered after it
// fires (until its handle lets go) so it can be restarted: retransmission
// and lifetime timers are restarted far more often than created.
// Internal to the event module.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace rc::event::detail {

using Clock = std::chrono::steady_clock;
using TimerCallback = std::shared_ptr<std::function<void()>>;

class TimerQueue {
 public:
  // `period` zero: one-shot. The id is chosen by the caller and unique.
  void add(std::uint64_t id, Clock::time_point deadline, Clock::duration period,
           TimerCallback callback);
  // Schedules again (also a fired one-shot); no-op for an unknown id.
  void restart(std::uint64_t id, Clock::time_point deadline);
  // Unschedules but keeps the registration.
  void cancel(std::uint64_t id);
  // Returns the callback so the caller destroys it once the queue is
  // consistent (its captures may own timers that remove themselves).
  TimerCallback remove(std::uint64_t id);
  [[nodiscard]] bool pending(std::uint64_t id) const;

  [[nodiscard]] std::optional<Clock::time_point> next_deadline() const;
  [[nodiscard]] bool empty() const { return queue_.empty(); }

  // Scheduling sequence numbers below this value were scheduled before the
  // caller took it; pop_due() fires only those, so a callback that
  // schedules a zero-delay timer cannot keep one dispatch pass going forever.
  [[nodiscard]] std::uint64_t barrier() const { return next_sequence_; }

  // The callback of the earliest timer due at `now` scheduled before
  // `barrier`; a periodic one is rescheduled first, a one-shot unscheduled.
  std::optional<TimerCallback> pop_due(Clock::time_point now, std::uint64_t barrier);

 private:
  struct Key {
    Clock::time_point deadline;
    std::uint64_t sequence = 0;  // keeps equal deadlines in scheduling order
    friend bool operator<(const Key& a, const Key& b) {
      return std::tie(a.deadline, a.sequence) < std::tie(b.deadline, b.sequence);
    }
  };
  struct Entry {
    std::optional<Key> key;  // empty while not scheduled
    Clock::duration period{};
    TimerCallback callback;
  };

  void schedule(std::uint64_t id, Entry& entry, Clock::time_point deadline);
  void unschedule(Entry& entry);

  std::map<Key, std::uint64_t> queue_;
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace rc::event::detail
