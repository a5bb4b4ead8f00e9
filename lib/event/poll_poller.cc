// The portable back end: poll(2), for the BSDs (where kqueue could come
// later) and as a second implementation that keeps the loop honest: the
// same test suite runs over both.
#include <poll.h>

#include <cerrno>
#include <string>
#include <unordered_map>

#include "event/poller.h"

namespace rc::event::detail {

namespace {

short to_poll(unsigned interest) {
  unsigned events = 0;
  if ((interest & kReadable) != 0) events |= POLLIN;
  if ((interest & kWritable) != 0) events |= POLLOUT;
  return static_cast<short>(events);
}

unsigned from_poll(short revents) {
  const auto bits = static_cast<unsigned short>(revents);
  unsigned ready = 0;
  if ((bits & (POLLIN | POLLPRI)) != 0) ready |= kReadable;
  if ((bits & POLLOUT) != 0) ready |= kWritable;
  if ((bits & (POLLERR | POLLNVAL)) != 0) ready |= kError;
  if ((bits & POLLHUP) != 0) ready |= kHangup;
  return ready;
}

class PollPoller final : public Poller {
 public:
  Result<void> add(int fd, std::uint64_t token, unsigned interest) override {
    if (index_.contains(fd)) {
      return fail(Error::from_errno(EEXIST, "poll: fd " + std::to_string(fd)));
    }
    index_.emplace(fd, fds_.size());
    fds_.push_back(pollfd{fd, to_poll(interest), 0});
    tokens_.push_back(token);
    return ok();
  }

  Result<void> modify(int fd, std::uint64_t token, unsigned interest) override {
    const auto found = index_.find(fd);
    if (found == index_.end()) {
      return fail(Error::from_errno(ENOENT, "poll: fd " + std::to_string(fd)));
    }
    fds_[found->second].events = to_poll(interest);
    tokens_[found->second] = token;
    return ok();
  }

  void remove(int fd) noexcept override {
    const auto found = index_.find(fd);
    if (found == index_.end()) return;
    // Swap with the last entry so removal stays O(1); order does not matter.
    const std::size_t slot = found->second;
    const std::size_t last = fds_.size() - 1;
    if (slot != last) {
      fds_[slot] = fds_[last];
      tokens_[slot] = tokens_[last];
      index_[fds_[slot].fd] = slot;
    }
    fds_.pop_back();
    tokens_.pop_back();
    index_.erase(fd);
  }

  Result<void> wait(int timeout_ms, std::vector<Readiness>& ready) override {
    ready.clear();
    const auto started = std::chrono::steady_clock::now();
    int count = 0;
    for (;;) {
      count =
          ::poll(fds_.data(), static_cast<nfds_t>(fds_.size()), remaining_ms(timeout_ms, started));
      if (count >= 0) break;
      if (errno != EINTR) return fail(Error::from_errno(errno, "poll"));
    }
    for (std::size_t i = 0; i < fds_.size() && count > 0; ++i) {
      if (fds_[i].revents == 0) continue;
      ready.push_back(Readiness{tokens_[i], from_poll(fds_[i].revents)});
      --count;
    }
    return ok();
  }

  [[nodiscard]] std::string_view name() const override { return "poll"; }

 private:
  std::vector<pollfd> fds_;
  std::vector<std::uint64_t> tokens_;           // parallel to fds_
  std::unordered_map<int, std::size_t> index_;  // fd -> slot in fds_
};

}  // namespace

Result<std::unique_ptr<Poller>> make_poll_poller() {
  return std::unique_ptr<Poller>(std::make_unique<PollPoller>());
}

}  // namespace rc::event::detail
