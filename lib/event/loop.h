// rc::event::Loop: the one event loop every racoon2 program runs in a single
// thread. It dispatches descriptor readiness, monotonic timers, POSIX
// signals (as ordinary callbacks, never in signal context) and closures
// posted from other threads. Why our own loop: see lib/event/README.md.
//
//   auto loop = rc::event::Loop::create();
//   auto term = loop->watch_signal(SIGTERM, [&] { loop->stop(); });
//   auto tick = loop->add_periodic(std::chrono::seconds(1), [&] { ... });
//   if (auto done = loop->run(); !done) ...
//
// Handlers may add and drop any registration, including their own, and may
// call stop(); a stop makes run()/run_once() return as soon as the running
// callback returns, and whatever was not dispatched stays pending.
// Only post() and stop() may be called from other threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "event/handles.h"
#include "event/io_events.h"

namespace rc::event {

enum class Backend {
  kDefault,  // epoll on Linux, poll elsewhere
  kEpoll,
  kPoll,
};

class Loop {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;
  using Duration = Clock::duration;
  using IoCallback = std::function<void(IoEvents)>;
  using Callback = std::function<void()>;

  // For run_once(): wait until something happens.
  static constexpr Duration kNoTimeout = Duration::max();

  static Result<Loop> create(Backend backend = Backend::kDefault);

  Loop(Loop&&) noexcept = default;
  Loop& operator=(Loop&&) noexcept = default;
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;
  // Registrations outliving the loop become inert. Destroying the loop from
  // inside one of its callbacks also stops run().
  ~Loop();

  // One watch per fd (EEXIST otherwise); change what it waits for with
  // IoWatch::set_interest. Level-triggered: a callback that leaves data
  // unread, or ignores a hang-up, is called again on the next iteration.
  Result<IoWatch> watch_io(int fd, Interest interest, IoCallback callback);

  Timer add_timer(Duration delay, Callback callback);
  // `period` below one millisecond is raised to one so a periodic timer can
  // never monopolise the loop.
  Timer add_periodic(Duration period, Callback callback);

  // Signals arriving in a burst may be folded into one callback. Fails with
  // EBUSY if another Loop in the process watches the signal, EINVAL for
  // SIGKILL, SIGSTOP or an out-of-range number.
  Result<SignalWatch> watch_signal(int signo, Callback callback);

  // Thread-safe: runs `task` in the loop thread, in posting order, and
  // wakes the loop if it is blocked.
  void post(Callback task);
  // Thread-safe: ends the current run()/run_once(), or the next one.
  void stop();

  Result<void> run();
  // One iteration: waits up to `timeout` (less if a timer is due sooner),
  // dispatches what is ready and returns how many callbacks ran. Not
  // callable from inside a callback.
  Result<std::size_t> run_once(Duration timeout = kNoTimeout);

  // Inside a callback: when the current iteration began (one consistent
  // time for every handler of the iteration); outside: the current time.
  [[nodiscard]] TimePoint now() const;
  [[nodiscard]] std::string_view backend_name() const;

 private:
  explicit Loop(std::shared_ptr<detail::LoopCore> core) : core_(std::move(core)) {}

  std::shared_ptr<detail::LoopCore> core_;
};

}  // namespace rc::event
