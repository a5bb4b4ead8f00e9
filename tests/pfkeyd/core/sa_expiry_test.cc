// SA lifetimes: soft then hard, by add time, by use time and by the bytes
// and packets the packet path counts.
#include <cerrno>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using SaExpiryTest = TablesTest;

TEST_F(SaExpiryTest, SoftThenHardByAddTime) {
  const MonoTime start = clock().now();
  kernel::SaParams sa = esp_sa(0x1009);
  sa.lifetimes.soft.add_seconds = 10;
  sa.lifetimes.hard.add_seconds = 20;
  const kernel::Lifetimes limits = sa.lifetimes;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  EXPECT_EQ(tables().next_deadline(), start + seconds(10));

  advance(seconds(9));
  EXPECT_TRUE(tables().run_timers().empty());
  advance(seconds(1));
  auto soft = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(soft.size(), 1U);
  EXPECT_FALSE(soft[0].event.hard);
  EXPECT_EQ(soft[0].event.cause, kernel::ExpireCause::Time);
  EXPECT_EQ(soft[0].event.id, esp_sa(0x1009).id);
  EXPECT_EQ(soft[0].event.reqid, 100U);
  EXPECT_EQ(soft[0].limit, limits.soft);
  EXPECT_EQ(tables().get_sa(esp_sa(0x1009).id)->state, kernel::SaState::Dying);
  EXPECT_EQ(tables().next_deadline(), start + seconds(20));
  // Said once only.
  EXPECT_TRUE(tables().run_timers().empty());

  advance(seconds(10));
  auto hard = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_TRUE(hard[0].event.hard);
  EXPECT_EQ(hard[0].event.cause, kernel::ExpireCause::Time);
  EXPECT_EQ(hard[0].limit, limits.hard);
  EXPECT_ERRNO(tables().get_sa(esp_sa(0x1009).id), ESRCH);
  EXPECT_EQ(tables().counters().sa_soft_expires, 1U);
  EXPECT_EQ(tables().counters().sa_hard_expires, 1U);
}

TEST_F(SaExpiryTest, PastBothLimitsAtOnceOnlyTheHardOneIsSaid) {
  kernel::SaParams sa = esp_sa(0x1009);
  sa.lifetimes.soft.add_seconds = 10;
  sa.lifetimes.hard.add_seconds = 20;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  advance(seconds(25));
  auto expired = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(expired.size(), 1U);
  EXPECT_TRUE(expired[0].event.hard);
}

TEST_F(SaExpiryTest, UseTimeCountsFromTheFirstPacket) {
  ASSERT_OK(tables().add_policy(
      esp_policy(udp_selector(kLocal4, kPeer4), rct::Direction::Outbound, 100)));
  kernel::SaParams sa = esp_sa(0x100a);
  sa.lifetimes.soft.use_seconds = 5;
  sa.lifetimes.hard.use_seconds = 8;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt) << "unused: no use deadline yet";
  advance(seconds(100));
  const MonoTime first_use = clock().now();
  const std::uint64_t wall = clock().wall_seconds();
  ASSERT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome,
            kernel::pfkey::PacketOutcome::Protected);
  EXPECT_EQ(tables().get_sa(esp_sa(0x100a).id)->current.use_time, wall);
  EXPECT_EQ(tables().next_deadline(), first_use + seconds(5));
  // Later packets do not move the first use.
  advance(seconds(3));
  send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(tables().get_sa(esp_sa(0x100a).id)->current.use_time, wall);
  advance(seconds(2));
  auto soft = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(soft.size(), 1U);
  EXPECT_FALSE(soft[0].event.hard);
  advance(seconds(3));
  auto hard = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_TRUE(hard[0].event.hard);
}

TEST_F(SaExpiryTest, SoftThenHardByBytesThroughTraffic) {
  auto spid =
      tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), rct::Direction::Outbound, 100));
  ASSERT_OK(spid);
  kernel::SaParams sa = esp_sa(0x100a);
  sa.lifetimes.soft.bytes = 2000;
  sa.lifetimes.hard.bytes = 6000;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  const kernel::SaId id = esp_sa(0x100a).id;

  for (int i = 1; i <= 3; ++i) {
    PacketResult r = send(packet(kLocal4, 6000, kPeer4, 7000, 500));
    EXPECT_EQ(r.verdict.outcome, kernel::pfkey::PacketOutcome::Protected);
    EXPECT_EQ(r.verdict.sa, id);
    EXPECT_EQ(r.verdict.spid, *spid);
    EXPECT_TRUE(r.notifications.empty()) << "packet " << i;
  }
  // The fourth reaches 2000 bytes.
  auto soft = only<SaExpireNotice>(send(packet(kLocal4, 6000, kPeer4, 7000, 500)).notifications);
  ASSERT_EQ(soft.size(), 1U);
  EXPECT_FALSE(soft[0].event.hard);
  EXPECT_EQ(soft[0].event.cause, kernel::ExpireCause::Bytes);
  EXPECT_EQ(soft[0].event.current.bytes, 2000U);
  EXPECT_EQ(soft[0].event.current.packets, 4U);
  EXPECT_EQ(tables().get_sa(id)->state, kernel::SaState::Dying);

  // A dying SA still carries traffic; the twelfth packet reaches 6000.
  for (int i = 5; i <= 11; ++i) {
    PacketResult r = send(packet(kLocal4, 6000, kPeer4, 7000, 500));
    EXPECT_EQ(r.verdict.outcome, kernel::pfkey::PacketOutcome::Protected);
    EXPECT_TRUE(r.notifications.empty()) << "packet " << i;
  }
  PacketResult last = send(packet(kLocal4, 6000, kPeer4, 7000, 500));
  EXPECT_EQ(last.verdict.outcome, kernel::pfkey::PacketOutcome::Protected);
  auto hard = only<SaExpireNotice>(last.notifications);
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_TRUE(hard[0].event.hard);
  EXPECT_EQ(hard[0].event.cause, kernel::ExpireCause::Bytes);
  EXPECT_EQ(hard[0].event.current.bytes, 6000U);
  EXPECT_EQ(hard[0].limit.bytes, 6000U);
  EXPECT_ERRNO(tables().get_sa(id), ESRCH);
  // With the SA gone the next packet asks for a new one.
  EXPECT_EQ(send(packet(kLocal4, 6000, kPeer4, 7000, 500)).verdict.outcome,
            kernel::pfkey::PacketOutcome::Acquire);
}

TEST_F(SaExpiryTest, PacketLimitsCountToo) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  kernel::SaParams sa = esp_sa(0x100b);
  sa.lifetimes.hard.packets = 3;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  EXPECT_TRUE(send(packet(kLocal4, 1, kPeer4, 2)).notifications.empty());
  EXPECT_TRUE(send(packet(kLocal4, 1, kPeer4, 2)).notifications.empty());
  auto hard = only<SaExpireNotice>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_EQ(hard[0].event.cause, kernel::ExpireCause::Packets);
}

TEST_F(SaExpiryTest, TrafficIsCountedOnTheSa) {
  ASSERT_OK(tables().add_policy(
      esp_policy(udp_selector(kLocal4, kPeer4), rct::Direction::Outbound, 100)));
  ASSERT_OK(tables().add_sa(esp_sa(0x100b)));
  for (int i = 0; i < 5; ++i) send(packet(kLocal4, 6000, kPeer4, 7000, 100));
  auto info = tables().get_sa(esp_sa(0x100b).id);
  ASSERT_OK(info);
  EXPECT_EQ(info->current.packets, 5U);
  EXPECT_EQ(info->current.bytes, 500U);
}

TEST_F(SaExpiryTest, NothingToDoMeansNoDeadline) {
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
  EXPECT_TRUE(tables().run_timers().empty());
}

}  // namespace
}  // namespace rc::pfkeyd::testing
