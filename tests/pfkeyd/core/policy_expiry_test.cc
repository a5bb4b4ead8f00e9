// Policy lifetimes: X_SPDEXPIRE soft then hard, by add time and by idle
// time since the last packet (Linux's policy use_time).
#include <cerrno>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using PolicyExpiryTest = TablesTest;

TEST_F(PolicyExpiryTest, SoftThenHardByAddTime) {
  kernel::PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  policy.lifetimes.soft.add_seconds = 1;
  policy.lifetimes.hard.add_seconds = 3;
  auto spid = tables().add_policy(policy);
  ASSERT_OK(spid);
  advance(seconds(1));
  auto soft = only<PolicyExpireNotice>(tables().run_timers());
  ASSERT_EQ(soft.size(), 1U);
  EXPECT_FALSE(soft[0].event.hard);
  EXPECT_EQ(soft[0].event.spid, *spid);
  EXPECT_EQ(soft[0].policy.params.spid, *spid);
  ASSERT_OK(tables().get_policy(*spid));
  advance(seconds(1));
  EXPECT_TRUE(tables().run_timers().empty()) << "soft is said once";
  advance(seconds(1));
  auto hard = only<PolicyExpireNotice>(tables().run_timers());
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_TRUE(hard[0].event.hard);
  EXPECT_EQ(hard[0].event.direction, rct::Direction::Outbound);
  EXPECT_EQ(hard[0].event.selector, policy.selector);
  policy.spid = *spid;
  EXPECT_EQ(hard[0].policy.params, policy);
  EXPECT_ERRNO(tables().get_policy(*spid), ENOENT);
  EXPECT_EQ(tables().counters().policy_expires, 2U);
}

TEST_F(PolicyExpiryTest, UseTimeIsIdleTimeSinceTheLastPacket) {
  kernel::PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  policy.action = kernel::PolicyAction::Bypass;
  policy.lifetimes.hard.use_seconds = 10;
  auto spid = tables().add_policy(policy);
  ASSERT_OK(spid);
  for (int i = 0; i < 5; ++i) {
    advance(seconds(8));
    EXPECT_TRUE(tables().run_timers().empty());
    EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome,
              kernel::pfkey::PacketOutcome::Bypass);
  }
  EXPECT_EQ(tables().get_policy(*spid)->current.use_time, clock().wall_seconds());
  const MonoTime last = clock().now();
  EXPECT_EQ(tables().next_deadline(), last + seconds(10));
  advance(seconds(10));
  auto hard = only<PolicyExpireNotice>(tables().run_timers());
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_TRUE(hard[0].event.hard);
}

TEST_F(PolicyExpiryTest, AnUnusedPolicyIdlesFromItsAdd) {
  kernel::PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  policy.lifetimes.soft.use_seconds = 4;
  const MonoTime start = clock().now();
  ASSERT_OK(tables().add_policy(policy));
  EXPECT_EQ(tables().next_deadline(), start + seconds(4));
}

}  // namespace
}  // namespace rc::pfkeyd::testing
