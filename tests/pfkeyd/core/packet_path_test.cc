// The SPD lookup for a packet: selectors, priorities, actions, and the SAs
// an IPsec policy's templates pick.
#include <cerrno>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using PacketPathTest = TablesTest;
using kernel::PolicyAction;
using kernel::PolicyParams;
using kernel::pfkey::PacketOutcome;
using rct::Direction;

TEST_F(PacketPathTest, NoPolicyMeansInTheClear) {
  const PacketResult r = send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::NoPolicy);
  EXPECT_EQ(r.verdict.spid, 0U);
  EXPECT_FALSE(r.verdict.sa.has_value());
  EXPECT_TRUE(r.notifications.empty());
}

TEST_F(PacketPathTest, BypassAndDiscardPolicies) {
  PolicyParams bypass = esp_policy(udp_selector(kLocal4, kPeer4, 0, 53));
  bypass.action = PolicyAction::Bypass;
  PolicyParams discard = esp_policy(udp_selector(kLocal4, kPeer4, 0, 54));
  discard.action = PolicyAction::Discard;
  auto a = tables().add_policy(bypass);
  auto b = tables().add_policy(discard);
  ASSERT_OK(a);
  ASSERT_OK(b);
  PacketResult r = send(packet(kLocal4, 1000, kPeer4, 53));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Bypass);
  EXPECT_EQ(r.verdict.spid, *a);
  r = send(packet(kLocal4, 1000, kPeer4, 54));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Discard);
  EXPECT_EQ(r.verdict.spid, *b);
  EXPECT_EQ(tables().counters().packets_discarded, 1U);
  EXPECT_EQ(send(packet(kLocal4, 1000, kPeer4, 55)).verdict.outcome, PacketOutcome::NoPolicy);
}

TEST_F(PacketPathTest, SelectorsMatchPrefixesProtocolPortsAndFamily) {
  PolicyParams nets;
  nets.selector.src = prefix("192.0.2.0/24");
  nets.selector.dst = prefix("198.51.100.0/24");
  nets.selector.protocol = IPPROTO_TCP;
  nets.selector.dst_port = 443;
  nets.action = PolicyAction::Discard;
  ASSERT_OK(tables().add_policy(nets));
  kernel::pfkey::PacketReport tcp = packet("192.0.2.77", 4000, "198.51.100.9", 443);
  tcp.packet.protocol = IPPROTO_TCP;
  EXPECT_EQ(send(tcp).verdict.outcome, PacketOutcome::Discard);
  kernel::pfkey::PacketReport other_port = tcp;
  other_port.packet.dst_port = 80;
  EXPECT_EQ(send(other_port).verdict.outcome, PacketOutcome::NoPolicy);
  kernel::pfkey::PacketReport udp = tcp;
  udp.packet.protocol = IPPROTO_UDP;
  EXPECT_EQ(send(udp).verdict.outcome, PacketOutcome::NoPolicy);
  EXPECT_EQ(send(packet("192.0.3.1", 4000, "198.51.100.9", 443)).verdict.outcome,
            PacketOutcome::NoPolicy);
  // Any protocol, any port, and only the family of the selector.
  PolicyParams any;
  any.selector.src = prefix("0.0.0.0/0");
  any.selector.dst = prefix("0.0.0.0/0");
  any.action = PolicyAction::Bypass;
  any.priority = 10;
  ASSERT_OK(tables().add_policy(any));
  EXPECT_EQ(send(packet("10.1.1.1", 9, "10.2.2.2", 9)).verdict.outcome, PacketOutcome::Bypass);
  EXPECT_EQ(send(packet(kLocal6, 9, kPeer6, 9)).verdict.outcome, PacketOutcome::NoPolicy);
}

TEST_F(PacketPathTest, AnInterfaceInTheSelectorMustMatch) {
  PolicyParams on_if = esp_policy(udp_selector(kLocal4, kPeer4));
  on_if.selector.ifindex = 3;
  on_if.action = PolicyAction::Discard;
  ASSERT_OK(tables().add_policy(on_if));
  kernel::pfkey::PacketReport report = packet(kLocal4, 1, kPeer4, 2);
  EXPECT_EQ(send(report).verdict.outcome, PacketOutcome::NoPolicy);
  report.packet.ifindex = 3;
  EXPECT_EQ(send(report).verdict.outcome, PacketOutcome::Discard);
}

// Two policies match; the lower priority number wins whatever the order
// they were added in and however specific they are.
void check_priority(Tables& tables, std::uint32_t broad_priority, std::uint32_t narrow_priority,
                    bool broad_first, std::uint32_t winner_reqid) {
  PolicyParams broad =
      esp_policy(kernel::Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")},
                 Direction::Outbound, 1);
  broad.priority = broad_priority;
  PolicyParams narrow = esp_policy(udp_selector(kLocal4, kPeer4, 0, 7777), Direction::Outbound, 2);
  narrow.priority = narrow_priority;
  if (broad_first) {
    ASSERT_OK(tables.add_policy(broad));
    ASSERT_OK(tables.add_policy(narrow));
  } else {
    ASSERT_OK(tables.add_policy(narrow));
    ASSERT_OK(tables.add_policy(broad));
  }
  auto r = tables.process(packet(kLocal4, 5000, kPeer4, 7777));
  ASSERT_OK(r);
  auto acquires = only<kernel::AcquireEvent>(r->notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].reqid, winner_reqid);
}

TEST_F(PacketPathTest, LowerPriorityNumberWinsNarrowFirst) {
  check_priority(tables(), 200, 100, false, 2);
}
TEST_F(PacketPathTest, LowerPriorityNumberWinsBroadFirst) {
  check_priority(tables(), 100, 200, true, 1);
}
TEST_F(PacketPathTest, LowerPriorityNumberWinsOverSpecificity) {
  check_priority(tables(), 100, 200, false, 1);
}
TEST_F(PacketPathTest, EqualPrioritiesGoToTheOlderPolicy) {
  check_priority(tables(), 100, 100, true, 1);
}
TEST_F(PacketPathTest, EqualPrioritiesGoToTheOlderPolicyNarrowFirst) {
  check_priority(tables(), 100, 100, false, 2);
}

TEST_F(PacketPathTest, AnUpdateWithTheSamePriorityKeepsItsPlace) {
  PolicyParams broad =
      esp_policy(kernel::Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")},
                 Direction::Outbound, 1);
  PolicyParams narrow = esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound, 2);
  ASSERT_OK(tables().add_policy(broad));
  ASSERT_OK(tables().add_policy(narrow));
  broad.templates[0].reqid = 3;
  ASSERT_OK(tables().update_policy(broad));
  auto acquires = only<kernel::AcquireEvent>(send(packet(kLocal4, 1, kPeer4, 2)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].reqid, 3U);
}

TEST_F(PacketPathTest, ProtectedCountsOnTheSaAndNamesIt) {
  auto spid = tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound));
  ASSERT_OK(spid);
  ASSERT_OK(tables().add_sa(esp_sa(0x100b)));
  const PacketResult r = send(packet(kLocal4, 6000, kPeer4, 7000, 321));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(r.verdict.spid, *spid);
  EXPECT_EQ(r.verdict.sa, esp_sa(0x100b).id);
  auto info = tables().get_sa(esp_sa(0x100b).id);
  EXPECT_EQ(info->current.bytes, 321U);
  EXPECT_EQ(info->current.packets, 1U);
  EXPECT_EQ(info->current.use_time, clock().wall_seconds());
  EXPECT_EQ(tables().get_policy(*spid)->current.use_time, clock().wall_seconds());
}

TEST_F(PacketPathTest, TheTemplatesReqidChoosesTheSa) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound, 5)));
  ASSERT_OK(tables().add_sa(esp_sa(0x1000, kLocal4, kPeer4, 6)));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome, PacketOutcome::Acquire);
  ASSERT_OK(tables().add_sa(esp_sa(0x1001, kLocal4, kPeer4, 5)));
  const PacketResult r = send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(r.verdict.sa->spi, 0x1001U);
}

TEST_F(PacketPathTest, ATemplateWithoutReqidTakesAnySa) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  ASSERT_OK(tables().add_sa(esp_sa(0x1000, kLocal4, kPeer4, 6)));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome, PacketOutcome::Protected);
}

TEST_F(PacketPathTest, TheSaMustGoBetweenThePacketsAddressesInTransportMode) {
  ASSERT_OK(tables().add_policy(
      esp_policy(kernel::Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")})));
  ASSERT_OK(tables().add_sa(esp_sa(0x1000, kLocal4, "192.0.2.3")));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.outcome, PacketOutcome::Acquire);
  EXPECT_EQ(send(packet(kLocal4, 1, "192.0.2.3", 2)).verdict.outcome, PacketOutcome::Protected);
}

TEST_F(PacketPathTest, TunnelModeUsesTheTunnelEndpoints) {
  const kernel::Selector nets{.src = prefix("10.1.0.0/16"), .dst = prefix("10.2.0.0/16")};
  ASSERT_OK(tables().add_policy(esp_tunnel_policy(nets, Direction::Outbound, kLocal4, kPeer4)));
  kernel::SaParams sa = esp_sa(0x1000);
  sa.mode = rct::IpsecMode::Tunnel;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  const PacketResult r = send(packet("10.1.0.5", 1, "10.2.0.9", 2));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(r.verdict.sa, esp_sa(0x1000).id);
  // A transport-mode SA between the same hosts does not do.
  ASSERT_OK(tables().add_policy(esp_tunnel_policy(
      kernel::Selector{.src = prefix("10.3.0.0/16"), .dst = prefix("10.4.0.0/16")},
      Direction::Outbound, kLocal4, "192.0.2.5")));
  ASSERT_OK(tables().add_sa(esp_sa(0x1001, kLocal4, "192.0.2.5")));
  EXPECT_EQ(send(packet("10.3.0.1", 1, "10.4.0.1", 2)).verdict.outcome, PacketOutcome::Acquire);
}

TEST_F(PacketPathTest, AMatureSaIsPreferredToADyingOneThenTheNewest) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  kernel::SaParams old_sa = esp_sa(0x1000);
  old_sa.lifetimes.soft.add_seconds = 5;
  ASSERT_OK(tables().add_sa(std::move(old_sa)));
  advance(seconds(5));
  ASSERT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.sa->spi, 0x1000U) << "dying still serves";
  ASSERT_OK(tables().add_sa(esp_sa(0x1001)));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.sa->spi, 0x1001U);
  ASSERT_OK(tables().add_sa(esp_sa(0x1002)));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 2)).verdict.sa->spi, 0x1002U) << "the newest";
}

TEST_F(PacketPathTest, AnSasSelectorLimitsItsTraffic) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  kernel::SaParams sa = esp_sa(0x1000);
  sa.selector = udp_selector(kLocal4, kPeer4, 0, 53);
  ASSERT_OK(tables().add_sa(std::move(sa)));
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 53)).verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(send(packet(kLocal4, 1, kPeer4, 54)).verdict.outcome, PacketOutcome::Acquire);
}

TEST_F(PacketPathTest, ABundleNeedsAnSaForEveryTemplate) {
  PolicyParams bundle = esp_policy(udp_selector(kLocal4, kPeer4));
  kernel::PolicyTemplate ah = bundle.templates[0];
  ah.protocol = rct::SaType::Ah;
  bundle.templates.push_back(ah);
  ASSERT_OK(tables().add_policy(bundle));
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  PacketResult r = send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Acquire);
  auto acquires = only<kernel::AcquireEvent>(r.notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].protocol, rct::SaType::Ah) << "the missing template is asked for";
  EXPECT_EQ(tables().get_sa(esp_sa(0x1000).id)->current.packets, 0U) << "a dropped packet";
  ASSERT_OK(tables().add_sa(ah_sa(0x2000)));
  r = send(packet(kLocal4, 1, kPeer4, 2, 50));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(r.verdict.sa, esp_sa(0x1000).id) << "the first template's SA";
  EXPECT_EQ(tables().get_sa(esp_sa(0x1000).id)->current.bytes, 50U);
  EXPECT_EQ(tables().get_sa(ah_sa(0x2000).id)->current.bytes, 50U);
}

TEST_F(PacketPathTest, AnOptionalTemplateWithoutSaIsAskedForButSkipped) {
  PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  kernel::PolicyTemplate comp = policy.templates[0];
  comp.protocol = rct::SaType::Ipcomp;
  comp.level = rct::IpsecLevel::Use;
  policy.templates.insert(policy.templates.begin(), comp);
  ASSERT_OK(tables().add_policy(policy));
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  PacketResult r = send(packet(kLocal4, 1, kPeer4, 2));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(r.verdict.sa, esp_sa(0x1000).id);
  auto acquires = only<kernel::AcquireEvent>(r.notifications);
  ASSERT_EQ(acquires.size(), 1U);
  EXPECT_EQ(acquires[0].protocol, rct::SaType::Ipcomp);

  // With only optional templates and no SA the packet goes in the clear.
  PolicyParams optional_only = esp_policy(udp_selector(kLocal4, "192.0.2.9"));
  optional_only.templates[0].level = rct::IpsecLevel::Use;
  ASSERT_OK(tables().add_policy(optional_only));
  EXPECT_EQ(send(packet(kLocal4, 1, "192.0.2.9", 2)).verdict.outcome, PacketOutcome::Bypass);
}

TEST_F(PacketPathTest, InboundIpsecWithoutSaIsDiscardedWithoutAcquire) {
  auto spid = tables().add_policy(esp_policy(udp_selector(kPeer4, kLocal4), Direction::Inbound));
  ASSERT_OK(spid);
  PacketResult r = send(packet(kPeer4, 1, kLocal4, 2, 100, Direction::Inbound));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Discard);
  EXPECT_EQ(r.verdict.spid, *spid);
  EXPECT_TRUE(r.notifications.empty());
  EXPECT_EQ(tables().counters().packets_discarded, 1U);
  ASSERT_OK(tables().add_sa(esp_sa(0x1000, kPeer4, kLocal4)));
  r = send(packet(kPeer4, 1, kLocal4, 2, 100, Direction::Inbound));
  EXPECT_EQ(r.verdict.outcome, PacketOutcome::Protected);
  EXPECT_EQ(tables().get_sa(esp_sa(0x1000, kPeer4, kLocal4).id)->current.bytes, 100U);
  // An outbound packet of the same flow meets no outbound policy.
  EXPECT_EQ(send(packet(kPeer4, 1, kLocal4, 2)).verdict.outcome, PacketOutcome::NoPolicy);
}

TEST_F(PacketPathTest, ALarvalSaCarriesNoTraffic) {
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kPeer4, kLocal4), Direction::Inbound)));
  ASSERT_OK(tables().get_spi(spi_request(0)));
  EXPECT_EQ(send(packet(kPeer4, 1, kLocal4, 2, 100, Direction::Inbound)).verdict.outcome,
            PacketOutcome::Discard);
}

TEST_F(PacketPathTest, AReportThatIsNotOnePacketIsEinval) {
  kernel::pfkey::PacketReport mixed = packet(kLocal4, 1, kPeer4, 2);
  mixed.packet.dst = addr::Prefix::host(ip(kPeer6));
  EXPECT_ERRNO(tables().process(mixed), EINVAL);
  kernel::pfkey::PacketReport network = packet(kLocal4, 1, kPeer4, 2);
  network.packet.dst = prefix("192.0.2.0/24");
  EXPECT_ERRNO(tables().process(network), EINVAL);
  kernel::pfkey::PacketReport nowhere = packet(kLocal4, 1, kPeer4, 2);
  nowhere.direction = Direction{};
  EXPECT_ERRNO(tables().process(nowhere), EINVAL);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
