// The RAII registrations a Loop hands out. Each one unregisters when it is
// destroyed or reset(), which is safe at any time: from inside any callback
// (including its own), and after the Loop itself is gone (it then does
// nothing). A registration is identified by a never-reused id, so a stale
// handle can never cancel somebody else's watch.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>

#include "base/result.h"
#include "event/io_events.h"

namespace rc::event {

class Loop;

namespace detail {

class LoopCore;

// Move-only ownership of one registration in one loop.
class Registration {
 public:
  using Remove = void (*)(LoopCore&, std::uint64_t) noexcept;

  Registration() = default;
  Registration(std::weak_ptr<LoopCore> core, std::uint64_t id, Remove remove) noexcept
      : core_(std::move(core)), id_(id), remove_(remove) {}
  Registration(Registration&& other) noexcept
      : core_(std::move(other.core_)),
        id_(std::exchange(other.id_, 0)),
        remove_(std::exchange(other.remove_, nullptr)) {}
  Registration& operator=(Registration&& other) noexcept;
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration() { reset(); }

  void reset() noexcept;
  // The loop, if both it and this registration still exist.
  [[nodiscard]] std::shared_ptr<LoopCore> core() const;
  [[nodiscard]] std::uint64_t id() const { return id_; }

 private:
  std::weak_ptr<LoopCore> core_;
  std::uint64_t id_ = 0;
  Remove remove_ = nullptr;
};

}  // namespace detail

// Watches one file descriptor. Destroy (or reset) it before closing the fd:
// a closed-then-reused fd number would otherwise stay watched under epoll.
class [[nodiscard]] IoWatch {
 public:
  IoWatch() = default;

  // False after reset() or once the loop is gone.
  [[nodiscard]] bool active() const;
  Result<void> set_interest(Interest interest);
  void reset() noexcept { registration_.reset(); }

 private:
  friend class Loop;
  explicit IoWatch(detail::Registration registration) : registration_(std::move(registration)) {}
  detail::Registration registration_;
};

// A one-shot or periodic timer on the monotonic clock. It stays registered
// after firing, so restart() can arm it again (retransmissions, lifetimes).
class [[nodiscard]] Timer {
 public:
  Timer() = default;

  // Scheduled to fire (false for a fired one-shot or after cancel()).
  [[nodiscard]] bool pending() const;
  // (Re)arms the timer `delay` after the loop's now(); a periodic timer then
  // keeps its period.
  void restart(std::chrono::steady_clock::duration delay);
  // Disarms the timer but keeps it for a later restart().
  void cancel();
  void reset() noexcept { registration_.reset(); }

 private:
  friend class Loop;
  explicit Timer(detail::Registration registration) : registration_(std::move(registration)) {}
  detail::Registration registration_;
};

// Runs a callback in the loop when a POSIX signal arrives. While the last
// watch of a signal exists the loop owns the signal's disposition; when it
// goes, the previous disposition is restored.
class [[nodiscard]] SignalWatch {
 public:
  SignalWatch() = default;

  [[nodiscard]] bool active() const;
  void reset() noexcept { registration_.reset(); }

 private:
  friend class Loop;
  explicit SignalWatch(detail::Registration registration)
      : registration_(std::move(registration)) {}
  detail::Registration registration_;
};

}  // namespace rc::event
