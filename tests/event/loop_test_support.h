// The fixture every loop test uses: one Loop per test, for each back end,
// so the poll(2) path that ships on the BSDs is exercised on Linux too.
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "base/unique_fd.h"
#include "event/loop.h"

namespace rc::event::testing {

using namespace std::chrono_literals;

class LoopTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto created = Loop::create(GetParam());
    ASSERT_TRUE(created) << created.error().message;
    loop_.emplace(std::move(*created));
  }

  Loop& loop() { return *loop_; }

  // Iterates until done() holds or `limit` passes; never waits unbounded.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      const auto left = give_up - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) return false;
      auto ran = loop_->run_once(left);
      if (!ran) {
        ADD_FAILURE() << ran.error().message;
        return false;
      }
    }
    return true;
  }

  std::optional<Loop> loop_;
};

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kEpoll ? "epoll" : "poll";
}

#if defined(__linux__)
#define RC_LOOP_BACKENDS \
  ::testing::Values(::rc::event::Backend::kEpoll, ::rc::event::Backend::kPoll)
#else
#define RC_LOOP_BACKENDS ::testing::Values(::rc::event::Backend::kPoll)
#endif

// Both ends of a socketpair or a pipe.
struct FdPair {
  UniqueFd first;
  UniqueFd second;
};

inline FdPair make_socketpair() {
  std::array<int, 2> fds{-1, -1};
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds.data()), 0);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// first = read end, second = write end.
inline FdPair make_pipe() {
  std::array<int, 2> fds{-1, -1};
  EXPECT_EQ(::pipe(fds.data()), 0);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

inline void write_byte(int fd, char byte = 'x') {
  ASSERT_EQ(::write(fd, &byte, 1), 1);
}

}  // namespace rc::event::testing
