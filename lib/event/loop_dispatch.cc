// One loop iteration: wait, then dispatch descriptors, signals, timers and
// posted closures, in that order, checking for stop() between callbacks.
#include <algorithm>
#include <climits>
#include <vector>

#include "event/loop_core.h"
#include "event/signal_relay.h"

namespace rc::event::detail {

namespace {

// Clears the flag however the dispatch ends (a callback may throw).
class DispatchScope {
 public:
  explicit DispatchScope(bool& flag) : flag_(flag) { flag_ = true; }
  DispatchScope(const DispatchScope&) = delete;
  DispatchScope& operator=(const DispatchScope&) = delete;
  ~DispatchScope() { flag_ = false; }

 private:
  bool& flag_;
};

IoEvents to_io_events(unsigned bits, Interest interest) {
  IoEvents events;
  // A readiness collected before a callback narrowed the interest must
  // not surprise the watch with what it no longer asks for.
  events.readable = (bits & kReadable) != 0 && wants_read(interest);
  events.writable = (bits & kWritable) != 0 && wants_write(interest);
  events.error = (bits & kError) != 0;
  events.hangup = (bits & kHangup) != 0;
  return events;
}

}  // namespace

Result<void> LoopCore::run() {
  const std::shared_ptr<LoopCore> keep_alive = shared_from_this();
  for (;;) {
    if (auto iterated = iterate(Loop::kNoTimeout); !iterated) return fail(iterated.error());
    if (stop_requested_.exchange(false)) return ok();
  }
}

Result<std::size_t> LoopCore::run_once(Duration timeout) {
  const std::shared_ptr<LoopCore> keep_alive = shared_from_this();
  auto calls = iterate(timeout);
  stop_requested_.store(false);
  return calls;
}

Result<std::size_t> LoopCore::iterate(Duration timeout) {
  if (dispatching_) {
    return fail(Error::invalid("event loop: run()/run_once() called from inside a callback"));
  }
  if (auto waited = poller_->wait(wait_timeout_ms(timeout), ready_); !waited) {
    return fail(std::move(waited).error());
  }
  now_ = Clock::now();
  const DispatchScope scope(dispatching_);
  std::size_t calls = dispatch_io();
  calls += dispatch_signals();
  calls += dispatch_timers();
  calls += dispatch_posted();
  return calls;
}

int LoopCore::wait_timeout_ms(Duration limit) {
  if (stopping()) return 0;
  {
    const std::lock_guard lock(posted_mutex_);
    if (!posted_.empty()) return 0;
  }
  for (const auto& [signo, count] : signal_watch_count_) {
    if (is_pending(signo)) return 0;  // left over from a stopped dispatch
  }
  Duration wait = limit;
  if (const auto next = timers_.next_deadline()) wait = std::min(wait, *next - Clock::now());
  if (wait == Loop::kNoTimeout) return -1;
  if (wait <= Duration::zero()) return 0;
  // Rounded up: waking a fraction of a millisecond early would only spin.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, INT_MAX));
}

std::size_t LoopCore::dispatch_io() {
  for (const Readiness& ready : ready_) {
    if (ready.token != 0) continue;
    wake_.drain();
    // After the drain: a post() from now on writes a fresh byte.
    wake_armed_.store(false);
  }
  std::size_t calls = 0;
  for (const Readiness& ready : ready_) {
    if (ready.token == 0) continue;
    if (stopping()) break;  // level-triggered: the rest is reported again
    const auto found = io_.find(ready.token);
    if (found == io_.end()) continue;  // removed by an earlier callback
    const IoEvents events = to_io_events(ready.events, found->second.interest);
    if (!events.any()) continue;
    // The copy keeps the callback alive if it destroys its own watch.
    const std::shared_ptr<IoCallback> callback = found->second.callback;
    (*callback)(events);
    ++calls;
  }
  return calls;
}

std::size_t LoopCore::dispatch_signals() {
  std::vector<int> signos;
  signos.reserve(signal_watch_count_.size());
  for (const auto& [signo, count] : signal_watch_count_) signos.push_back(signo);

  std::size_t calls = 0;
  std::vector<std::uint64_t> watchers;
  for (const int signo : signos) {
    if (stopping()) break;  // the pending flag stays set for next time
    if (!take_pending(signo)) continue;
    watchers.clear();
    for (const auto& [id, entry] : signals_) {
      if (entry.signo == signo) watchers.push_back(id);
    }
    std::sort(watchers.begin(), watchers.end());  // registration order
    for (const std::uint64_t id : watchers) {
      const auto found = signals_.find(id);
      if (found == signals_.end()) continue;
      const std::shared_ptr<Callback> callback = found->second.callback;
      (*callback)();
      ++calls;
    }
  }
  return calls;
}

std::size_t LoopCore::dispatch_timers() {
  const std::uint64_t barrier = timers_.barrier();
  std::size_t calls = 0;
  while (!stopping()) {
    const auto callback = timers_.pop_due(now_, barrier);
    if (!callback) break;
    (**callback)();
    ++calls;
  }
  return calls;
}

std::size_t LoopCore::dispatch_posted() {
  std::deque<Callback> batch;
  {
    const std::lock_guard lock(posted_mutex_);
    batch.swap(posted_);
  }
  // Tasks posted while this batch runs wait for the next iteration, so a
  // task that posts itself cannot starve descriptors and timers.
  std::size_t calls = 0;
  while (!batch.empty()) {
    if (stopping()) {
      const std::lock_guard lock(posted_mutex_);
      posted_.insert(posted_.begin(), std::make_move_iterator(batch.begin()),
                     std::make_move_iterator(batch.end()));
      break;
    }
    const Callback task = std::move(batch.front());
    batch.pop_front();
    task();
    ++calls;
  }
  return calls;
}

}  // namespace rc::event::detail
