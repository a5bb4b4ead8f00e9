// The timer queue on its own: ordering, rescheduling, barriers.
#include "event/timer_queue.h"

#include <vector>

#include <gtest/gtest.h>

namespace rc::event::detail {
namespace {

using namespace std::chrono_literals;

TimerCallback recorder(std::vector<int>& log, int value) {
  return std::make_shared<std::function<void()>>([&log, value] { log.push_back(value); });
}

void fire_all(TimerQueue& queue, Clock::time_point now) {
  const auto barrier = queue.barrier();
  while (auto callback = queue.pop_due(now, barrier)) (**callback)();
}

TEST(TimerQueueTest, PopsOnlyDueTimersInDeadlineOrder) {
  TimerQueue queue;
  std::vector<int> log;
  const Clock::time_point t0{};
  queue.add(1, t0 + 30ms, {}, recorder(log, 30));
  queue.add(2, t0 + 10ms, {}, recorder(log, 10));
  queue.add(3, t0 + 20ms, {}, recorder(log, 20));
  EXPECT_EQ(queue.next_deadline(), t0 + 10ms);
  fire_all(queue, t0 + 25ms);
  EXPECT_EQ(log, (std::vector<int>{10, 20}));
  EXPECT_FALSE(queue.pending(2));
  EXPECT_TRUE(queue.pending(1));
  EXPECT_EQ(queue.next_deadline(), t0 + 30ms);
}

TEST(TimerQueueTest, PeriodicTimerSkipsMissedPeriods) {
  TimerQueue queue;
  std::vector<int> log;
  const Clock::time_point t0{};
  queue.add(1, t0 + 10ms, 10ms, recorder(log, 1));
  fire_all(queue, t0 + 55ms);  // five periods late: one call, not five
  EXPECT_EQ(log.size(), 1U);
  EXPECT_EQ(queue.next_deadline(), t0 + 65ms);
  fire_all(queue, t0 + 65ms);
  EXPECT_EQ(log.size(), 2U);
  EXPECT_EQ(queue.next_deadline(), t0 + 75ms);
}

TEST(TimerQueueTest, TimersScheduledAfterTheBarrierWait) {
  TimerQueue queue;
  std::vector<int> log;
  const Clock::time_point t0{};
  queue.add(1, t0, {}, recorder(log, 1));
  const auto barrier = queue.barrier();
  queue.add(2, t0, {}, recorder(log, 2));
  while (auto callback = queue.pop_due(t0, barrier)) (**callback)();
  EXPECT_EQ(log, (std::vector<int>{1}));
  EXPECT_TRUE(queue.pending(2));
}

TEST(TimerQueueTest, CancelKeepsTheRegistrationRemoveDropsIt) {
  TimerQueue queue;
  std::vector<int> log;
  const Clock::time_point t0{};
  queue.add(1, t0, {}, recorder(log, 1));
  queue.cancel(1);
  EXPECT_FALSE(queue.pending(1));
  EXPECT_TRUE(queue.empty());
  queue.restart(1, t0 + 1ms);
  EXPECT_TRUE(queue.pending(1));
  EXPECT_NE(queue.remove(1), nullptr);
  queue.restart(1, t0);
  EXPECT_FALSE(queue.pending(1));
  EXPECT_EQ(queue.remove(1), nullptr);
  fire_all(queue, t0 + 1h);
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace rc::event::detail
