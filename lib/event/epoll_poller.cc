// The Linux back end: epoll, whose cost does not grow with the number of
// idle descriptors. Built on Linux only (see CMakeLists.txt).
#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <string>

#include "base/unique_fd.h"
#include "event/poller.h"

namespace rc::event::detail {

namespace {

std::uint32_t to_epoll(unsigned interest) {
  std::uint32_t events = 0;
  if ((interest & kReadable) != 0) events |= EPOLLIN;
  if ((interest & kWritable) != 0) events |= EPOLLOUT;
  return events;
}

unsigned from_epoll(std::uint32_t events) {
  unsigned ready = 0;
  if ((events & (EPOLLIN | EPOLLPRI)) != 0) ready |= kReadable;
  if ((events & EPOLLOUT) != 0) ready |= kWritable;
  if ((events & EPOLLERR) != 0) ready |= kError;
  if ((events & EPOLLHUP) != 0) ready |= kHangup;
  return ready;
}

class EpollPoller final : public Poller {
 public:
  explicit EpollPoller(UniqueFd epoll_fd) : epoll_fd_(std::move(epoll_fd)) {}

  Result<void> add(int fd, std::uint64_t token, unsigned interest) override {
    return control(EPOLL_CTL_ADD, fd, token, interest, "EPOLL_CTL_ADD");
  }

  Result<void> modify(int fd, std::uint64_t token, unsigned interest) override {
    return control(EPOLL_CTL_MOD, fd, token, interest, "EPOLL_CTL_MOD");
  }

  void remove(int fd) noexcept override {
    epoll_event unused{};  // kernels before 2.6.9 wanted a non-null pointer
    ::epoll_ctl(epoll_fd_.get(), EPOLL_CTL_DEL, fd, &unused);
  }

  Result<void> wait(int timeout_ms, std::vector<Readiness>& ready) override {
    ready.clear();
    const auto started = std::chrono::steady_clock::now();
    int count = 0;
    for (;;) {
      count = ::epoll_wait(epoll_fd_.get(), events_.data(), static_cast<int>(events_.size()),
                           remaining_ms(timeout_ms, started));
      if (count >= 0) break;
      if (errno != EINTR) return fail(Error::from_errno(errno, "epoll_wait"));
    }
    // More than events_.size() ready descriptors are simply reported on the
    // next call: epoll is used level-triggered.
    for (int i = 0; i < count; ++i) {
      const epoll_event& event = events_[static_cast<std::size_t>(i)];
      ready.push_back(Readiness{event.data.u64, from_epoll(event.events)});
    }
    return ok();
  }

  [[nodiscard]] std::string_view name() const override { return "epoll"; }

 private:
  Result<void> control(int op, int fd, std::uint64_t token, unsigned interest, const char* what) {
    epoll_event event{};
    event.events = to_epoll(interest);
    event.data.u64 = token;
    if (::epoll_ctl(epoll_fd_.get(), op, fd, &event) != 0) {
      return fail(Error::from_errno(
          errno, std::string("epoll_ctl(") + what + ", fd " + std::to_string(fd) + ")"));
    }
    return ok();
  }

  UniqueFd epoll_fd_;
  std::array<epoll_event, 128> events_{};
};

}  // namespace

Result<std::unique_ptr<Poller>> make_epoll_poller() {
  UniqueFd epoll_fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll_fd) return fail(Error::from_errno(errno, "epoll_create1"));
  return std::unique_ptr<Poller>(std::make_unique<EpollPoller>(std::move(epoll_fd)));
}

}  // namespace rc::event::detail
