// The SPD half of the key-engine contract: policies by SPID.
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>

#include "fixture.h"

namespace rc::kernel::contract {
namespace {

using SpdContract = EngineContractTest;

// How `policy` reads back. Linux af_key keeps a reqid only with level
// unique (and binds SAs by reqid whatever the level), so the PF_KEY engine
// sends a level require template with a reqid as unique, and it reads back
// so (lib/kernel/pfkey/af_key_rules.h).
PolicyParams as_stored(PolicyParams policy, EngineKind kind) {
  if (kind != EngineKind::Pfkey) return policy;
  for (PolicyTemplate& t : policy.templates) {
    if (t.reqid != 0 && t.level == rct::IpsecLevel::Require) t.level = rct::IpsecLevel::Unique;
  }
  return policy;
}

std::vector<PolicyInfo> policies_of(KeyEngine& engine) {
  auto dump = engine.dump_policies();
  if (!dump) throw std::runtime_error(dump.error().message);
  return std::move(*dump);
}

TEST_F(SpdContract, AddedPolicyReadsBackBySpid) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4, 0, 7777), 42);
  policy.priority = 1000;
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);
  EXPECT_NE(*spid, 0U);

  auto info = engine().get_policy(*spid);
  ASSERT_OK(info);
  policy.spid = *spid;
  EXPECT_EQ(info->params, as_stored(policy, kind()));
}

TEST_F(SpdContract, SameSelectorAndDirectionTwiceIsEexist) {
  const PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  ASSERT_OK(engine().add_policy(policy));
  EXPECT_ERRNO(engine().add_policy(policy), EEXIST);
}

TEST_F(SpdContract, SameSelectorOtherDirectionIsAnotherPolicy) {
  PolicyParams out = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  PolicyParams in = out;
  in.direction = rct::Direction::Inbound;
  auto a = engine().add_policy(out);
  auto b = engine().add_policy(in);
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(policies_of(engine()).size(), 2U);
}

TEST_F(SpdContract, UnknownSpidIsEnoent) {
  EXPECT_ERRNO(engine().get_policy(0x7fff0008), ENOENT);
  EXPECT_ERRNO(engine().delete_policy(0x7fff0008), ENOENT);
}

TEST_F(SpdContract, DeletedPolicyIsGone) {
  auto spid = engine().add_policy(esp_transport_policy(udp_selector(kLocal4, kPeer4)));
  ASSERT_OK(spid);
  ASSERT_OK(engine().delete_policy(*spid));
  EXPECT_ERRNO(engine().get_policy(*spid), ENOENT);
  EXPECT_ERRNO(engine().delete_policy(*spid), ENOENT);
  EXPECT_TRUE(policies_of(engine()).empty());
}

TEST_F(SpdContract, UpdateReplacesTheTemplatesAndKeepsTheSpid) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4), 7);
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);
  policy.templates[0].protocol = rct::SaType::Ah;
  policy.templates[0].reqid = 8;
  auto updated = engine().update_policy(policy);
  ASSERT_OK(updated);
  EXPECT_EQ(*updated, *spid);
  auto info = engine().get_policy(*spid);
  ASSERT_OK(info);
  EXPECT_EQ(info->params.templates, as_stored(policy, kind()).templates);
}

TEST_F(SpdContract, UpdateOfAMissingPolicyAddsIt) {
  auto spid = engine().update_policy(esp_transport_policy(udp_selector(kLocal4, kPeer4)));
  ASSERT_OK(spid);
  ASSERT_OK(engine().get_policy(*spid));
}

TEST_F(SpdContract, BypassAndDiscardHaveNoTemplates) {
  PolicyParams bypass;
  bypass.selector = udp_selector(kLocal4, kPeer4, 0, 53);
  bypass.action = PolicyAction::Bypass;
  PolicyParams discard = bypass;
  discard.selector.dst_port = 54;
  discard.action = PolicyAction::Discard;
  auto a = engine().add_policy(bypass);
  auto b = engine().add_policy(discard);
  ASSERT_OK(a);
  ASSERT_OK(b);
  auto info_a = engine().get_policy(*a);
  auto info_b = engine().get_policy(*b);
  ASSERT_OK(info_a);
  ASSERT_OK(info_b);
  EXPECT_EQ(info_a->params.action, PolicyAction::Bypass);
  EXPECT_EQ(info_b->params.action, PolicyAction::Discard);
  EXPECT_TRUE(info_a->params.templates.empty());
  EXPECT_TRUE(info_b->params.templates.empty());
}

TEST_F(SpdContract, Ipv6AndPrefixSelectorsRoundTrip) {
  PolicyParams policy;
  policy.selector.src = prefix("2001:db8:1::/48");
  policy.selector.dst = prefix("2001:db8:2::/64");
  policy.selector.protocol = IPPROTO_TCP;
  policy.selector.dst_port = 443;
  policy = esp_tunnel_policy(policy.selector, rct::Direction::Outbound, kLocal6, kPeer6);
  policy.priority = 2000;
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);
  auto info = engine().get_policy(*spid);
  ASSERT_OK(info);
  policy.spid = *spid;
  EXPECT_EQ(info->params, policy);
}

TEST_F(SpdContract, BundleTemplatesKeepTheirOrder) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  PolicyTemplate ah = policy.templates[0];
  ah.protocol = rct::SaType::Ah;
  policy.templates.push_back(ah);
  auto spid = engine().add_policy(policy);
  ASSERT_OK(spid);
  auto info = engine().get_policy(*spid);
  ASSERT_OK(info);
  EXPECT_EQ(info->params.templates, policy.templates);
}

TEST_F(SpdContract, InboundTunnelPolicyShowsOnceAndGoesCleanly) {
  // XFRM needs a fwd twin for forwarded traffic; callers never see it.
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  auto spid =
      engine().add_policy(esp_tunnel_policy(nets, rct::Direction::Inbound, kPeer4, kLocal4));
  ASSERT_OK(spid);
  auto listed = policies_of(engine());
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].params.spid, *spid);
  EXPECT_EQ(listed[0].params.direction, rct::Direction::Inbound);
  ASSERT_OK(engine().delete_policy(*spid));
  EXPECT_TRUE(policies_of(engine()).empty());
  // Adding it again works: nothing of the first one was left behind.
  ASSERT_OK(engine().add_policy(esp_tunnel_policy(nets, rct::Direction::Inbound, kPeer4, kLocal4)));
}

TEST_F(SpdContract, DumpOfManyPoliciesIsComplete) {
  // Enough to need a multi-part reply from a kernel.
  constexpr int kCount = 1500;
  std::vector<Spid> added;
  for (int i = 0; i < kCount; ++i) {
    PolicyParams policy = esp_transport_policy(
        udp_selector(kLocal4, kPeer4, static_cast<std::uint16_t>(10000 + i), 7777));
    auto spid = engine().add_policy(policy);
    ASSERT_OK(spid);
    added.push_back(*spid);
  }
  std::vector<Spid> dumped;
  for (const PolicyInfo& info : policies_of(engine())) dumped.push_back(info.params.spid);
  std::sort(added.begin(), added.end());
  std::sort(dumped.begin(), dumped.end());
  EXPECT_EQ(dumped, added);
}

TEST_F(SpdContract, FlushRemovesEveryPolicy) {
  const Selector nets{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  ASSERT_OK(engine().add_policy(esp_transport_policy(udp_selector(kLocal4, kPeer4))));
  ASSERT_OK(engine().add_policy(esp_tunnel_policy(nets, rct::Direction::Inbound, kPeer4, kLocal4)));
  ASSERT_OK(engine().flush_policies());
  EXPECT_TRUE(policies_of(engine()).empty());
  // The inbound tunnel policy (and its twin) can come back.
  ASSERT_OK(engine().add_policy(esp_tunnel_policy(nets, rct::Direction::Inbound, kPeer4, kLocal4)));
}

TEST_F(SpdContract, MixedFamiliesAreEinval) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  policy.selector.dst = addr::Prefix::host(ip(kPeer6));
  EXPECT_ERRNO(engine().add_policy(policy), EINVAL);
}

TEST_F(SpdContract, BundleTypeInATemplateIsEinval) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  policy.templates[0].protocol = rct::SaType::AhEsp;
  EXPECT_ERRNO(engine().add_policy(policy), EINVAL);
}

TEST_F(SpdContract, TunnelTemplateWithoutEndpointsIsEinval) {
  PolicyParams policy = esp_transport_policy(udp_selector(kLocal4, kPeer4));
  policy.templates[0].mode = rct::IpsecMode::Tunnel;
  EXPECT_ERRNO(engine().add_policy(policy), EINVAL);
}

}  // namespace
}  // namespace rc::kernel::contract
