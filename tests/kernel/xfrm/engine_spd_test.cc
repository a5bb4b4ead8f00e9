// The XFRM engine's SPD against the real kernel: SPIDs, EEXIST/ENOENT,
// update, flush, the hidden fwd twins, reqids for level unique, and a dump
// big enough to come in many parts.
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>

#include "engine_fixture.h"

namespace rc::kernel::xfrm::testing {
namespace {

using Spd = XfrmEngineTest;
using rct::Direction;
using rct::IpsecMode;

std::size_t count_direction(const std::vector<PolicyInfo>& policies, Direction direction) {
  return static_cast<std::size_t>(
      std::count_if(policies.begin(), policies.end(),
                    [direction](const PolicyInfo& p) { return p.params.direction == direction; }));
}

TEST_F(Spd, AddGetDeleteBySpid) {
  PolicyParams policy = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2", 0, 7777),
                                     Direction::Outbound, {esp(IpsecMode::Transport, 42)});
  policy.priority = 1000;
  policy.lifetimes.hard.add_seconds = 3600;
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(*spid & 7U, 1U) << "an outbound SPID carries XFRM_POLICY_OUT in its low bits";

  auto info = engine().get_policy(*spid);
  ASSERT_TRUE(info) << info.error().message;
  policy.spid = *spid;
  EXPECT_EQ(info->params, policy);
  EXPECT_NE(info->current.add_time, 0U);

  ASSERT_TRUE(engine().delete_policy(*spid));
  auto gone = engine().get_policy(*spid);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ENOENT);
  auto again = engine().delete_policy(*spid);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ENOENT);
}

TEST_F(Spd, SameSelectorAndDirectionIsEexistAndTheFirstStays) {
  const PolicyParams policy = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"),
                                           Direction::Outbound, {esp(IpsecMode::Transport, 1)});
  auto first = engine().add_policy(policy);
  ASSERT_TRUE(first);
  PolicyParams other = policy;
  other.templates[0].reqid = 2;
  auto second = engine().add_policy(other);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, EEXIST) << second.error().message;
  EXPECT_NE(second.error().message.find("adding outbound policy 192.0.2.1/32 -> 192.0.2.2/32"),
            std::string::npos)
      << second.error().message;
  auto info = engine().get_policy(*first);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->params.templates[0].reqid, 1U);
}

TEST_F(Spd, RequestedSpidIsKeptAndAWrongDirectionIsEinval) {
  PolicyParams policy = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound,
                                     {esp(IpsecMode::Transport)});
  policy.spid = 0x4001;  // ...001: outbound
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;
  EXPECT_EQ(*spid, 0x4001U);
  policy.spid = 0x5000;  // ...000: inbound
  policy.selector.dst_port = 9;
  auto wrong = engine().add_policy(policy);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, EINVAL);
}

TEST_F(Spd, UnknownAndForeignSpidsAreEnoent) {
  for (const Spid spid : {0U, 0x7fff0008U, 0x7fff0009U, 0x12U, 0x13U, 0x14U}) {
    auto info = engine().get_policy(spid);
    ASSERT_FALSE(info) << spid;
    EXPECT_EQ(info.error().code, ENOENT) << spid << ": " << info.error().message;
    auto deleted = engine().delete_policy(spid);
    ASSERT_FALSE(deleted) << spid;
    EXPECT_EQ(deleted.error().code, ENOENT) << spid;
  }
}

TEST_F(Spd, UpdateKeepsTheSpidAndAddsWhenMissing) {
  PolicyParams policy = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound,
                                     {esp(IpsecMode::Transport, 7)});
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid);
  policy.templates[0].protocol = rct::SaType::Ah;
  policy.templates[0].reqid = 8;
  policy.priority = 5;
  auto updated = engine().update_policy(policy);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(*updated, *spid);
  auto info = engine().get_policy(*spid);
  ASSERT_TRUE(info);
  policy.spid = *spid;
  EXPECT_EQ(info->params, policy);

  PolicyParams fresh = policy;
  fresh.spid = 0;
  fresh.selector.dst_port = 500;
  auto added = engine().update_policy(fresh);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_NE(*added, *spid);
  EXPECT_TRUE(engine().get_policy(*added));
}

TEST_F(Spd, BypassDiscardAndIpv6RoundTrip) {
  PolicyParams bypass;
  bypass.selector = udp_selector("192.0.2.1", "192.0.2.2", 500, 500);
  bypass.action = PolicyAction::Bypass;
  PolicyParams discard;
  discard.selector.src = prefix("2001:db8:1::/48");
  discard.selector.dst = prefix("2001:db8:2::/64");
  discard.selector.protocol = IPPROTO_ICMPV6;
  discard.selector.src_port = 128;  // ICMPv6 type: echo request
  discard.direction = Direction::Inbound;
  discard.action = PolicyAction::Discard;
  discard.priority = 10;
  for (PolicyParams* policy : {&bypass, &discard}) {
    auto spid = engine().add_policy(*policy);
    ASSERT_TRUE(spid) << spid.error().message;
    policy->spid = *spid;
    auto info = engine().get_policy(*spid);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->params, *policy);
  }
}

TEST_F(Spd, LevelsAndBundlesRoundTrip) {
  PolicyTemplate ipcomp = esp(IpsecMode::Transport, 0);
  ipcomp.protocol = rct::SaType::Ipcomp;
  ipcomp.level = rct::IpsecLevel::Use;
  PolicyTemplate esp_unique = esp(IpsecMode::Transport, 0x200);
  esp_unique.level = rct::IpsecLevel::Unique;
  PolicyTemplate ah = esp(IpsecMode::Transport, 0);
  ah.protocol = rct::SaType::Ah;
  PolicyParams policy = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound,
                                     {ipcomp, esp_unique, ah});
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;
  auto info = engine().get_policy(*spid);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->params.templates, policy.templates);
}

TEST_F(Spd, UniqueWithoutReqidGetsOneAndUpdateKeepsIt) {
  PolicyTemplate unique = esp(IpsecMode::Transport, 0);
  unique.level = rct::IpsecLevel::Unique;
  // A reqid an earlier run left in the SPD: new ones start past it.
  PolicyTemplate old = unique;
  old.reqid = 0x4010;
  ASSERT_TRUE(engine().add_policy(
      ipsec_policy(udp_selector("192.0.2.1", "192.0.2.9"), Direction::Outbound, {old})));

  const PolicyParams policy =
      ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound, {unique});
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;
  auto info = engine().get_policy(*spid);
  ASSERT_TRUE(info);
  const std::uint32_t reqid = info->params.templates[0].reqid;
  EXPECT_EQ(reqid, 0x4011U);

  auto updated = engine().update_policy(policy);
  ASSERT_TRUE(updated);
  info = engine().get_policy(*updated);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->params.templates[0].reqid, reqid) << "an update must not rebind the SAs";

  PolicyParams other = policy;
  other.selector.dst_port = 53;
  auto second = engine().add_policy(other);
  ASSERT_TRUE(second);
  info = engine().get_policy(*second);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->params.templates[0].reqid, reqid + 1);
}

TEST_F(Spd, InboundTunnelPolicyHasAHiddenFwdTwin) {
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  PolicyParams policy =
      ipsec_policy(nets, Direction::Inbound, {esp_tunnel("192.0.2.2", "192.0.2.1", 5)});
  policy.priority = 300;
  auto spid = engine().add_policy(policy);
  ASSERT_TRUE(spid) << spid.error().message;

  // In the kernel: the inbound policy and a fwd copy of it.
  const auto all = kernel_policies();
  ASSERT_EQ(all.size(), 2U);
  const auto twin = std::find_if(all.begin(), all.end(), [](const PolicyInfo& p) {
    return p.params.direction == Direction::Fwd;
  });
  ASSERT_NE(twin, all.end());
  EXPECT_EQ(twin->params.selector, policy.selector);
  EXPECT_EQ(twin->params.templates, policy.templates);
  EXPECT_EQ(twin->params.priority, policy.priority);
  EXPECT_EQ(twin->params.action, PolicyAction::Ipsec);

  // Callers see one policy, and cannot name the twin.
  auto listed = engine().dump_policies();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ((*listed)[0].params.spid, *spid);
  auto by_twin_spid = engine().get_policy(twin->params.spid);
  ASSERT_FALSE(by_twin_spid);
  EXPECT_EQ(by_twin_spid.error().code, ENOENT);

  ASSERT_TRUE(engine().delete_policy(*spid));
  EXPECT_TRUE(kernel_policies().empty()) << "the twin goes with its inbound policy";
}

TEST_F(Spd, TwinFollowsUpdatesAndOnlyTunnelsBypassAndDiscardGetOne) {
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  PolicyParams policy =
      ipsec_policy(nets, Direction::Inbound, {esp_tunnel("192.0.2.2", "192.0.2.1", 5)});
  ASSERT_TRUE(engine().add_policy(policy));
  EXPECT_EQ(count_direction(kernel_policies(), Direction::Fwd), 1U);

  policy.templates = {esp_tunnel("192.0.2.3", "192.0.2.1", 6)};
  ASSERT_TRUE(engine().update_policy(policy));
  auto all = kernel_policies();
  ASSERT_EQ(count_direction(all, Direction::Fwd), 1U);
  for (const PolicyInfo& p : all) EXPECT_EQ(p.params.templates, policy.templates);

  // Transport mode ends here: no twin, and the old one goes.
  policy.templates = {esp(IpsecMode::Transport, 6)};
  ASSERT_TRUE(engine().update_policy(policy));
  EXPECT_EQ(count_direction(kernel_policies(), Direction::Fwd), 0U);

  PolicyParams bypass;
  bypass.selector = udp_selector("198.51.100.1", "203.0.113.1", 0, 53);
  bypass.direction = Direction::Inbound;
  bypass.action = PolicyAction::Bypass;
  ASSERT_TRUE(engine().add_policy(bypass));
  PolicyParams outbound = ipsec_policy(udp_selector("203.0.113.1", "198.51.100.1"),
                                       Direction::Outbound, {esp_tunnel("192.0.2.1", "192.0.2.2")});
  ASSERT_TRUE(engine().add_policy(outbound));
  EXPECT_EQ(count_direction(kernel_policies(), Direction::Fwd), 1U) << "the bypass's twin only";
}

TEST_F(Spd, FwdPoliciesCannotBeAddedDirectly) {
  PolicyParams fwd = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Fwd,
                                  {esp_tunnel("192.0.2.1", "192.0.2.2")});
  auto added = engine().add_policy(fwd);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, EINVAL);
  EXPECT_TRUE(kernel_policies().empty());
}

TEST_F(Spd, FlushRemovesEverythingTwinsIncluded) {
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  const PolicyParams inbound =
      ipsec_policy(nets, Direction::Inbound, {esp_tunnel("192.0.2.2", "192.0.2.1")});
  ASSERT_TRUE(engine().add_policy(inbound));
  ASSERT_TRUE(engine().add_policy(ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"),
                                               Direction::Outbound, {esp(IpsecMode::Transport)})));
  ASSERT_TRUE(engine().flush_policies());
  EXPECT_TRUE(kernel_policies().empty());
  EXPECT_TRUE(engine().add_policy(inbound)) << "nothing of the first one is left behind";
}

TEST_F(Spd, InvalidPoliciesAreEinvalAndInstallNothing) {
  PolicyParams mixed = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound,
                                    {esp(IpsecMode::Transport)});
  mixed.selector.dst = addr::Prefix::host(ip("2001:db8::2"));
  PolicyParams bundle = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound,
                                     {esp(IpsecMode::Transport)});
  bundle.templates[0].protocol = rct::SaType::AhEsp;
  PolicyParams no_endpoints = ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"),
                                           Direction::Outbound, {esp(IpsecMode::Tunnel)});
  PolicyParams no_templates =
      ipsec_policy(udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound, {});
  PolicyParams bypass_with_template = ipsec_policy(
      udp_selector("192.0.2.1", "192.0.2.2"), Direction::Outbound, {esp(IpsecMode::Transport)});
  bypass_with_template.action = PolicyAction::Bypass;
  for (const PolicyParams* policy :
       {&mixed, &bundle, &no_endpoints, &no_templates, &bypass_with_template}) {
    auto added = engine().add_policy(*policy);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, EINVAL) << added.error().message;
  }
  EXPECT_TRUE(kernel_policies().empty());
}

TEST_F(Spd, MultiPartDumpOf2000PoliciesIsComplete) {
  constexpr int kCount = 2000;
  std::vector<Spid> added;
  for (int i = 0; i < kCount; ++i) {
    auto spid = engine().add_policy(ipsec_policy(
        udp_selector("192.0.2.1", "192.0.2.2", static_cast<std::uint16_t>(10000 + i), 7777),
        Direction::Outbound, {esp(IpsecMode::Transport, 1)}));
    ASSERT_TRUE(spid) << spid.error().message;
    added.push_back(*spid);
  }
  std::size_t datagrams = 0;
  engine().set_receive_tap([&datagrams](std::span<const std::uint8_t>) { ++datagrams; });
  auto dumped = engine().dump_policies();
  engine().set_receive_tap(nullptr);
  ASSERT_TRUE(dumped) << dumped.error().message;
  std::vector<Spid> spids;
  for (const PolicyInfo& info : *dumped) spids.push_back(info.params.spid);
  std::sort(added.begin(), added.end());
  std::sort(spids.begin(), spids.end());
  EXPECT_EQ(spids, added);
  EXPECT_GT(datagrams, 2U) << "the dump should have needed several datagrams";
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
