// Timers through Loop::add_timer / add_periodic, for every poller back end.
#include <thread>
#include <vector>

#include "loop_test_support.h"

namespace rc::event::testing {
namespace {

using Clock = std::chrono::steady_clock;
using LoopTimerTest = LoopTest;
INSTANTIATE_TEST_SUITE_P(Backends, LoopTimerTest, RC_LOOP_BACKENDS, backend_name);

TEST_P(LoopTimerTest, OneShotFiresOnceAfterItsDelay) {
  int calls = 0;
  Loop::TimePoint fired_at{};
  const auto start = Clock::now();
  Timer timer = loop().add_timer(20ms, [&] {
    ++calls;
    fired_at = loop().now();
  });
  EXPECT_TRUE(timer.pending());
  ASSERT_TRUE(run_until([&] { return calls == 1; }));
  EXPECT_GE(fired_at - start, 20ms);
  EXPECT_FALSE(timer.pending());
  auto ran = loop().run_once(30ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(*ran, 0U);
  EXPECT_EQ(calls, 1);
}

TEST_P(LoopTimerTest, FiresInDeadlineOrder) {
  std::vector<int> order;
  Timer third = loop().add_timer(30ms, [&] { order.push_back(3); });
  Timer first = loop().add_timer(10ms, [&] { order.push_back(1); });
  Timer second = loop().add_timer(20ms, [&] { order.push_back(2); });
  ASSERT_TRUE(run_until([&] { return order.size() == 3; }));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST_P(LoopTimerTest, EqualDeadlinesFireInSchedulingOrder) {
  std::vector<int> order;
  std::vector<Timer> timers;
  for (int i = 0; i < 5; ++i)
    timers.push_back(loop().add_timer(0ms, [&, i] { order.push_back(i); }));
  ASSERT_TRUE(run_until([&] { return order.size() == 5; }));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_P(LoopTimerTest, PeriodicKeepsFiring) {
  int calls = 0;
  Timer tick = loop().add_periodic(5ms, [&] { ++calls; });
  ASSERT_TRUE(run_until([&] { return calls == 3; }));
  EXPECT_TRUE(tick.pending());
  tick.cancel();
  auto ran = loop().run_once(20ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 3);
}

TEST_P(LoopTimerTest, ZeroPeriodFiresAtMostOncePerIteration) {
  int calls = 0;
  Timer tick = loop().add_periodic(0ms, [&] { ++calls; });
  for (int i = 0; i < 3; ++i) {
    auto ran = loop().run_once(50ms);
    ASSERT_TRUE(ran);
    EXPECT_LE(*ran, 1U);
  }
  EXPECT_GE(calls, 1);
}

TEST_P(LoopTimerTest, CancelledTimerDoesNotFireUntilRestarted) {
  int calls = 0;
  Timer timer = loop().add_timer(5ms, [&] { ++calls; });
  timer.cancel();
  EXPECT_FALSE(timer.pending());
  auto ran = loop().run_once(20ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 0);

  timer.restart(1ms);
  EXPECT_TRUE(timer.pending());
  ASSERT_TRUE(run_until([&] { return calls == 1; }));
  // A fired one-shot can be armed again: how retransmissions are driven.
  timer.restart(1ms);
  ASSERT_TRUE(run_until([&] { return calls == 2; }));
}

TEST_P(LoopTimerTest, RestartPushesTheDeadlineBack) {
  int calls = 0;
  Timer timer = loop().add_timer(10ms, [&] { ++calls; });
  timer.restart(10s);
  auto ran = loop().run_once(40ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(timer.pending());
}

TEST_P(LoopTimerTest, DestroyedTimerNeverFires) {
  int calls = 0;
  {
    Timer timer = loop().add_timer(1ms, [&] { ++calls; });
  }
  auto ran = loop().run_once(20ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 0);
}

TEST_P(LoopTimerTest, HandlersOfOneIterationSeeOneTime) {
  std::vector<Loop::TimePoint> seen;
  // The earliest either timer may fire, taken before adding them; and both
  // are due before the loop runs, so one iteration must dispatch both
  // (on a loaded machine adding the second could otherwise straddle an
  // iteration's start).
  const auto deadline = Clock::now() + 1ms;
  Timer a = loop().add_timer(1ms, [&] { seen.push_back(loop().now()); });
  Timer b = loop().add_timer(1ms, [&] { seen.push_back(loop().now()); });
  std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(run_until([&] { return seen.size() == 2; }));
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_GE(seen[0], deadline);
}

TEST_P(LoopTimerTest, ZeroDelayTimerAddedByATimerWaitsForTheNextIteration) {
  int inner_calls = 0;
  Timer inner;
  Timer outer =
      loop().add_timer(0ms, [&] { inner = loop().add_timer(0ms, [&] { ++inner_calls; }); });
  auto first = loop().run_once(1s);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 1U);
  EXPECT_EQ(inner_calls, 0);
  auto second = loop().run_once(1s);
  ASSERT_TRUE(second);
  EXPECT_EQ(inner_calls, 1);
}

TEST_P(LoopTimerTest, RunOnceTimeoutIsShortenedByTheNextTimer) {
  bool fired = false;
  Timer timer = loop().add_timer(20ms, [&] { fired = true; });
  const auto start = Clock::now();
  while (!fired && Clock::now() - start < 5s) ASSERT_TRUE(loop().run_once(10s));
  EXPECT_TRUE(fired);
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST_P(LoopTimerTest, TimerOutlivingItsLoopIsInert) {
  int calls = 0;
  Timer timer = loop().add_timer(1ms, [&] { ++calls; });
  loop_.reset();
  EXPECT_FALSE(timer.pending());
  timer.restart(1ms);
  timer.cancel();
  timer.reset();
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace rc::event::testing
