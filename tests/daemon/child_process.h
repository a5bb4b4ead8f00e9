// Starting the fixture daemon and waiting for it, always with a time limit:
// a hung daemon fails the test instead of hanging it.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/unique_fd.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX has no header for it

namespace rc::daemon::testing {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid = -1;
  UniqueFd out;  // the child's stdout
  UniqueFd err;  // the child's stderr
};

inline Child spawn_fixture(const std::vector<std::string>& args) {
  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  EXPECT_EQ(::pipe2(out.data(), O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(err.data(), O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  // The daemon's signals must work however the test runner was started.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signo : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&defaults, signo);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> words{RACOON2_DAEMON_FIXTURE};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);

  Child child;
  const int spawned =
      ::posix_spawn(&child.pid, argv[0], &actions, &attributes, argv.data(), environ);
  EXPECT_EQ(spawned, 0);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out[1]);
  ::close(err[1]);
  child.out.reset(out[0]);
  child.err.reset(err[0]);
  return child;
}

// Waits for `pid` (a child, or an orphan we reap as subreaper) to exit:
// its exit status, 128 + signal if killed, or nullopt on timeout.
inline std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds limit = 10s) {
  const auto give_up = Clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    }
    if (done < 0 || Clock::now() > give_up) return std::nullopt;
    std::this_thread::sleep_for(5ms);
  }
}

// Polls `done` until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
  const auto give_up = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > give_up) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// Reads until EOF or the time limit.
inline std::string read_to_eof(int fd, std::chrono::milliseconds limit = 10s) {
  std::string text;
  const auto give_up = Clock::now() + limit;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now());
    if (left.count() <= 0) break;
    pollfd watched{fd, POLLIN, 0};
    if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) break;
    std::array<char, 512> chunk{};
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got <= 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(got));
  }
  return text;
}

// Reads one line (without its newline), or nullopt on EOF or timeout.
inline std::optional<std::string> read_line(int fd, std::chrono::milliseconds limit = 10s) {
  std::string line;
  const auto give_up = Clock::now() + limit;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd watched{fd, POLLIN, 0};
    if (::poll(&watched, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char byte = 0;
    if (::read(fd, &byte, 1) != 1) return std::nullopt;
    if (byte == '\n') return line;
    line += byte;
  }
}

}  // namespace rc::daemon::testing
