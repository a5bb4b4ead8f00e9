// Events from the real kernel: ACQUIRE from traffic over a veth, the PF_KEY
// registration rule, larval-SA and policy expiry, fwd twins' events kept
// internal, and MIGRATE.
#include <netinet/in.h>

#include <cerrno>
#include <fstream>

#include "engine_fixture.h"

namespace rc::kernel::xfrm::testing {
namespace {

using Events = XfrmEngineTest;
using rct::Direction;
using rct::IpsecMode;
using std::chrono::milliseconds;
using std::chrono::seconds;

template <class T>
bool is(const Event& event) {
  return std::holds_alternative<T>(event);
}

void set_larval_lifetime(int lifetime) {
  std::ofstream sysctl("/proc/sys/net/core/xfrm_acq_expires");  // per namespace
  sysctl << lifetime << '\n';
  if (!sysctl.good()) throw std::runtime_error("cannot write net.core.xfrm_acq_expires");
}

TEST_F(Events, TrafficMatchingAPolicyYieldsAcquire) {
  rc::testing::add_test_veth();
  ASSERT_TRUE(engine().register_sa_type(rct::SaType::Esp));
  auto spid =
      engine().add_policy(ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2", 0, 7777),
                                       Direction::Outbound, {esp(IpsecMode::Transport, 31)}));
  ASSERT_TRUE(spid) << spid.error().message;
  send_udp("192.0.2.1", 5555, "192.0.2.2", 7777);
  auto event = wait_for(is<AcquireEvent>, seconds(3));
  ASSERT_TRUE(event) << "no ACQUIRE";
  const auto& acquire = std::get<AcquireEvent>(*event);
  EXPECT_EQ(acquire.spid, *spid);
  EXPECT_EQ(acquire.protocol, rct::SaType::Esp);
  EXPECT_EQ(acquire.mode, IpsecMode::Transport);
  EXPECT_EQ(acquire.src, ip("192.0.2.1"));
  EXPECT_EQ(acquire.dst, ip("192.0.2.2"));
  EXPECT_EQ(acquire.reqid, 31U);
  EXPECT_NE(acquire.seq, 0U);
  Selector packet = udp_selector("192.0.2.1", "192.0.2.2", 5555, 7777);
  packet.ifindex = acquire.packet.ifindex;  // the kernel may name the output interface
  EXPECT_EQ(acquire.packet, packet);
  EXPECT_EQ(engine().event_counters().delivered, 1U);
}

TEST_F(Events, TunnelAcquireNamesTheTunnelEndpoints) {
  rc::testing::add_test_veth();
  rc::testing::ip_command({"route", "add", "198.51.100.0/24", "via", "192.0.2.2"});
  ASSERT_TRUE(engine().register_sa_type(rct::SaType::Esp));
  const Selector inner{.src = prefix("192.0.2.1/32"), .dst = prefix("198.51.100.0/24")};
  auto spid = engine().add_policy(
      ipsec_policy(inner, Direction::Outbound, {esp_tunnel("192.0.2.1", "192.0.2.2", 12)}));
  ASSERT_TRUE(spid);
  send_udp("192.0.2.1", 1000, "198.51.100.7", 2000);
  auto event = wait_for(is<AcquireEvent>, seconds(3));
  ASSERT_TRUE(event) << "no ACQUIRE";
  const auto& acquire = std::get<AcquireEvent>(*event);
  EXPECT_EQ(acquire.spid, *spid);
  EXPECT_EQ(acquire.mode, IpsecMode::Tunnel);
  EXPECT_EQ(acquire.src, ip("192.0.2.1"));
  EXPECT_EQ(acquire.dst, ip("192.0.2.2"));
  EXPECT_EQ(acquire.reqid, 12U);
  EXPECT_EQ(acquire.packet.dst, addr::Prefix::host(ip("198.51.100.7")));
}

TEST_F(Events, AcquireForATypeNobodyRegisteredIsCountedNotDelivered) {
  rc::testing::add_test_veth();
  ASSERT_TRUE(engine().register_sa_type(rct::SaType::Ah));
  ASSERT_TRUE(engine().add_policy(ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"),
                                               Direction::Outbound, {esp(IpsecMode::Transport)})));
  send_udp("192.0.2.1", 5555, "192.0.2.2", 7777);
  EXPECT_FALSE(wait_for([](const Event&) { return true; }, milliseconds(1000)));
  EXPECT_GE(engine().event_counters().unregistered, 1U);
  EXPECT_EQ(engine().event_counters().delivered, 0U);
}

TEST_F(Events, LarvalSaExpiresHard) {
  set_larval_lifetime(1);
  ASSERT_TRUE(engine().register_sa_type(rct::SaType::Esp));
  SpiRequest request;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.reqid = 3;
  auto spi = engine().get_spi(request);
  ASSERT_TRUE(spi);
  auto event = wait_for(is<ExpireEvent>, seconds(5));
  ASSERT_TRUE(event) << "no EXPIRE for the larval SA";
  const auto& expire = std::get<ExpireEvent>(*event);
  EXPECT_TRUE(expire.hard);
  EXPECT_EQ(expire.cause, ExpireCause::Time);
  EXPECT_EQ(expire.id, (SaId{rct::SaType::Esp, ip("192.0.2.2"), ip("192.0.2.1"), *spi}));
  EXPECT_EQ(expire.reqid, 3U);
  auto gone = engine().get_sa(expire.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ENOENT);
}

TEST_F(Events, PolicyLifetimeGivesSoftThenHardAndTwinsStayInternal) {
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  PolicyParams policy =
      ipsec_policy(nets, Direction::Inbound, {esp_tunnel("192.0.2.2", "192.0.2.1")});
  // The kernel counts policy lifetimes in whole seconds and first looks one
  // second after the add: with hard = soft + 1 it can find both passed at
  // once and send only the hard expiry. Two seconds apart never collide.
  policy.lifetimes.soft.add_seconds = 1;
  policy.lifetimes.hard.add_seconds = 3;
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid);
  auto soft = wait_for(is<PolicyExpireEvent>, seconds(5));
  ASSERT_TRUE(soft) << "no policy EXPIRE";
  EXPECT_FALSE(std::get<PolicyExpireEvent>(*soft).hard);
  auto hard = wait_for(
      [](const Event& e) {
        return is<PolicyExpireEvent>(e) && std::get<PolicyExpireEvent>(e).hard;
      },
      seconds(6));
  ASSERT_TRUE(hard) << "no hard policy EXPIRE";
  const auto& expired = std::get<PolicyExpireEvent>(*hard);
  EXPECT_EQ(expired.spid, *spid);
  EXPECT_EQ(expired.direction, Direction::Inbound);
  EXPECT_EQ(expired.selector, nets);
  (void)wait_for([](const Event&) { return false; }, milliseconds(300));
  EXPECT_EQ(engine().event_counters().delivered, 2U);
  EXPECT_EQ(engine().event_counters().internal, 2U) << "the twin's soft and hard expiry";
  EXPECT_TRUE(kernel_policies().empty());
}

TEST_F(Events, MigrateMovesTheTemplateAndIsReported) {
  const Selector inner{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  auto spid = engine().add_policy(
      ipsec_policy(inner, Direction::Outbound, {esp_tunnel("192.0.2.1", "192.0.2.2", 77)}));
  ASSERT_TRUE(spid);
  MigrateParams migration;
  migration.selector = inner;
  migration.direction = Direction::Outbound;
  migration.entries.push_back(MigrateEntry{.protocol = rct::SaType::Esp,
                                           .mode = IpsecMode::Tunnel,
                                           .reqid = 77,
                                           .old_src = ip("192.0.2.1"),
                                           .old_dst = ip("192.0.2.2"),
                                           .new_src = ip("192.0.2.1"),
                                           .new_dst = ip("192.0.2.3")});
  auto moved = engine().migrate(migration);
  if (!moved && moved.error().code == ENOPROTOOPT) {
    GTEST_SKIP() << "this kernel has no CONFIG_XFRM_MIGRATE: " << moved.error().message;
  }
  ASSERT_TRUE(moved) << moved.error().message;
  auto info = engine().get_policy(*spid);
  ASSERT_TRUE(info);
  ASSERT_EQ(info->params.templates.size(), 1U);
  EXPECT_EQ(info->params.templates[0].tunnel_dst, ip("192.0.2.3"));
  auto event = wait_for(is<MigrateEvent>, seconds(2));
  ASSERT_TRUE(event) << "no MIGRATE event";
  EXPECT_EQ(std::get<MigrateEvent>(*event).params, migration);
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
