// When spmd re-asks DNS about a watched name: at once, before the TTL runs
// out, and with back-off after failures; never twice at the same time.
#include "spmd/core/refresh_schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace rc::spmd {
namespace {

using std::chrono::seconds;
using Item = RefreshSchedule::Item;
using Items = std::vector<Item>;

constexpr SteadyTime kStart = SteadyTime{} + std::chrono::hours(1);

TEST(RefreshScheduleTest, DueAtOnceWhenAddedAndOnlyOnce) {
  RefreshSchedule schedule;
  EXPECT_FALSE(schedule.next_due());
  schedule.add("a.example.", Family::V4, kStart);
  schedule.add("a.example.", Family::V6, kStart);
  EXPECT_TRUE(schedule.scheduled("a.example.", Family::V4));
  EXPECT_FALSE(schedule.scheduled("b.example.", Family::V4));
  EXPECT_EQ(schedule.size(), 2U);
  EXPECT_EQ(schedule.next_due(), kStart);

  // Adding again changes nothing (not even when it is due).
  schedule.add("a.example.", Family::V4, kStart + seconds(50));
  EXPECT_EQ(schedule.size(), 2U);
  EXPECT_EQ(schedule.next_due(), kStart);

  EXPECT_TRUE(schedule.due(kStart - seconds(1)).empty());
  EXPECT_EQ(schedule.due(kStart), (Items{{"a.example.", Family::V4}, {"a.example.", Family::V6}}));
  // In flight: not handed out again, and nothing to wake up for.
  EXPECT_TRUE(schedule.due(kStart + seconds(1000)).empty());
  EXPECT_FALSE(schedule.next_due());
}

TEST(RefreshScheduleTest, AnsweredIsDueAfterThreeQuartersOfTheTtl) {
  RefreshSchedule schedule;
  schedule.add("a.example.", Family::V4, kStart);
  ASSERT_EQ(schedule.due(kStart).size(), 1U);
  const SteadyTime answered = kStart + seconds(2);
  schedule.answered("a.example.", Family::V4, 300, answered);
  EXPECT_EQ(schedule.next_due(), answered + seconds(225));
  EXPECT_TRUE(schedule.due(answered + seconds(224)).empty());
  EXPECT_EQ(schedule.due(answered + seconds(225)), (Items{{"a.example.", Family::V4}}));
}

TEST(RefreshScheduleTest, RefreshIntervalIsBounded) {
  RefreshSchedule schedule;
  schedule.add("a.example.", Family::V4, kStart);
  ASSERT_EQ(schedule.due(kStart).size(), 1U);
  // TTL 0 and 1: at least kMinRefresh, so a zero TTL cannot make a busy loop.
  schedule.answered("a.example.", Family::V4, 0, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + RefreshSchedule::kMinRefresh);
  ASSERT_EQ(schedule.due(kStart + seconds(1)).size(), 1U);
  schedule.answered("a.example.", Family::V4, 1, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + RefreshSchedule::kMinRefresh);
  // A week: capped at a day. The largest TTL must not overflow either.
  ASSERT_EQ(schedule.due(kStart + seconds(1)).size(), 1U);
  schedule.answered("a.example.", Family::V4, 7 * 86400, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + RefreshSchedule::kMaxRefresh);
  ASSERT_EQ(schedule.due(kStart + RefreshSchedule::kMaxRefresh).size(), 1U);
  schedule.answered("a.example.", Family::V4, 0xFFFFFFFFU, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + RefreshSchedule::kMaxRefresh);
}

TEST(RefreshScheduleTest, FailuresBackOffDoublingToTheCap) {
  RefreshSchedule schedule;
  schedule.add("a.example.", Family::V6, kStart);
  SteadyTime now = kStart;
  const std::vector<int> expected{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
  for (const int wait : expected) {
    ASSERT_EQ(schedule.due(now), (Items{{"a.example.", Family::V6}})) << wait;
    schedule.failed("a.example.", Family::V6, now);
    EXPECT_EQ(schedule.next_due(), now + seconds(wait));
    EXPECT_TRUE(schedule.due(now + seconds(wait) - seconds(1)).empty());
    now += seconds(wait);
  }
  // An answer ends the back-off: the next failure starts again at the first step.
  ASSERT_EQ(schedule.due(now).size(), 1U);
  schedule.answered("a.example.", Family::V6, 40, now);
  EXPECT_EQ(schedule.next_due(), now + seconds(30));
  now += seconds(30);
  ASSERT_EQ(schedule.due(now).size(), 1U);
  schedule.failed("a.example.", Family::V6, now);
  EXPECT_EQ(schedule.next_due(), now + RefreshSchedule::kFirstBackoff);
}

TEST(RefreshScheduleTest, FamiliesAreIndependent) {
  RefreshSchedule schedule;
  schedule.add("a.example.", Family::V4, kStart);
  schedule.add("a.example.", Family::V6, kStart);
  ASSERT_EQ(schedule.due(kStart).size(), 2U);
  schedule.answered("a.example.", Family::V4, 400, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + seconds(300));  // V6 is still in flight
  schedule.failed("a.example.", Family::V6, kStart);
  EXPECT_EQ(schedule.next_due(), kStart + seconds(1));
  EXPECT_EQ(schedule.due(kStart + seconds(1)), (Items{{"a.example.", Family::V6}}));
}

TEST(RefreshScheduleTest, RemoveDropsBothFamiliesAndLateResultsDoNotReviveThem) {
  RefreshSchedule schedule;
  schedule.add("a.example.", Family::V4, kStart);
  schedule.add("a.example.", Family::V6, kStart);
  schedule.add("b.example.", Family::V4, kStart + seconds(10));
  ASSERT_EQ(schedule.due(kStart).size(), 2U);
  schedule.remove("a.example.");
  EXPECT_FALSE(schedule.scheduled("a.example.", Family::V4));
  EXPECT_FALSE(schedule.scheduled("a.example.", Family::V6));
  EXPECT_EQ(schedule.size(), 1U);
  // The query in flight when it was removed comes back.
  schedule.answered("a.example.", Family::V4, 60, kStart);
  schedule.failed("a.example.", Family::V6, kStart);
  EXPECT_EQ(schedule.size(), 1U);
  EXPECT_EQ(schedule.next_due(), kStart + seconds(10));
  EXPECT_EQ(schedule.due(kStart + seconds(1000)), (Items{{"b.example.", Family::V4}}));
  schedule.remove("never.example.");  // no effect
  EXPECT_EQ(schedule.size(), 1U);
}

TEST(RefreshScheduleTest, NextDueIsTheEarliestNotInFlight) {
  RefreshSchedule schedule;
  schedule.add("late.example.", Family::V4, kStart + seconds(50));
  schedule.add("early.example.", Family::V4, kStart + seconds(5));
  schedule.add("middle.example.", Family::V6, kStart + seconds(20));
  EXPECT_EQ(schedule.next_due(), kStart + seconds(5));
  EXPECT_EQ(schedule.due(kStart + seconds(5)), (Items{{"early.example.", Family::V4}}));
  EXPECT_EQ(schedule.next_due(), kStart + seconds(20));
  EXPECT_EQ(schedule.due(kStart + seconds(60)),
            (Items{{"late.example.", Family::V4}, {"middle.example.", Family::V6}}));
  EXPECT_FALSE(schedule.next_due());
}

}  // namespace
}  // namespace rc::spmd
