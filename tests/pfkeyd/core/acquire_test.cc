// ACQUIRE: what it says, and Linux's acquire state that keeps a second one
// for the same template back until the larval timeout or an SA.
#include <cerrno>
#include <vector>

#include "core/acquires.h"
#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using AcquireTest = TablesTest;
using kernel::AcquireEvent;
using kernel::pfkey::PacketOutcome;
using rct::Direction;

TEST_F(AcquireTest, AnOutboundPacketWithoutSaYieldsAcquire) {
  auto spid = tables().add_policy(
      esp_policy(udp_selector(kLocal4, kPeer4, 0, 7777), Direction::Outbound, 31));
  ASSERT_OK(spid);
  const PacketResult r = send(packet(kLocal4, 5555, kPeer4, 7777));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Acquire);
  EXPECT_EQ(r.verdict.spid, *spid);
  auto acquires = only<AcquireEvent>(r.notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].spid, *spid);
  EXPECT_EQ(acquires[0].protocol, rct::SaType::Esp);
  EXPECT_EQ(acquires[0].mode, rct::IpsecMode::Transport);
  EXPECT_EQ(acquires[0].src, ip(kLocal4));
  EXPECT_EQ(acquires[0].dst, ip(kPeer4));
  EXPECT_EQ(acquires[0].reqid, 31U);
  EXPECT_NE(acquires[0].seq, 0U);
  EXPECT_EQ(acquires[0].packet, udp_selector(kLocal4, kPeer4, 5555, 7777));
  EXPECT_EQ(tables().counters().acquires_sent, 1U);
  EXPECT_EQ(tables().counters().packets_acquiring, 1U);
}

TEST_F(AcquireTest, Ipv6TrafficYieldsAcquire) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal6, kPeer6))));
  auto acquires = only<AcquireEvent>(send(packet(kLocal6, 4444, kPeer6, 9999)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].dst, ip(kPeer6));
  EXPECT_EQ(acquires[0].packet, udp_selector(kLocal6, kPeer6, 4444, 9999));
}

TEST_F(AcquireTest, ATunnelAcquireNamesTheTunnelEndpoints) {
  const kernel::Selector inner{.src = prefix("192.0.2.1/32"), .dst = prefix("198.51.100.0/24")};
  auto spid = tables().add_policy(esp_tunnel_policy(inner, Direction::Outbound, kLocal4, kPeer4));
  ASSERT_OK(spid);
  auto acquires =
      only<AcquireEvent>(send(packet(kLocal4, 1000, "198.51.100.7", 2000)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(acquires[0].src, ip(kLocal4));
  EXPECT_EQ(acquires[0].dst, ip(kPeer4));
  EXPECT_EQ(acquires[0].packet.dst, addr::Prefix::host(ip("198.51.100.7")));
}

TEST_F(AcquireTest, ASecondAcquireWaitsForTheLarvalTimeout) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  const MonoTime start = clock().now();
  auto first = only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(tables().next_deadline(), start + seconds(30));
  // Same template, other ports: still the same acquire.
  advance(seconds(29));
  const PacketResult again = send(packet(kLocal4, 3, kPeer4, 4));
  EXPECT_EQ(again.verdict.outcome, PacketOutcome::Acquire) << "dropped all the same";
  EXPECT_TRUE(again.notifications.empty());
  EXPECT_EQ(tables().counters().acquires_suppressed, 1U);
  advance(seconds(1));
  EXPECT_TRUE(tables().run_timers().empty()) << "a pending ACQUIRE goes silently";
  auto second = only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_NE(second[0].seq, first[0].seq);
}

TEST_F(AcquireTest, AnotherTemplateGetsItsOwnAcquire) {
  ASSERT_OK(tables().add_policy(
      esp_policy(kernel::Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")})));
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, "192.0.2.3", 2)).notifications).size(), 1U);
}

TEST_F(AcquireTest, TheSaThatAnswersEndsTheAcquire) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  ASSERT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  EXPECT_EQ(tables().next_deadline(), std::nullopt) << "nothing pending any more";
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome, PacketOutcome::Protected);
  // When that SA goes, a packet asks again at once.
  ASSERT_OK(tables().delete_sa(esp_sa(0x1000).id));
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
}

TEST_F(AcquireTest, AGetspiWithTheAcquiresSeqTakesItsPlaceAndDeadline) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound, 7)));
  const MonoTime start = clock().now();
  auto acquires = only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  advance(seconds(10));
  kernel::SpiRequest request = spi_request(7, 0x100, 0xffffffff, kLocal4, kPeer4);
  request.seq = acquires[0].seq;
  auto spi = tables().get_spi(request);
  ASSERT_OK(spi);
  EXPECT_EQ(tables().next_deadline(), start + seconds(30));
  // The larval SA keeps further ACQUIREs back as the pending one did.
  EXPECT_TRUE(send(packet(kLocal4, 1, kPeer4, 2)).notifications.empty());
  advance(seconds(20));
  auto expired = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(expired.size(), 1U);
  EXPECT_EQ(expired[0].event.id.spi, *spi);
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
}

TEST_F(AcquireTest, AGetspiForTheOtherDirectionLeavesTheAcquirePending) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  auto acquires = only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  advance(seconds(10));
  const MonoTime asked = clock().now();
  kernel::SpiRequest inbound = spi_request(0);  // peer -> local: the inbound SA
  inbound.seq = acquires[0].seq;
  auto spi = tables().get_spi(inbound);
  ASSERT_OK(spi);
  EXPECT_TRUE(send(packet(kLocal4, 1, kPeer4, 2)).notifications.empty()) << "still pending";
  // The pending ACQUIRE ends at 30 s, the larval SA 30 s after its GETSPI.
  advance(seconds(20));
  EXPECT_TRUE(tables().run_timers().empty());
  EXPECT_EQ(tables().next_deadline(), asked + seconds(30));
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
}

TEST_F(AcquireTest, FlushEndsPendingAcquires) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  ASSERT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
  tables().flush_sas(rct::SaType::Ah);
  EXPECT_TRUE(send(packet(kLocal4, 1, kPeer4, 2)).notifications.empty());
  tables().flush_sas();
  EXPECT_EQ(only<AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications).size(), 1U);
}

TEST_F(AcquireTest, SeqsCountUp) {
  ASSERT_OK(tables().add_policy(
      esp_policy(kernel::Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")})));
  std::uint32_t last = 0;
  for (int host = 2; host < 10; ++host) {
    const std::string dst = "192.0.2." + std::to_string(host);
    auto acquires = only<AcquireEvent>(send(packet(kLocal4, 1, dst.c_str(), 2)).notifications);
    ASSERT_EQ(acquires.size(), 1U);
    EXPECT_GT(acquires[0].seq, last);
    last = acquires[0].seq;
  }
}

// The index behind the record: by template (reqid included), by seq, by
// deadline; the answers and expiries it gives match satisfies() and the
// seq rule exactly.
TEST(AcquiresIndexTest, AnSaEndsExactlyTheAcquiresItAnswers) {
  const MonoTime t0{};
  const auto wanted = [](std::uint32_t reqid, const char* dst = kPeer4) {
    return SaWanted{rct::SaType::Esp, rct::IpsecMode::Tunnel, ip(kLocal4), ip(dst), reqid};
  };
  Acquires acquires;
  acquires.add({wanted(0), 1, t0 + seconds(10)});
  acquires.add({wanted(5), 2, t0 + seconds(20)});
  acquires.add({wanted(6), 3, t0 + seconds(30)});
  acquires.add({wanted(5, "192.0.2.9"), 4, t0 + seconds(40)});
  acquires.add({wanted(9), 77, t0 + seconds(50)});
  EXPECT_TRUE(acquires.pending(wanted(5)));
  EXPECT_FALSE(acquires.pending(wanted(7)));
  EXPECT_EQ(acquires.next_deadline(), t0 + seconds(10));

  // An SA with reqid 5 answers the template without reqid and the one with
  // reqid 5, between these endpoints only.
  kernel::SaParams sa = esp_sa(0x3001, kLocal4, kPeer4, 5);
  sa.mode = rct::IpsecMode::Tunnel;
  acquires.answered_by(sa);
  EXPECT_FALSE(acquires.pending(wanted(0)));
  EXPECT_FALSE(acquires.pending(wanted(5)));
  EXPECT_TRUE(acquires.pending(wanted(6)));
  EXPECT_TRUE(acquires.pending(wanted(5, "192.0.2.9")));
  EXPECT_EQ(acquires.next_deadline(), t0 + seconds(30));

  // By seq: the SA's protocol and destination must agree, not its source.
  kernel::SaParams by_seq = esp_sa(0x3002, "192.0.2.50", kPeer4, 1234);
  by_seq.seq = 77;
  acquires.answered_by(by_seq);
  EXPECT_FALSE(acquires.pending(wanted(9)));
  by_seq.seq = 3;
  by_seq.id.dst = ip("192.0.2.9");
  acquires.answered_by(by_seq);
  EXPECT_TRUE(acquires.pending(wanted(6))) << "seq 3 went to another destination";

  // A GETSPI takes an ACQUIRE by seq at its destination only.
  EXPECT_FALSE(acquires.take(4, ip(kPeer4)).has_value());
  auto taken = acquires.take(4, ip("192.0.2.9"));
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->wanted, wanted(5, "192.0.2.9"));
  EXPECT_EQ(taken->deadline, t0 + seconds(40));

  acquires.add({wanted(8), 5, t0 + seconds(35)});
  EXPECT_EQ(acquires.all(), (std::vector<PendingAcquire>{{wanted(6), 3, t0 + seconds(30)},
                                                         {wanted(8), 5, t0 + seconds(35)}}));
  EXPECT_EQ(acquires.expire(t0 + seconds(30)), 1U);
  EXPECT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires.next_deadline(), t0 + seconds(35));
  acquires.clear(rct::SaType::Esp);
  EXPECT_EQ(acquires.next_deadline(), std::nullopt);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
