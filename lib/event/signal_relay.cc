#include "event/signal_relay.h"

#include <csignal>

#include <array>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>

#include "event/wake_pipe.h"

namespace rc::event::detail {

namespace {

// What the handler reads must be lock-free atomics: a mutex or a
// non-lock-free atomic could deadlock inside a signal handler.
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

constexpr int kSignalLimit = NSIG;

struct Slot {
  std::atomic<int> wake_fd{-1};
  std::atomic<bool> pending{false};
  // Touched only under g_mutex, never by the handler.
  const void* owner = nullptr;
  struct sigaction saved {};
};

// NOLINTBEGIN(cppcoreguidelines-avoid-non-const-global-variables): see header.
std::array<Slot, kSignalLimit> g_slots;
std::mutex g_mutex;
// NOLINTEND(cppcoreguidelines-avoid-non-const-global-variables)

bool in_range(int signo) {
  return signo > 0 && signo < kSignalLimit;
}

extern "C" void relay_handler(int signo) {
  if (!in_range(signo)) return;
  Slot& slot = g_slots[static_cast<std::size_t>(signo)];
  slot.pending.store(true);
  const int fd = slot.wake_fd.load();
  if (fd >= 0) write_wake_byte(fd);  // saves and restores errno
}

}  // namespace

Result<void> claim_signal(int signo, const void* owner, int wake_fd) {
  if (!in_range(signo)) {
    return fail(Error{EINVAL, "cannot watch signal " + std::to_string(signo) + ": no such signal"});
  }
  const std::lock_guard lock(g_mutex);
  Slot& slot = g_slots[static_cast<std::size_t>(signo)];
  if (slot.owner == owner) return ok();
  if (slot.owner != nullptr) {
    return fail(Error{EBUSY, "cannot watch signal " + std::to_string(signo) +
                                 ": another event loop in this process watches it"});
  }
  slot.pending.store(false);
  slot.wake_fd.store(wake_fd);
  struct sigaction action {};
  action.sa_handler = relay_handler;
  sigemptyset(&action.sa_mask);
  // SA_RESTART spares the rest of the program EINTR; epoll_wait and poll
  // are interrupted regardless, and the wake byte ends them anyway.
  action.sa_flags = SA_RESTART;
  if (::sigaction(signo, &action, &slot.saved) != 0) {
    const int error = errno;
    slot.wake_fd.store(-1);
    return fail(Error::from_errno(error, "cannot watch signal " + std::to_string(signo)));
  }
  slot.owner = owner;
  return ok();
}

void release_signal(int signo, const void* owner) noexcept {
  if (!in_range(signo)) return;
  const std::lock_guard lock(g_mutex);
  Slot& slot = g_slots[static_cast<std::size_t>(signo)];
  if (slot.owner != owner || owner == nullptr) return;
  // Old disposition first, so no relay handler can run after the wake fd is
  // gone and write to a descriptor number that may have been reused.
  ::sigaction(signo, &slot.saved, nullptr);
  slot.wake_fd.store(-1);
  slot.pending.store(false);
  slot.owner = nullptr;
}

bool take_pending(int signo) noexcept {
  return in_range(signo) && g_slots[static_cast<std::size_t>(signo)].pending.exchange(false);
}

bool is_pending(int signo) noexcept {
  return in_range(signo) && g_slots[static_cast<std::size_t>(signo)].pending.load();
}

}  // namespace rc::event::detail
