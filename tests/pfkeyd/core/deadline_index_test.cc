// The deadline indexes behind next_deadline() and run_timers(): every
// change that moves an SA's, a policy's or an ACQUIRE's deadline moves it
// in the index, and a timer run takes exactly what is due, in table order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "core/lifetimes.h"
#include "core/sa_expiry.h"
#include "core/sad.h"
#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using DeadlineTest = TablesTest;
using rct::Direction;

kernel::SaParams esp_with_hard_add(std::uint32_t spi, std::uint64_t hard_seconds,
                                   std::uint64_t soft_seconds = 0) {
  kernel::SaParams sa = esp_sa(spi);
  sa.lifetimes.hard.add_seconds = hard_seconds;
  sa.lifetimes.soft.add_seconds = soft_seconds;
  return sa;
}

TEST_F(DeadlineTest, AnUpdateOfTheLifetimesMovesTheDeadlineBothWays) {
  const MonoTime start = clock().now();
  ASSERT_OK(tables().add_sa(esp_with_hard_add(0x2001, 100)));
  EXPECT_EQ(tables().next_deadline(), start + seconds(100));
  // Sooner: still counted from the original add.
  advance(seconds(10));
  ASSERT_OK(tables().update_sa(esp_with_hard_add(0x2001, 50)));
  EXPECT_EQ(tables().next_deadline(), start + seconds(50));
  // Later: the old, earlier deadline must be gone from the index.
  ASSERT_OK(tables().update_sa(esp_with_hard_add(0x2001, 500)));
  EXPECT_EQ(tables().next_deadline(), start + seconds(500));
  advance(seconds(60));
  EXPECT_TRUE(tables().run_timers().empty());
  ASSERT_OK(tables().get_sa(esp_sa(0x2001).id));
  // No limit at all: no deadline.
  ASSERT_OK(tables().update_sa(esp_sa(0x2001)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

TEST_F(DeadlineTest, ADyingSaUpdatedWaitsForItsSoftLimitAgain) {
  const MonoTime start = clock().now();
  ASSERT_OK(tables().add_sa(esp_with_hard_add(0x2002, 20, 10)));
  advance(seconds(10));
  ASSERT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);
  EXPECT_EQ(tables().next_deadline(), start + seconds(20)) << "dying: the hard limit only";
  ASSERT_OK(tables().update_sa(esp_with_hard_add(0x2002, 30, 15)));
  EXPECT_EQ(tables().get_sa(esp_sa(0x2002).id)->state, kernel::SaState::Mature);
  EXPECT_EQ(tables().next_deadline(), start + seconds(15));
  advance(seconds(5));
  auto soft = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(soft.size(), 1U);
  EXPECT_FALSE(soft[0].event.hard);
  EXPECT_EQ(tables().next_deadline(), start + seconds(30));
}

TEST_F(DeadlineTest, ALarvalSaMadeMatureLosesItsTimeout) {
  auto spi = tables().get_spi(spi_request(7));
  ASSERT_OK(spi);
  EXPECT_EQ(tables().next_deadline(), clock().now() + seconds(30));
  kernel::SaParams sa = esp_sa(*spi, kPeer4, kLocal4, 7);
  ASSERT_OK(tables().update_sa(std::move(sa)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

TEST_F(DeadlineTest, DeletedAndFlushedSasLeaveNoDeadline) {
  const MonoTime start = clock().now();
  ASSERT_OK(tables().add_sa(esp_with_hard_add(0x2003, 10)));
  ASSERT_OK(tables().add_sa(esp_with_hard_add(0x2004, 20)));
  ASSERT_OK(tables().delete_sa(esp_sa(0x2003).id));
  EXPECT_EQ(tables().next_deadline(), start + seconds(20));
  tables().flush_sas();
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
  advance(seconds(30));
  EXPECT_TRUE(tables().run_timers().empty());
}

TEST_F(DeadlineTest, EachPacketMovesAPolicysUseDeadline) {
  kernel::PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  policy.action = kernel::PolicyAction::Bypass;
  policy.lifetimes.hard.use_seconds = 10;
  ASSERT_OK(tables().add_policy(policy));
  EXPECT_EQ(tables().next_deadline(), clock().now() + seconds(10)) << "idle since the add";
  advance(seconds(5));
  send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(tables().next_deadline(), clock().now() + seconds(10));
  advance(seconds(9));
  EXPECT_TRUE(tables().run_timers().empty());
  advance(seconds(1));
  EXPECT_EQ(only<PolicyExpireNotice>(tables().run_timers()).size(), 1U);
  EXPECT_EQ(tables().policy_count(), 0U);
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

TEST_F(DeadlineTest, TheAcquiresDeadlineGoesWithTheAnsweringSa) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound)));
  send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(tables().next_deadline(), clock().now() + seconds(30));
  ASSERT_OK(tables().add_sa(esp_sa(0x2005)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

// Many SAs of staggered lifetimes: each run takes exactly the SAs due, in
// the order they were added, however many wait.
TEST_F(DeadlineTest, TimerRunsTakeExactlyTheDueSasInAddOrder) {
  constexpr std::uint32_t kSas = 5000;
  const MonoTime start = clock().now();
  for (std::uint32_t i = 0; i < kSas; ++i) {
    // Ten groups; within one, the deadlines are equal.
    ASSERT_OK(tables().add_sa(esp_with_hard_add(0x10000 + i, 100 + (i * 7) % 10)));
  }
  EXPECT_EQ(tables().next_deadline(), start + seconds(100));
  advance(seconds(99));
  EXPECT_TRUE(tables().run_timers().empty());
  for (std::uint32_t group = 0; group < 10; ++group) {
    advance(seconds(1));
    auto expired = only<SaExpireNotice>(tables().run_timers());
    ASSERT_EQ(expired.size(), kSas / 10) << "at " << 100 + group << " s";
    EXPECT_TRUE(std::is_sorted(expired.begin(), expired.end(), [](const auto& a, const auto& b) {
      return a.event.id.spi < b.event.id.spi;
    }));
    for (const auto& notice : expired) {
      EXPECT_EQ(100 + ((notice.event.id.spi - 0x10000) * 7) % 10, 100 + group);
    }
  }
  EXPECT_EQ(tables().sa_count(), 0U);
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

// --- the SAD's index itself, against a scan of every entry ---------------

std::optional<MonoTime> scanned_deadline(const Sad& sad) {
  std::optional<MonoTime> next;
  for (const SaEntry* entry : sad.in_order(std::nullopt))
    next = earliest(next, sa_deadline(*entry));
  return next;
}

std::vector<const SaEntry*> scanned_due(const Sad& sad, MonoTime now) {
  std::vector<const SaEntry*> out;
  for (const SaEntry* entry : sad.in_order(std::nullopt)) {
    const auto due = sa_deadline(*entry);
    if (due && *due <= now) out.push_back(entry);
  }
  return out;
}

SaEntry entry_for(std::uint32_t spi, MonoTime added) {
  SaEntry entry;
  entry.params.id = sa_id(rct::SaType::Esp, kLocal4, kPeer4, spi);
  entry.added = added;
  return entry;
}

TEST(SadDeadlineIndexTest, MatchesAScanThroughRandomChanges) {
  std::mt19937 rng(4711);
  const auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng);
  };
  Sad sad;
  const MonoTime base{};
  for (int step = 0; step < 3000; ++step) {
    const auto spi = static_cast<std::uint32_t>(0x100 + pick(0, 199));
    const MonoTime at = base + seconds(pick(0, 100));
    switch (pick(0, 4)) {
      case 0: {  // a larval SA
        SaEntry entry = entry_for(spi, at);
        entry.state = kernel::SaState::Larval;
        entry.larval_deadline = at + seconds(pick(1, 50));
        sad.insert(std::move(entry));
        break;
      }
      case 1: {  // a mature SA with some limits
        SaEntry entry = entry_for(spi, at);
        entry.params.lifetimes.soft.add_seconds = static_cast<std::uint64_t>(pick(0, 60));
        entry.params.lifetimes.hard.add_seconds = static_cast<std::uint64_t>(pick(0, 90));
        entry.params.lifetimes.hard.use_seconds = static_cast<std::uint64_t>(pick(0, 20));
        sad.insert(std::move(entry));
        break;
      }
      case 2:
        (void)sad.erase(sa_id(rct::SaType::Esp, kLocal4, kPeer4, spi));
        break;
      default:
        // Changes in place, then reindex(), as the tables make them.
        if (SaEntry* entry = sad.find(sa_id(rct::SaType::Esp, kLocal4, kPeer4, spi))) {
          if (entry->state == kernel::SaState::Larval) {
            entry->larval_deadline = at;
          } else if (pick(0, 1) == 0) {
            entry->first_use = at;
          } else {
            entry->state = entry->state == kernel::SaState::Mature ? kernel::SaState::Dying
                                                                   : kernel::SaState::Mature;
          }
          sad.reindex(*entry);
        }
    }
    ASSERT_EQ(sad.next_deadline(), scanned_deadline(sad)) << "step " << step;
    const MonoTime now = base + seconds(pick(0, 150));
    const std::vector<SaEntry*> due = sad.due(now);
    ASSERT_EQ(std::vector<const SaEntry*>(due.begin(), due.end()), scanned_due(sad, now))
        << "step " << step;
  }
}

TEST(SadDeadlineIndexTest, NothingDueAmongManyIsAnEmptyRun) {
  Sad sad;
  const MonoTime base{};
  constexpr std::uint32_t kSas = 20000;
  for (std::uint32_t i = 0; i < kSas; ++i) {
    SaEntry entry = entry_for(0x1000 + i, base);
    entry.params.lifetimes.hard.add_seconds = 3600 + i % 100;
    sad.insert(std::move(entry));
  }
  EXPECT_EQ(sad.with_deadline(), kSas);
  EXPECT_EQ(sad.next_deadline(), base + seconds(3600));
  EXPECT_TRUE(sad.due(base + seconds(3599)).empty());
  EXPECT_EQ(sad.due(base + seconds(3600)).size(), kSas / 100);
  EXPECT_EQ(sad.clear(rct::SaType::Esp), kSas);
  EXPECT_EQ(sad.with_deadline(), 0U);
  EXPECT_EQ(sad.next_deadline(), std::nullopt);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
