// PolicyParams <-> X_SPDADD / X_SPDGET / X_SPDDUMP: bytes written out from
// the KAME/Linux structs (sadb_x_policy, sadb_x_ipsecrequest), a dump as
// af_key orders it, round trips, and policies PF_KEY cannot carry.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::prefix;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

PolicyParams esp_transport() {
  PolicyParams policy;
  policy.selector.src = prefix("10.0.0.0/8");
  policy.selector.dst = prefix("192.0.2.0/24");
  policy.selector.protocol = IPPROTO_UDP;
  policy.selector.dst_port = 500;
  policy.direction = rct::Direction::Outbound;
  policy.priority = 0x100;
  policy.templates.push_back(PolicyTemplate{});  // ESP transport require
  return policy;
}

const std::vector<std::uint8_t> kSpdAdd{
    // sadb_msg: X_SPDADD 14, 20 words, seq 7
    0x02, 0x0e, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0, 0, 0, 0,
    // ADDRESS_SRC: UDP 17, /8, 10.0.0.0 port 0
    0x03, 0x00, 0x05, 0x00, 0x11, 0x08, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00,
    0, 0, 0, 0, 0, 0, 0, 0,
    // ADDRESS_DST: UDP 17, /24, 192.0.2.0 port 500
    0x03, 0x00, 0x06, 0x00, 0x11, 0x18, 0x00, 0x00, 0x02, 0x00, 0x01, 0xf4, 0xc0, 0x00, 0x02, 0x00,
    0, 0, 0, 0, 0, 0, 0, 0,
    // X_POLICY (18): 4 words, IPSEC 2, OUTBOUND 2, id 0, priority 0x100
    0x04, 0x00, 0x12, 0x00, 0x02, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00,
    // ipsecrequest: 16 bytes, ESP 50, transport 1, require 2, reqid 0
    0x10, 0x00, 0x32, 0x00, 0x01, 0x02, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // LIFETIME_HARD and LIFETIME_SOFT: no limits
    0x04, 0x00, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0x04, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0};

TEST(PfkeyPolicyMessage, SpdAddMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_policy(SADB_X_SPDADD, esp_transport(), 7)), kSpdAdd);
  auto decoded = decode_policy(parsed(kSpdAdd));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->params, esp_transport());
  EXPECT_EQ(decoded->current, LifetimeCurrent{});
}

TEST(PfkeyPolicyMessage, LinuxDumpDecodes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  // af_key's order: SRC, DST, HARD, SOFT, CURRENT, X_POLICY.
  const std::vector<std::uint8_t> dump{
      // X_SPDDUMP 18, 28 words, seq 1, pid 16
      0x02, 0x12, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0x10, 0, 0, 0,
      // 10.1.0.0/16 -> 10.2.0.0/16, any protocol
      0x03, 0x00, 0x05, 0x00, 0xff, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x00,
      0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0xff, 0x10, 0x00, 0x00, 0x02, 0x00,
      0x00, 0x00, 0x0a, 0x02, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
      // HARD, SOFT: no limits
      0x04, 0x00, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0x04, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      // CURRENT: added at 1700000000
      0x04, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0xf1, 0x53, 0x65, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0,
      // X_POLICY: 8 words, IPSEC, FWD 3, id 0x1a, priority 2000
      0x08, 0x00, 0x12, 0x00, 0x02, 0x00, 0x03, 0x00, 0x1a, 0x00, 0x00, 0x00, 0xd0, 0x07, 0x00,
      0x00,
      // ipsecrequest: 48 bytes, ESP, tunnel 2, unique 3, reqid 5, 192.0.2.1 -> 198.51.100.2
      0x30, 0x00, 0x32, 0x00, 0x02, 0x03, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00,
      0x00, 0xc0, 0x00, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33,
      0x64, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};
  PolicyParams want;
  want.selector.src = prefix("10.1.0.0/16");
  want.selector.dst = prefix("10.2.0.0/16");
  want.direction = rct::Direction::Fwd;
  want.priority = 2000;
  want.spid = 0x1a;
  want.templates.push_back(PolicyTemplate{rct::SaType::Esp, rct::IpsecMode::Tunnel,
                                          rct::IpsecLevel::Unique, ip("192.0.2.1"),
                                          ip("198.51.100.2"), 5});
  auto decoded = decode_policy(parsed(dump));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->params, want);
  EXPECT_EQ(decoded->current, (LifetimeCurrent{0, 0, 1700000000, 0}));
}

TEST(PfkeyPolicyMessage, BySpidMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  // Linux index 0x69: its low 3 bits (1) say outbound, IPSEC_DIR_OUTBOUND 2.
  const std::vector<std::uint8_t> get{
      0x02, 0x10, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0, 0, 0, 0,
      0x02, 0x00, 0x12, 0x00, 0x02, 0x00, 0x02, 0x00, 0x69, 0x00, 0x00, 0x00, 0, 0, 0, 0};
  EXPECT_EQ(bytes_of(encode_policy_by_spid(SADB_X_SPDGET, 0x69, 5)), get);
  EXPECT_EQ(*decode_policy_spid(parsed(get)), 0x69U);
  // An index that is not Linux's (low bits 7): direction "any".
  const auto other = bytes_of(encode_policy_by_spid(SADB_X_SPDDELETE2, 0x107, 0));
  const Message message = parsed(other);
  EXPECT_EQ(message.header.type, SADB_X_SPDDELETE2);
  EXPECT_EQ(read_policy(testing::extension(message, SADB_X_EXT_POLICY))->direction, IPSEC_DIR_ANY);
  EXPECT_EQ(*decode_policy_spid(message), 0x107U);
  const auto bare = bytes_of(MessageBuilder(Header{SADB_X_SPDGET, 0, 0, 0, 0}).finish());
  EXPECT_EQ(decode_policy_spid(parsed(bare)).error().code, EBADMSG);
}

TEST(PfkeyPolicyMessage, RoundTrips) {
  PolicyParams bypass;
  bypass.selector.src = prefix("2001:db8::/32");
  bypass.selector.dst = prefix("::/0");
  bypass.direction = rct::Direction::Inbound;
  bypass.action = PolicyAction::Bypass;
  bypass.spid = 88;
  PolicyParams discard = bypass;
  discard.action = PolicyAction::Discard;
  discard.lifetimes.hard = LifetimeLimit{0, 0, 600, 0};
  discard.lifetimes.soft = LifetimeLimit{1 << 20, 0, 0, 300};
  PolicyParams bundle = esp_transport();
  bundle.selector.src = prefix("2001:db8:1::1");
  bundle.selector.dst = prefix("2001:db8:2::1");
  bundle.templates = {PolicyTemplate{rct::SaType::Ipcomp, rct::IpsecMode::Tunnel,
                                     rct::IpsecLevel::Use, ip("2001:db8::1"), ip("2001:db8::2"), 0},
                      PolicyTemplate{rct::SaType::Esp, rct::IpsecMode::Tunnel,
                                     rct::IpsecLevel::Unique, ip("192.0.2.1"), ip("192.0.2.2"), 9},
                      PolicyTemplate{rct::SaType::Ah, rct::IpsecMode::Transport,
                                     rct::IpsecLevel::Require, std::nullopt, std::nullopt, 0}};
  for (const PolicyParams& policy : {esp_transport(), bypass, discard, bundle}) {
    for (const int type : {SADB_X_SPDADD, SADB_X_SPDUPDATE, SADB_X_SPDDELETE}) {
      const auto bytes = encoded(encode_policy(static_cast<std::uint8_t>(type), policy, 3));
      const Message message = parsed(bytes);
      EXPECT_EQ(message.header.type, type);
      auto decoded = decode_policy(message);
      ASSERT_TRUE(decoded) << decoded.error().message;
      EXPECT_EQ(decoded->params, policy);
    }
    const PolicyInfo info{policy, LifetimeCurrent{5000, 4, 1700000000, 1700000001}};
    const auto reply = encoded(encode_policy_reply(Header{SADB_X_SPDGET, 0, 0, 4, 321}, info));
    const Message message = parsed(reply);
    EXPECT_EQ(message.header, (Header{SADB_X_SPDGET, 0, 0, 4, 321}));
    auto decoded = decode_policy(message);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->params, info.params);
    EXPECT_EQ(decoded->current, info.current);
  }
}

TEST(PfkeyPolicyMessage, RefusesWhatPfkeyCannotSay) {
  const auto code = [](const PolicyParams& policy) {
    auto bytes = encode_policy(SADB_X_SPDADD, policy);
    return bytes ? 0 : bytes.error().code;
  };
  PolicyParams no_endpoints = esp_transport();
  no_endpoints.templates[0].mode = rct::IpsecMode::Tunnel;
  EXPECT_EQ(code(no_endpoints), EINVAL);
  PolicyParams one_endpoint = no_endpoints;
  one_endpoint.templates[0].tunnel_src = ip("192.0.2.1");
  EXPECT_EQ(code(one_endpoint), EINVAL);
  PolicyParams two_families = one_endpoint;
  two_families.templates[0].tunnel_dst = ip("2001:db8::2");
  EXPECT_EQ(code(two_families), EINVAL);
  PolicyParams bundle = esp_transport();
  bundle.templates[0].protocol = rct::SaType::AhEsp;
  EXPECT_EQ(code(bundle), EINVAL);
  PolicyParams discard_with_templates = esp_transport();
  discard_with_templates.action = PolicyAction::Discard;
  EXPECT_EQ(code(discard_with_templates), EINVAL);
  PolicyParams mixed = esp_transport();
  mixed.selector.dst = prefix("2001:db8::/64");
  EXPECT_EQ(code(mixed), EINVAL);
  PolicyParams packets = esp_transport();
  packets.lifetimes.hard.packets = 1000;
  EXPECT_EQ(code(packets), ENOTSUP);
}

TEST(PfkeyPolicyMessage, RefusesMalformedPolicies) {
  const auto code = [](std::vector<std::uint8_t> bytes) {
    auto decoded = decode_policy(parsed(bytes));
    return decoded ? 0 : decoded.error().code;
  };
  ASSERT_EQ(code(kSpdAdd), 0);
  // X_POLICY sits at 64, its request at 80.
  auto entrust = kSpdAdd;
  entrust[68] = IPSEC_POLICY_ENTRUST;
  EXPECT_EQ(code(entrust), EBADMSG);
  auto no_direction = kSpdAdd;
  no_direction[70] = IPSEC_DIR_ANY;
  EXPECT_EQ(code(no_direction), EBADMSG);
  auto udp_request = kSpdAdd;
  udp_request[82] = IPPROTO_UDP;
  EXPECT_EQ(code(udp_request), EBADMSG);
  auto tunnel_without_endpoints = kSpdAdd;
  tunnel_without_endpoints[84] = IPSEC_MODE_TUNNEL;
  EXPECT_EQ(code(tunnel_without_endpoints), EBADMSG);
  auto default_level = kSpdAdd;
  default_level[85] = IPSEC_LEVEL_DEFAULT;
  EXPECT_EQ(code(default_level), EBADMSG);
  auto request_too_long = kSpdAdd;
  request_too_long[80] = 24;  // 24 bytes of request in a 16-byte rest
  EXPECT_EQ(code(request_too_long), EBADMSG);
  auto not_a_policy = kSpdAdd;
  not_a_policy[66] = SADB_X_EXT_KMPRIVATE;
  EXPECT_EQ(code(not_a_policy), EBADMSG);
  // A discard policy's requests are ignored, as the kernels do.
  auto discard = kSpdAdd;
  discard[68] = IPSEC_POLICY_DISCARD;
  auto decoded = decode_policy(parsed(discard));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->params.action, PolicyAction::Discard);
  EXPECT_TRUE(decoded->params.templates.empty());
}

}  // namespace
}  // namespace rc::kernel::pfkey
