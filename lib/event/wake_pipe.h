// The self-pipe that wakes a loop blocked in epoll_wait/poll: written by
// post() and stop() from any thread and by the signal handler. A pipe rather
// than an eventfd because the BSDs need it and one write(2) of one byte is
// async-signal-safe everywhere. Internal to the event module.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::event::detail {

class WakePipe {
 public:
  static Result<WakePipe> create();

  [[nodiscard]] int read_fd() const { return read_.get(); }
  [[nodiscard]] int write_fd() const { return write_.get(); }

  // Async-signal-safe and errno-preserving. A full pipe is fine: the loop is
  // already due to wake up.
  void notify() const noexcept;
  // Empties the pipe (non-blocking reads until EAGAIN).
  void drain() const noexcept;

 private:
  WakePipe(UniqueFd read_end, UniqueFd write_end)
      : read_(std::move(read_end)), write_(std::move(write_end)) {}

  UniqueFd read_;
  UniqueFd write_;
};

// The byte write a signal handler may do: write(2) only, errno restored.
void write_wake_byte(int fd) noexcept;

}  // namespace rc::event::detail
