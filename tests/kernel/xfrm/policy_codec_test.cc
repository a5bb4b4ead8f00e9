// Policies through the codec: NEWPOLICY encode then decode, the wire form
// of selectors, templates and levels, GET/DEL by index and by selector, and
// malformed NEWPOLICY messages.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <cerrno>

#include "codec_helpers.h"
#include "kernel/xfrm/fwd_twin.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_wire.h"

namespace rc::kernel::xfrm::testing {
namespace {

using rct::Direction;
using rct::IpsecLevel;
using rct::IpsecMode;

PolicyTemplate tmpl(rct::SaType protocol, IpsecMode mode, IpsecLevel level, std::uint32_t reqid) {
  PolicyTemplate t;
  t.protocol = protocol;
  t.mode = mode;
  t.level = level;
  t.reqid = reqid;
  return t;
}

PolicyParams sample_policy() {
  PolicyParams policy;
  policy.selector.src = prefix("192.0.2.0/24");
  policy.selector.dst = addr::Prefix::host(ip("198.51.100.7"));
  policy.selector.protocol = 6;
  policy.selector.src_port = 1024;
  policy.selector.dst_port = 443;
  policy.selector.ifindex = 3;
  policy.direction = Direction::Outbound;
  policy.priority = 1234;
  policy.lifetimes.hard.add_seconds = 10;
  policy.lifetimes.soft.packets = 5;
  PolicyTemplate tunnel = tmpl(rct::SaType::Esp, IpsecMode::Tunnel, IpsecLevel::Unique, 0x4001);
  tunnel.tunnel_src = ip("2001:db8::1");  // IPv4 inside an IPv6 tunnel
  tunnel.tunnel_dst = ip("2001:db8::2");
  policy.templates = {tmpl(rct::SaType::Ipcomp, IpsecMode::Transport, IpsecLevel::Use, 0), tunnel};
  return policy;
}

std::vector<std::uint8_t> encoded(const PolicyParams& policy, bool update = false) {
  auto message = encode::add_policy(policy, update);
  if (!message) throw std::runtime_error(message.error().message);
  return bytes_of(*message);
}

PolicyInfo round_trip(const PolicyParams& policy) {
  const auto bytes = encoded(policy);
  auto info = decode::policy(only_message(bytes));
  if (!info) throw std::runtime_error(info.error().message);
  return std::move(*info);
}

TEST(PolicyCodec, RoundTripsWithTemplatesLevelsAndLifetimes) {
  const PolicyParams policy = sample_policy();
  EXPECT_EQ(round_trip(policy).params, policy);

  PolicyParams v6;
  v6.selector.src = prefix("2001:db8:1::/48");
  v6.selector.dst = prefix("2001:db8:2::/64");
  v6.direction = Direction::Inbound;
  v6.action = PolicyAction::Discard;
  EXPECT_EQ(round_trip(v6).params, v6);
  v6.action = PolicyAction::Bypass;
  v6.selector.protocol = 58;
  v6.selector.src_port = 135;  // ICMPv6 type in the source port
  EXPECT_EQ(round_trip(v6).params, v6);
}

TEST(PolicyCodec, TheBytesFollowTheKernelsRules) {
  const PolicyParams policy = sample_policy();
  const auto bytes = encoded(policy);
  const auto info = fixed_of<xfrm_userpolicy_info>(bytes);
  EXPECT_EQ(info.sel.family, AF_INET);
  EXPECT_EQ(info.sel.prefixlen_s, 24);
  EXPECT_EQ(info.sel.prefixlen_d, 32);
  EXPECT_EQ(info.sel.sport, htons(1024));
  EXPECT_EQ(info.sel.sport_mask, 0xffff);
  EXPECT_EQ(info.sel.dport, htons(443));
  EXPECT_EQ(info.sel.proto, 6);
  EXPECT_EQ(info.sel.ifindex, 3);
  EXPECT_EQ(info.dir, XFRM_POLICY_OUT);
  EXPECT_EQ(info.action, XFRM_POLICY_ALLOW);
  EXPECT_EQ(info.priority, 1234U);
  EXPECT_EQ(info.index, 0U);
  EXPECT_EQ(info.lft.hard_byte_limit, XFRM_INF);
  EXPECT_EQ(info.lft.soft_packet_limit, 5U);

  auto attributes = netlink::parse_attributes_after(only_message(bytes).payload, sizeof info);
  ASSERT_TRUE(attributes);
  const netlink::Attribute* templates = netlink::find(*attributes, XFRMA_TMPL);
  ASSERT_NE(templates, nullptr);
  ASSERT_EQ(templates->data.size(), 2 * sizeof(xfrm_user_tmpl));
  const auto ipcomp = netlink::read_struct<xfrm_user_tmpl>(templates->data);
  const auto esp =
      netlink::read_struct<xfrm_user_tmpl>(templates->data.subspan(sizeof(xfrm_user_tmpl)));
  ASSERT_TRUE(ipcomp && esp);
  EXPECT_EQ(ipcomp->id.proto, IPPROTO_COMP);
  EXPECT_EQ(ipcomp->optional, 1);
  EXPECT_EQ(ipcomp->family, AF_INET) << "transport templates take the selector's family";
  EXPECT_EQ(esp->id.proto, IPPROTO_ESP);
  EXPECT_EQ(esp->mode, XFRM_MODE_TUNNEL);
  EXPECT_EQ(esp->share, XFRM_SHARE_UNIQUE);
  EXPECT_EQ(esp->optional, 0);
  EXPECT_EQ(esp->family, AF_INET6);
  EXPECT_EQ(esp->reqid, 0x4001U);
  EXPECT_EQ(esp->aalgos, ~0U);

  PolicyParams any = sample_policy();
  any.selector.protocol = kAnyProtocol;
  any.selector.src_port = any.selector.dst_port = 0;
  const auto any_info = fixed_of<xfrm_userpolicy_info>(encoded(any));
  EXPECT_EQ(any_info.sel.proto, 0);
  EXPECT_EQ(any_info.sel.sport_mask, 0);
  EXPECT_EQ(any_info.sel.dport_mask, 0);

  PolicyParams discard = any;
  discard.action = PolicyAction::Discard;
  discard.templates.clear();
  EXPECT_EQ(fixed_of<xfrm_userpolicy_info>(encoded(discard)).action, XFRM_POLICY_BLOCK);
  EXPECT_EQ(netlink::read_struct<nlmsghdr>(encoded(any, true))->nlmsg_type, XFRM_MSG_UPDPOLICY);
}

TEST(PolicyCodec, GetAndDeleteByIndexOrSelector) {
  const auto by_index = bytes_of(encode::delete_policy(0x4009));
  const auto id = fixed_of<xfrm_userpolicy_id>(by_index);
  EXPECT_EQ(id.index, 0x4009U);
  EXPECT_EQ(id.dir, XFRM_POLICY_OUT);
  EXPECT_EQ(netlink::read_struct<nlmsghdr>(by_index)->nlmsg_type, XFRM_MSG_DELPOLICY);

  auto by_selector = encode::get_policy(sample_policy().selector, Direction::Fwd);
  ASSERT_TRUE(by_selector);
  const auto sel_id = fixed_of<xfrm_userpolicy_id>(bytes_of(*by_selector));
  EXPECT_EQ(sel_id.index, 0U);
  EXPECT_EQ(sel_id.dir, XFRM_POLICY_FWD);
  EXPECT_EQ(sel_id.sel.prefixlen_s, 24);
}

TEST(PolicyCodec, BadPoliciesAreEinval) {
  std::vector<PolicyParams> bad(8, sample_policy());
  bad[0].selector.dst = addr::Prefix::host(ip("2001:db8::1"));  // mixed families
  bad[1].templates[1].protocol = rct::SaType::AhEsp;            // a bundle in a template
  bad[2].templates[1].tunnel_dst.reset();                       // a tunnel without its far end
  bad[3].templates[0].tunnel_src = ip("192.0.2.1");             // endpoints in transport mode
  bad[4].templates.clear();                                     // IPsec without templates
  bad[5].action = PolicyAction::Bypass;                         // bypass with templates
  bad[6].spid = 0x4000;                                         // an inbound SPID on outbound
  bad[7].templates.resize(7, bad[7].templates[0]);              // deeper than XFRM allows
  for (std::size_t i = 0; i < bad.size(); ++i) {
    auto message = encode::add_policy(bad[i], false);
    ASSERT_FALSE(message) << "case " << i;
    EXPECT_EQ(message.error().code, EINVAL) << "case " << i << ": " << message.error().message;
  }
}

TEST(PolicyCodec, FwdTwinsForTunnelsBypassAndDiscardOnly) {
  PolicyParams inbound = sample_policy();
  inbound.direction = Direction::Inbound;
  EXPECT_TRUE(needs_fwd_twin(inbound));
  const PolicyParams twin = fwd_twin(inbound);
  EXPECT_EQ(twin.direction, Direction::Fwd);
  EXPECT_EQ(twin.templates, inbound.templates);
  EXPECT_EQ(twin.selector, inbound.selector);
  EXPECT_EQ(twin.priority, inbound.priority);
  EXPECT_EQ(twin.spid, 0U);

  PolicyParams transport = inbound;
  transport.templates.pop_back();
  EXPECT_FALSE(needs_fwd_twin(transport));
  PolicyParams bypass = inbound;
  bypass.action = PolicyAction::Bypass;
  bypass.templates.clear();
  EXPECT_TRUE(needs_fwd_twin(bypass));
  EXPECT_FALSE(needs_fwd_twin(sample_policy())) << "outbound policies never get one";
}

std::vector<std::uint8_t> with_policy_info(std::vector<std::uint8_t> bytes,
                                           const xfrm_userpolicy_info& info) {
  std::memcpy(bytes.data() + netlink::kHeaderSize, &info, sizeof info);
  return bytes;
}

void expect_malformed(const std::vector<std::uint8_t>& bytes) {
  auto messages = netlink::split(bytes);
  ASSERT_TRUE(messages);
  auto info = decode::policy((*messages)[0]);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, EBADMSG) << info.error().message;
}

TEST(PolicyCodecMalformed, BadFixedPartsAndTemplateLists) {
  const auto good = encoded(sample_policy());
  const auto info = fixed_of<xfrm_userpolicy_info>(good);

  auto short_message = good;
  short_message.resize(netlink::kHeaderSize + sizeof info - 4);
  const auto length = static_cast<std::uint32_t>(short_message.size());
  std::memcpy(short_message.data(), &length, 4);
  expect_malformed(short_message);

  auto bad = info;
  bad.sel.family = 0;
  expect_malformed(with_policy_info(good, bad));
  bad = info;
  bad.sel.prefixlen_s = 33;
  expect_malformed(with_policy_info(good, bad));
  bad = info;
  bad.dir = 7;
  expect_malformed(with_policy_info(good, bad));
  bad = info;
  bad.action = 9;
  expect_malformed(with_policy_info(good, bad));
  bad = info;
  bad.sel.ifindex = -1;
  expect_malformed(with_policy_info(good, bad));

  // A template list that is not whole templates.
  netlink::MessageBuilder builder(XFRM_MSG_NEWPOLICY, 0);
  builder.fixed(info);
  auto partial = bytes_of(std::move(builder).finish());
  add_attribute(partial, XFRMA_TMPL, std::vector<std::uint8_t>(sizeof(xfrm_user_tmpl) + 1, 0));
  expect_malformed(partial);
  // A template with an unknown protocol.
  xfrm_user_tmpl odd{};
  odd.id.proto = 99;
  odd.family = AF_INET;
  std::vector<std::uint8_t> odd_bytes(sizeof odd);
  std::memcpy(odd_bytes.data(), &odd, sizeof odd);
  netlink::MessageBuilder again(XFRM_MSG_NEWPOLICY, 0);
  again.fixed(info);
  auto odd_message = bytes_of(std::move(again).finish());
  add_attribute(odd_message, XFRMA_TMPL, odd_bytes);
  expect_malformed(odd_message);
}

TEST(PolicyCodecMalformed, HostBitsAreClearedAndUnknownAttributesSkipped) {
  auto bytes = encoded(sample_policy());
  auto info = fixed_of<xfrm_userpolicy_info>(bytes);
  info.sel.saddr.a4 = htonl(0xc0000205);  // 192.0.2.5/24
  bytes = with_policy_info(bytes, info);
  add_attribute(bytes, 250, {1});
  auto decoded = decode::policy(only_message(bytes));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->params.selector.src, prefix("192.0.2.0/24"));
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
