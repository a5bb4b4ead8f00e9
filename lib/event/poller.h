// The small interface the loop needs from the kernel's readiness API, so the
// same loop (and the same test suite) runs over epoll on Linux and poll(2)
// on the BSDs. Internal to the event module.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rc::event::detail {

// Bits used both for interest (kReadable, kWritable) and for readiness.
inline constexpr unsigned kReadable = 1U << 0U;
inline constexpr unsigned kWritable = 1U << 1U;
inline constexpr unsigned kError = 1U << 2U;
inline constexpr unsigned kHangup = 1U << 3U;

// One ready descriptor, named by the token given when it was added: a token
// is never reused, so a late report for a removed watch cannot reach a new
// watch that got the same fd number.
struct Readiness {
  std::uint64_t token = 0;
  unsigned events = 0;
};

// A level-triggered set of descriptors. One descriptor may be added once.
class Poller {
 public:
  Poller() = default;
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;
  virtual ~Poller() = default;

  virtual Result<void> add(int fd, std::uint64_t token, unsigned interest) = 0;
  virtual Result<void> modify(int fd, std::uint64_t token, unsigned interest) = 0;
  // Never fails: the fd may already be closed, which removed it anyway.
  virtual void remove(int fd) noexcept = 0;
  // Waits up to timeout_ms (-1: no limit) and replaces `ready` with what is
  // ready. EINTR is retried with the time left.
  virtual Result<void> wait(int timeout_ms, std::vector<Readiness>& ready) = 0;
  [[nodiscard]] virtual std::string_view name() const = 0;
};

Result<std::unique_ptr<Poller>> make_poll_poller();
// Fails with ENOSYS where there is no epoll.
Result<std::unique_ptr<Poller>> make_epoll_poller();

// For retrying a wait after EINTR: what is left of timeout_ms of a wait that
// began at `started`, rounded up (rounding down would end the wait before a
// timer is due); -1 stays -1, never below 0.
int remaining_ms(int timeout_ms, std::chrono::steady_clock::time_point started);

}  // namespace rc::event::detail
