// POSIX signals delivered as loop callbacks, for every poller back end.
#include <pthread.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <thread>

#include "loop_test_support.h"

namespace rc::event::testing {
namespace {

using LoopSignalTest = LoopTest;
INSTANTIATE_TEST_SUITE_P(Backends, LoopSignalTest, RC_LOOP_BACKENDS, backend_name);

extern "C" void do_nothing(int /*signo*/) {}

struct sigaction current_action(int signo) {
  struct sigaction action {};
  ::sigaction(signo, nullptr, &action);
  return action;
}

TEST_P(LoopSignalTest, RaisedSignalRunsTheCallbackInTheLoop) {
  int calls = 0;
  auto watch = loop().watch_signal(SIGUSR1, [&] { ++calls; });
  ASSERT_TRUE(watch) << watch.error().message;
  ASSERT_EQ(::raise(SIGUSR1), 0);
  EXPECT_EQ(calls, 0) << "the callback must not run in signal context";
  ASSERT_TRUE(run_until([&] { return calls == 1; }));
}

TEST_P(LoopSignalTest, EveryWatchOfTheSignalIsCalled) {
  int first = 0;
  int second = 0;
  auto a = loop().watch_signal(SIGUSR1, [&] { ++first; });
  auto b = loop().watch_signal(SIGUSR1, [&] { ++second; });
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  ASSERT_EQ(::raise(SIGUSR1), 0);
  ASSERT_TRUE(run_until([&] { return first == 1 && second == 1; }));
}

TEST_P(LoopSignalTest, SignalFromAnotherThreadWakesABlockedLoop) {
  int calls = 0;
  auto watch = loop().watch_signal(SIGUSR2, [&] { ++calls; });
  ASSERT_TRUE(watch);
  std::thread sender([] { ::kill(::getpid(), SIGUSR2); });
  ASSERT_TRUE(run_until([&] { return calls == 1; }));
  sender.join();
}

TEST_P(LoopSignalTest, RestoresThePreviousDispositionWhenTheLastWatchGoes) {
  struct sigaction mine {};
  mine.sa_handler = do_nothing;
  sigemptyset(&mine.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR1, &mine, nullptr), 0);
  {
    auto a = loop().watch_signal(SIGUSR1, [] {});
    auto b = loop().watch_signal(SIGUSR1, [] {});
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_NE(current_action(SIGUSR1).sa_handler, &do_nothing);
    a->reset();
    EXPECT_NE(current_action(SIGUSR1).sa_handler, &do_nothing) << "b still watches";
  }
  EXPECT_EQ(current_action(SIGUSR1).sa_handler, &do_nothing);
  ::signal(SIGUSR1, SIG_DFL);
}

TEST_P(LoopSignalTest, DestroyingTheLoopRestoresTheDisposition) {
  ::signal(SIGUSR1, SIG_IGN);
  auto watch = loop().watch_signal(SIGUSR1, [] {});
  ASSERT_TRUE(watch);
  loop_.reset();
  EXPECT_EQ(current_action(SIGUSR1).sa_handler, SIG_IGN);
  EXPECT_FALSE(watch->active());
  ::signal(SIGUSR1, SIG_DFL);
}

TEST_P(LoopSignalTest, ASignalBelongsToOneLoopAtATime) {
  auto other = Loop::create(GetParam());
  ASSERT_TRUE(other);
  auto mine = loop().watch_signal(SIGUSR1, [] {});
  ASSERT_TRUE(mine);
  auto theirs = other->watch_signal(SIGUSR1, [] {});
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, EBUSY);
  mine->reset();
  EXPECT_TRUE(other->watch_signal(SIGUSR1, [] {}));
}

TEST_P(LoopSignalTest, RefusesSignalsThatCannotBeCaught) {
  auto kill_watch = loop().watch_signal(SIGKILL, [] {});
  ASSERT_FALSE(kill_watch);
  EXPECT_EQ(kill_watch.error().code, EINVAL);
  auto bogus = loop().watch_signal(100000, [] {});
  ASSERT_FALSE(bogus);
  EXPECT_EQ(bogus.error().code, EINVAL);
}

TEST_P(LoopSignalTest, HandlerPreservesErrnoEvenWhenItsWriteFails) {
  auto watch = loop().watch_signal(SIGUSR1, [] {});
  ASSERT_TRUE(watch);
  // More signals than the wake pipe holds bytes (64 KiB on Linux): the
  // later writes fail with EAGAIN, and the handler must hide that.
  for (int i = 0; i < 70000; ++i) {
    errno = EDOM;
    ASSERT_EQ(::raise(SIGUSR1), 0);
    ASSERT_EQ(errno, EDOM) << "after " << i << " signals";
  }
  // Folded into one callback, and the full pipe is drained.
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(*ran, 1U);
  auto idle = loop().run_once(10ms);
  ASSERT_TRUE(idle);
  EXPECT_EQ(*idle, 0U);
}

TEST_P(LoopSignalTest, WaitInterruptedByAnUnwatchedSignalIsResumed) {
  // A handler without SA_RESTART makes epoll_wait/poll fail with EINTR.
  struct sigaction plain {};
  plain.sa_handler = do_nothing;
  sigemptyset(&plain.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR2, &plain, nullptr), 0);

  int calls = 0;
  const auto start = std::chrono::steady_clock::now();
  Timer timer = loop().add_timer(50ms, [&] { ++calls; });
  std::atomic<bool> done{false};
  const pthread_t loop_thread = ::pthread_self();
  std::thread interrupter([&] {
    while (!done.load()) {
      ::pthread_kill(loop_thread, SIGUSR2);
      std::this_thread::sleep_for(2ms);  // a steady stream of interruptions
    }
  });
  auto ran = loop().run_once(5s);
  done.store(true);
  interrupter.join();
  ::signal(SIGUSR2, SIG_DFL);

  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, 1U) << "EINTR must not end the iteration before the timer is due";
  EXPECT_EQ(calls, 1);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
}

}  // namespace
}  // namespace rc::event::testing
