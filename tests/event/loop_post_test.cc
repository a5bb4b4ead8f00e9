// post() and stop() from other threads, for every poller back end.
#include <atomic>
#include <thread>
#include <vector>

#include "loop_test_support.h"

namespace rc::event::testing {
namespace {

using LoopPostTest = LoopTest;
INSTANTIATE_TEST_SUITE_P(Backends, LoopPostTest, RC_LOOP_BACKENDS, backend_name);

TEST_P(LoopPostTest, PostedTasksRunInOrderInTheLoop) {
  std::vector<int> order;
  for (int i = 0; i < 3; ++i) loop().post([&, i] { order.push_back(i); });
  EXPECT_TRUE(order.empty());
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(*ran, 3U);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
}

TEST_P(LoopPostTest, PostFromAnotherThreadWakesABlockedRunOnce) {
  bool ran_task = false;
  std::thread poster([&] {
    // Nothing observable says "the loop is blocked now"; the pause makes it
    // very likely. Posting earlier would pass too (the wait is then skipped).
    std::this_thread::sleep_for(20ms);
    loop().post([&] { ran_task = true; });
  });
  const auto start = std::chrono::steady_clock::now();
  auto ran = loop().run_once(10s);
  poster.join();
  ASSERT_TRUE(ran);
  EXPECT_EQ(*ran, 1U);
  EXPECT_TRUE(ran_task);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_P(LoopPostTest, ManyThreadsPostEverythingExactlyOnce) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<int> per_thread(kThreads, 0);
  std::vector<int> last_seen(kThreads, -1);
  bool in_order = true;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        loop().post([&, t, i] {
          if (i != last_seen[static_cast<std::size_t>(t)] + 1) in_order = false;
          last_seen[static_cast<std::size_t>(t)] = i;
          ++per_thread[static_cast<std::size_t>(t)];
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(run_until([&] {
    for (const int count : per_thread) {
      if (count != kPerThread) return false;
    }
    return true;
  }));
  EXPECT_TRUE(in_order);
}

TEST_P(LoopPostTest, StopFromAnotherThreadEndsRun) {
  Timer keep_busy = loop().add_periodic(1h, [] {});
  std::atomic<bool> started{false};
  loop().post([&] { started = true; });
  std::thread stopper([&] {
    while (!started.load()) std::this_thread::yield();
    loop().stop();
  });
  auto done = loop().run();
  stopper.join();
  ASSERT_TRUE(done) << done.error().message;
}

TEST_P(LoopPostTest, StopBeforeRunEndsTheNextRun) {
  loop().stop();
  auto done = loop().run();
  EXPECT_TRUE(done);
}

TEST_P(LoopPostTest, TaskThatPostsItselfDoesNotStarveTheLoop) {
  int posted_runs = 0;
  std::function<void()> again = [&] {
    ++posted_runs;
    loop().post(again);
  };
  loop().post(again);
  bool timer_fired = false;
  Timer timer = loop().add_timer(5ms, [&] { timer_fired = true; });
  ASSERT_TRUE(run_until([&] { return timer_fired; }));
  EXPECT_GE(posted_runs, 1);
}

TEST_P(LoopPostTest, StopInsideABatchKeepsTheRestQueuedInOrder) {
  std::vector<int> order;
  loop().post([&] {
    order.push_back(0);
    loop().stop();
  });
  loop().post([&] { order.push_back(1); });
  loop().post([&] { order.push_back(2); });
  auto first = loop().run_once(1s);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 1U);
  EXPECT_EQ(order, (std::vector<int>{0}));
  auto second = loop().run_once(1s);
  ASSERT_TRUE(second);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
}

}  // namespace
}  // namespace rc::event::testing
