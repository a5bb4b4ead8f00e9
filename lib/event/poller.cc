#include "event/poller.h"

#include <cerrno>
#include <chrono>

namespace rc::event::detail {

int remaining_ms(int timeout_ms, std::chrono::steady_clock::time_point started) {
  if (timeout_ms < 0) return -1;
  const auto left =
      std::chrono::milliseconds(timeout_ms) - (std::chrono::steady_clock::now() - started);
  if (left <= std::chrono::steady_clock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

#if !defined(__linux__)
Result<std::unique_ptr<Poller>> make_epoll_poller() {
  return fail(Error{ENOSYS, "epoll is not available on this system; use the poll back end"});
}
#endif

}  // namespace rc::event::detail
