// Events without SAs: ACQUIRE from real traffic, policy priorities, policy
// lifetimes, MIGRATE.
#include <netinet/in.h>

#include <cerrno>

#include "fixture.h"
#include "support/run_command.h"

namespace rc::kernel::contract {
namespace {

using EventContract = EngineContractTest;
using std::chrono::seconds;

// The packet an ACQUIRE reports. Linux af_key's ACQUIRE (pfkey_send_acquire)
// carries the SA endpoints without protocol or ports, nothing of the packet
// itself: the PF_KEY engine reports those as host prefixes, any protocol.
Selector expected_packet(const Selector& packet, EngineKind kind) {
  if (kind != EngineKind::Pfkey) return packet;
  return Selector{.src = packet.src, .dst = packet.dst};
}

TEST_F(EventContract, TrafficMatchingAnIpsecPolicyYieldsAcquire) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4, 0, 7777), 31);
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);

  send_traffic(kLocal4, 5555, kPeer4, 7777);
  auto acquire = wait_for<AcquireEvent>([](const AcquireEvent&) { return true; }, seconds(3));
  ASSERT_TRUE(acquire.has_value()) << "no ACQUIRE";
  EXPECT_EQ(acquire->spid, *spid);
  EXPECT_EQ(acquire->protocol, rct::SaType::Esp);
  EXPECT_EQ(acquire->mode, rct::IpsecMode::Transport);
  EXPECT_EQ(acquire->src, ip(kLocal4));
  EXPECT_EQ(acquire->dst, ip(kPeer4));
  EXPECT_EQ(acquire->reqid, 31U);
  // The packet's own selector: host addresses, protocol and both ports (and
  // the interface it was leaving by, where the engine knows it).
  Selector packet = udp_selector(kLocal4, kPeer4, 5555, 7777);
  packet.ifindex = acquire->packet.ifindex;
  EXPECT_EQ(acquire->packet, expected_packet(packet, kind()));
}

TEST_F(EventContract, Ipv6TrafficYieldsAcquire) {
  auto spid = engine().add_policy(esp_transport_policy(udp_selector(kLocal6, kPeer6)));
  ASSERT_OK(spid);
  send_traffic(kLocal6, 4444, kPeer6, 9999);
  auto acquire = wait_for<AcquireEvent>([](const AcquireEvent&) { return true; }, seconds(3));
  ASSERT_TRUE(acquire.has_value()) << "no ACQUIRE";
  EXPECT_EQ(acquire->spid, *spid);
  EXPECT_EQ(acquire->dst, ip(kPeer6));
  Selector packet = udp_selector(kLocal6, kPeer6, 4444, 9999);
  packet.ifindex = acquire->packet.ifindex;
  EXPECT_EQ(acquire->packet, expected_packet(packet, kind()));
}

TEST_F(EventContract, TunnelAcquireNamesTheTunnelEndpoints) {
  const Selector inner{.src = prefix("192.0.2.1/32"), .dst = prefix("198.51.100.0/24")};
  auto spid =
      engine().add_policy(esp_tunnel_policy(inner, rct::Direction::Outbound, kLocal4, kPeer4));
  ASSERT_OK(spid);
  if (kind() != EngineKind::Pfkeyd) {  // pfkeyd is told about the packet, it routes nothing
    ASSERT_EQ(testing::run_command({"ip", "route", "add", "198.51.100.0/24", "via", kPeer4}), 0);
  }
  send_traffic(kLocal4, 1000, "198.51.100.7", 2000);
  auto acquire = wait_for<AcquireEvent>([](const AcquireEvent&) { return true; }, seconds(3));
  ASSERT_TRUE(acquire.has_value()) << "no ACQUIRE";
  EXPECT_EQ(acquire->spid, *spid);
  EXPECT_EQ(acquire->mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(acquire->src, ip(kLocal4));
  EXPECT_EQ(acquire->dst, ip(kPeer4));
  if (kind() == EngineKind::Pfkey) {
    // af_key's ACQUIRE names the SA endpoints only (see expected_packet).
    EXPECT_EQ(acquire->packet.dst, addr::Prefix::host(ip(kPeer4)));
  } else {
    EXPECT_EQ(acquire->packet.dst, addr::Prefix::host(ip("198.51.100.7")));
  }
}

// Two policies match the packet; the lower priority number wins whatever
// the order they were added in and however specific they are.
class PriorityContract : public EngineContractTest {
 protected:
  void check(std::uint32_t broad_priority, std::uint32_t narrow_priority,
             std::uint32_t winner_reqid) {
    PolicyParams broad = esp_transport_policy(
        Selector{.src = prefix("192.0.2.0/24"), .dst = prefix("192.0.2.0/24")}, 1);
    broad.priority = broad_priority;
    PolicyParams narrow = esp_transport_policy(udp_selector(kLocal4, kPeer4, 0, 7777), 2);
    narrow.priority = narrow_priority;
    ASSERT_OK(engine().add_policy(broad));
    ASSERT_OK(engine().add_policy(narrow));
    send_traffic(kLocal4, 5000, kPeer4, 7777);
    auto acquire = wait_for<AcquireEvent>([](const AcquireEvent&) { return true; }, seconds(3));
    ASSERT_TRUE(acquire.has_value()) << "no ACQUIRE";
    EXPECT_EQ(acquire->reqid, winner_reqid);
  }
};

TEST_F(PriorityContract, LowerNumberWinsNarrowFirst) {
  check(/*broad*/ 200, /*narrow*/ 100, /*reqid of the winner*/ 2);
}

TEST_F(PriorityContract, LowerNumberWinsBroadFirst) {
  check(/*broad*/ 100, /*narrow*/ 200, /*reqid of the winner*/ 1);
}

TEST_F(EventContract, PolicyLifetimeGivesSoftThenHardExpire) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  // Kernels count policy lifetimes in whole seconds and first look one
  // second after the add: 1 and 2 could fire together.
  policy.lifetimes.soft.add_seconds = 1;
  policy.lifetimes.hard.add_seconds = 3;
  if (kind() == EngineKind::Pfkey) {
    // af_key never sends SADB_X_SPDEXPIRE: the policy would vanish without
    // a word, so the engine refuses policy lifetimes.
    EXPECT_ERRNO(engine().add_policy(policy), ENOTSUP);
    auto listed = engine().dump_policies();
    ASSERT_OK(listed);
    EXPECT_TRUE(listed->empty());
    return;
  }
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);
  auto soft = wait_for<PolicyExpireEvent>(
      [&](const PolicyExpireEvent& e) { return e.spid == *spid; }, seconds(5));
  ASSERT_TRUE(soft.has_value()) << "no policy EXPIRE";
  EXPECT_FALSE(soft->hard) << "hard before soft";
  auto hard = wait_for<PolicyExpireEvent>(
      [&](const PolicyExpireEvent& e) { return e.spid == *spid && e.hard; }, seconds(5));
  ASSERT_TRUE(hard.has_value()) << "no hard policy EXPIRE";
  EXPECT_EQ(hard->direction, rct::Direction::Outbound);
  EXPECT_EQ(hard->selector, policy.selector);
  EXPECT_ERRNO(engine().get_policy(*spid), ENOENT);
}

TEST_F(EventContract, MigrateMovesTheTunnelEndpoints) {
  const Selector inner{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  PolicyParams policy = esp_tunnel_policy(inner, rct::Direction::Outbound, kLocal4, kPeer4);
  policy.templates[0].reqid = 77;
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);

  MigrateParams migration;
  migration.selector = inner;
  migration.direction = rct::Direction::Outbound;
  migration.entries.push_back(MigrateEntry{.protocol = rct::SaType::Esp,
                                           .mode = rct::IpsecMode::Tunnel,
                                           .reqid = 77,
                                           .old_src = ip(kLocal4),
                                           .old_dst = ip(kPeer4),
                                           .new_src = ip(kLocal4),
                                           .new_dst = ip("192.0.2.3")});
  ASSERT_OK(engine().migrate(migration));

  auto info = engine().get_policy(*spid);
  ASSERT_OK(info);
  ASSERT_EQ(info->params.templates.size(), 1U);
  EXPECT_EQ(info->params.templates[0].tunnel_dst, ip("192.0.2.3"));
  auto event = wait_for<MigrateEvent>([](const MigrateEvent&) { return true; }, seconds(3));
  ASSERT_TRUE(event.has_value()) << "no MIGRATE event";
  EXPECT_EQ(event->params, migration);
}

}  // namespace
}  // namespace rc::kernel::contract
