// Registration bookkeeping of the loop; the iteration itself is in
// loop_dispatch.cc.
#include <cerrno>
#include <string>

#include "event/loop_core.h"
#include "event/signal_relay.h"

namespace rc::event::detail {

namespace {

unsigned interest_bits(Interest interest) {
  return (wants_read(interest) ? kReadable : 0U) | (wants_write(interest) ? kWritable : 0U);
}

}  // namespace

Result<std::shared_ptr<LoopCore>> LoopCore::create(Backend backend) {
#if defined(__linux__)
  constexpr Backend kPlatformDefault = Backend::kEpoll;
#else
  constexpr Backend kPlatformDefault = Backend::kPoll;
#endif
  if (backend == Backend::kDefault) backend = kPlatformDefault;
  auto poller = backend == Backend::kEpoll ? make_epoll_poller() : make_poll_poller();
  if (!poller) return fail(std::move(poller).error());
  auto wake = WakePipe::create();
  if (!wake) return fail(std::move(wake).error());
  auto core = std::make_shared<LoopCore>(std::move(*poller), std::move(*wake));
  if (auto added = core->poller_->add(core->wake_.read_fd(), 0, kReadable); !added) {
    return fail(std::move(added).error());
  }
  return core;
}

LoopCore::LoopCore(std::unique_ptr<Poller> poller, WakePipe wake)
    : poller_(std::move(poller)), wake_(std::move(wake)) {}

LoopCore::~LoopCore() {
  // Before wake_ closes, so no relay handler can write to a reused fd.
  for (const auto& [signo, count] : signal_watch_count_) release_signal(signo, this);
}

Result<std::uint64_t> LoopCore::add_io(int fd, Interest interest, IoCallback callback) {
  if (fd < 0) {
    return fail(Error{EBADF, "cannot watch fd " + std::to_string(fd) + ": not a descriptor"});
  }
  if (io_by_fd_.contains(fd)) {
    return fail(Error{EEXIST, "fd " + std::to_string(fd) + " is already watched by this loop"});
  }
  const std::uint64_t id = next_id_++;
  if (auto added = poller_->add(fd, id, interest_bits(interest)); !added) {
    return fail(std::move(added).error());
  }
  io_.emplace(id, IoEntry{fd, interest, std::make_shared<IoCallback>(std::move(callback))});
  io_by_fd_.emplace(fd, id);
  return id;
}

Result<void> LoopCore::set_interest(std::uint64_t id, Interest interest) {
  const auto found = io_.find(id);
  if (found == io_.end()) return fail(Error{ENOENT, "the fd watch is no longer registered"});
  if (auto changed = poller_->modify(found->second.fd, id, interest_bits(interest)); !changed) {
    return changed;
  }
  found->second.interest = interest;
  return ok();
}

void LoopCore::remove_io(std::uint64_t id) noexcept {
  const auto found = io_.find(id);
  if (found == io_.end()) return;
  // Destroyed after the maps are consistent again: a callback's captures may
  // own other registrations whose destructors call back into this loop.
  const std::shared_ptr<IoCallback> doomed = std::move(found->second.callback);
  poller_->remove(found->second.fd);
  io_by_fd_.erase(found->second.fd);
  io_.erase(found);
}

std::uint64_t LoopCore::add_timer(Duration delay, Duration period, Callback callback) {
  const std::uint64_t id = next_id_++;
  timers_.add(id, now() + delay, period, std::make_shared<Callback>(std::move(callback)));
  return id;
}

void LoopCore::restart_timer(std::uint64_t id, Duration delay) {
  timers_.restart(id, now() + delay);
}

void LoopCore::remove_timer(std::uint64_t id) noexcept {
  // TimerQueue::remove hands the callback back for the same reason as in
  // remove_io: it must die after the queue is consistent.
  const TimerCallback doomed = timers_.remove(id);
}

Result<std::uint64_t> LoopCore::add_signal(int signo, Callback callback) {
  int& count = signal_watch_count_[signo];
  if (count == 0) {
    if (auto claimed = claim_signal(signo, this, wake_.write_fd()); !claimed) {
      signal_watch_count_.erase(signo);
      return fail(std::move(claimed).error());
    }
  }
  ++count;
  const std::uint64_t id = next_id_++;
  signals_.emplace(id, SignalEntry{signo, std::make_shared<Callback>(std::move(callback))});
  return id;
}

void LoopCore::remove_signal(std::uint64_t id) noexcept {
  const auto found = signals_.find(id);
  if (found == signals_.end()) return;
  const std::shared_ptr<Callback> doomed = std::move(found->second.callback);
  const int signo = found->second.signo;
  signals_.erase(found);
  const auto count = signal_watch_count_.find(signo);
  if (count != signal_watch_count_.end() && --count->second == 0) {
    signal_watch_count_.erase(count);
    release_signal(signo, this);
  }
}

void LoopCore::post(Callback task) {
  {
    const std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  // One byte per wake-up, not per task: a busy worker pool must not fill
  // the pipe or pay a write(2) for every closure.
  if (!wake_armed_.exchange(true)) wake_.notify();
}

void LoopCore::stop() {
  stop_requested_.store(true);
  wake_.notify();
}

}  // namespace rc::event::detail
