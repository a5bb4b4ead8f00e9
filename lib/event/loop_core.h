// The state behind a Loop, shared (weakly) with the registrations it hands
// out so they can outlive it safely. Internal to the event module: programs
// use event/loop.h.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "event/io_events.h"
#include "event/loop.h"
#include "event/poller.h"
#include "event/timer_queue.h"
#include "event/wake_pipe.h"

namespace rc::event::detail {

class LoopCore : public std::enable_shared_from_this<LoopCore> {
 public:
  using Duration = Clock::duration;
  using TimePoint = Clock::time_point;
  using IoCallback = Loop::IoCallback;
  using Callback = Loop::Callback;

  static Result<std::shared_ptr<LoopCore>> create(Backend backend);
  LoopCore(std::unique_ptr<Poller> poller, WakePipe wake);
  LoopCore(const LoopCore&) = delete;
  LoopCore& operator=(const LoopCore&) = delete;
  ~LoopCore();

  Result<std::uint64_t> add_io(int fd, Interest interest, IoCallback callback);
  Result<void> set_interest(std::uint64_t id, Interest interest);
  void remove_io(std::uint64_t id) noexcept;
  [[nodiscard]] bool has_io(std::uint64_t id) const { return io_.contains(id); }

  std::uint64_t add_timer(Duration delay, Duration period, Callback callback);
  void restart_timer(std::uint64_t id, Duration delay);
  void cancel_timer(std::uint64_t id) { timers_.cancel(id); }
  void remove_timer(std::uint64_t id) noexcept;
  [[nodiscard]] bool timer_pending(std::uint64_t id) const { return timers_.pending(id); }

  Result<std::uint64_t> add_signal(int signo, Callback callback);
  void remove_signal(std::uint64_t id) noexcept;
  [[nodiscard]] bool has_signal(std::uint64_t id) const { return signals_.contains(id); }

  void post(Callback task);
  void stop();
  Result<void> run();
  Result<std::size_t> run_once(Duration timeout);

  [[nodiscard]] TimePoint now() const { return dispatching_ ? now_ : Clock::now(); }
  [[nodiscard]] std::string_view backend_name() const { return poller_->name(); }

 private:
  struct IoEntry {
    int fd = -1;
    Interest interest = Interest::kNone;
    std::shared_ptr<IoCallback> callback;
  };
  struct SignalEntry {
    int signo = 0;
    std::shared_ptr<Callback> callback;
  };

  Result<std::size_t> iterate(Duration timeout);
  [[nodiscard]] int wait_timeout_ms(Duration limit);
  [[nodiscard]] bool stopping() const { return stop_requested_.load(); }
  std::size_t dispatch_io();
  std::size_t dispatch_signals();
  std::size_t dispatch_timers();
  std::size_t dispatch_posted();

  std::unique_ptr<Poller> poller_;
  WakePipe wake_;
  std::uint64_t next_id_ = 1;  // 0 is the wake pipe's token

  std::unordered_map<std::uint64_t, IoEntry> io_;
  std::unordered_map<int, std::uint64_t> io_by_fd_;
  std::vector<Readiness> ready_;

  TimerQueue timers_;

  std::unordered_map<std::uint64_t, SignalEntry> signals_;
  std::map<int, int> signal_watch_count_;  // signo -> watches in this loop

  std::mutex posted_mutex_;
  std::deque<Callback> posted_;          // guarded by posted_mutex_
  std::atomic<bool> wake_armed_{false};  // a post() already wrote the wake byte

  std::atomic<bool> stop_requested_{false};
  bool dispatching_ = false;
  TimePoint now_ = Clock::now();
};

}  // namespace rc::event::detail
