#include "event/wake_pipe.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace rc::event::detail {

Result<WakePipe> WakePipe::create() {
  std::array<int, 2> ends{-1, -1};
  if (::pipe2(ends.data(), O_NONBLOCK | O_CLOEXEC) != 0) {
    return fail(Error::from_errno(errno, "cannot create the event loop's wake-up pipe"));
  }
  return WakePipe(UniqueFd(ends[0]), UniqueFd(ends[1]));
}

void write_wake_byte(int fd) noexcept {
  const int saved_errno = errno;
  const char byte = 0;
  // EAGAIN (pipe full) and EINTR need no retry: a full pipe already wakes
  // the loop, and the reader re-checks every source after draining.
  [[maybe_unused]] const ssize_t written = ::write(fd, &byte, 1);
  errno = saved_errno;
}

void WakePipe::notify() const noexcept {
  write_wake_byte(write_.get());
}

void WakePipe::drain() const noexcept {
  std::array<char, 256> sink{};
  for (;;) {
    const ssize_t got = ::read(read_.get(), sink.data(), sink.size());
    if (got > 0) continue;
    if (got < 0 && errno == EINTR) continue;
    break;  // 0 cannot happen while we hold the write end; EAGAIN means empty
  }
}

}  // namespace rc::event::detail
