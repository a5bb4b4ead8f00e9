#include "log/rate_limit.h"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using rc::log::RateLimit;

// A clock the test moves by hand.
struct FakeClock {
  RateLimit::Clock::time_point now{};
  RateLimit::Now source() {
    return [this] { return now; };
  }
};

int admitted_count(RateLimit& limit, int tries) {
  int admitted = 0;
  for (int i = 0; i < tries; ++i) {
    if (limit.admit()) ++admitted;
  }
  return admitted;
}

TEST(RateLimit, StartsWithAFullBurst) {
  FakeClock clock;
  RateLimit limit(1, 5, clock.source());
  EXPECT_EQ(admitted_count(limit, 10), 5);
}

TEST(RateLimit, RefillsAtTheRate) {
  FakeClock clock;
  RateLimit limit(2, 1, clock.source());  // one token every 500 ms
  EXPECT_TRUE(limit.admit());
  EXPECT_FALSE(limit.admit());
  clock.now += 499ms;
  EXPECT_FALSE(limit.admit());
  clock.now += 1ms;
  EXPECT_TRUE(limit.admit());
  EXPECT_FALSE(limit.admit());
}

TEST(RateLimit, RefillNeverExceedsTheBurst) {
  FakeClock clock;
  RateLimit limit(10, 3, clock.source());
  EXPECT_EQ(admitted_count(limit, 3), 3);
  clock.now += 1h;
  EXPECT_EQ(admitted_count(limit, 10), 3);
}

TEST(RateLimit, PartialTimeIsNotLost) {
  FakeClock clock;
  RateLimit limit(1, 1, clock.source());
  EXPECT_TRUE(limit.admit());
  // Asking often must not reset the progress towards the next token.
  for (int i = 0; i < 10; ++i) {
    clock.now += 100ms;
    EXPECT_EQ(static_cast<bool>(limit.admit()), i == 9) << i;
  }
}

TEST(RateLimit, SustainedFloodIsHeldToTheRate) {
  FakeClock clock;
  RateLimit limit(5, 5, clock.source());
  int admitted = 0;
  for (int ms = 0; ms < 10'000; ++ms) {  // 10 s, one attempt every millisecond
    if (limit.admit()) ++admitted;
    clock.now += 1ms;
  }
  EXPECT_GE(admitted, 5 + 49);  // the burst, then 5 a second
  EXPECT_LE(admitted, 5 + 50);
}

TEST(RateLimit, CountsSuppressedLinesUntilTheNextAdmission) {
  FakeClock clock;
  RateLimit limit(1, 1, clock.source());
  auto first = limit.admit();
  ASSERT_TRUE(first);
  EXPECT_EQ(first.suppressed(), 0U);
  EXPECT_EQ(first.suffix(), "");
  for (int i = 0; i < 3; ++i) {
    auto refused = limit.admit();
    EXPECT_FALSE(refused);
    EXPECT_EQ(refused.suffix(), "");
  }
  clock.now += 1s;
  auto next = limit.admit();
  ASSERT_TRUE(next);
  EXPECT_EQ(next.suppressed(), 3U);
  EXPECT_EQ(next.suffix(), " (3 similar messages suppressed)");
  // The count starts over.
  EXPECT_FALSE(limit.admit());
  clock.now += 1s;
  auto after_one = limit.admit();
  EXPECT_EQ(after_one.suffix(), " (1 similar message suppressed)");
  clock.now += 1s;
  EXPECT_EQ(limit.admit().suppressed(), 0U);
}

TEST(RateLimit, ZeroRateAndBurstAreTakenAsOne) {
  FakeClock clock;
  RateLimit limit(0, 0, clock.source());
  EXPECT_TRUE(limit.admit());
  EXPECT_FALSE(limit.admit());
  clock.now += 1s;
  EXPECT_TRUE(limit.admit());
}

TEST(RateLimit, ClockGoingBackwardsEarnsNothing) {
  FakeClock clock;
  clock.now += 10s;
  RateLimit limit(1, 1, clock.source());
  EXPECT_TRUE(limit.admit());
  clock.now -= 5s;
  EXPECT_FALSE(limit.admit());
}

TEST(RateLimit, WorksWithTheRealClock) {
  RateLimit limit(1, 2);
  EXPECT_TRUE(limit.admit());
  EXPECT_TRUE(limit.admit());
  EXPECT_FALSE(limit.admit());  // nobody runs this test a full second apart
}

}  // namespace
