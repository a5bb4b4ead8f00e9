// SADB_X_EXT_POLICY with its ipsecrequests: round trips, hand-written
// bytes, and requests whose lengths or endpoints do not add up.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <bit>
#include <cerrno>
#include <cstdint>
#include <utility>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;

std::vector<std::uint8_t> encode(const PolicyExtension& policy) {
  MessageBuilder builder(Header{SADB_X_SPDADD, 0, SADB_SATYPE_UNSPEC, 1, 0});
  add_policy(builder, policy);
  const WipedBuffer buffer = std::move(builder).finish();
  return {buffer.view().begin(), buffer.view().end()};
}

Result<PolicyExtension> decode(const std::vector<std::uint8_t>& bytes) {
  auto message = parse(bytes);
  if (!message) return fail(std::move(message).error());
  const Extension* extension = message->find(SADB_X_EXT_POLICY);
  if (extension == nullptr) return fail(Error{ENOENT, "no policy"});
  return read_policy(*extension);
}

TEST(PfkeyPolicy, RoundTrips) {
  const std::vector<PolicyExtension> policies{
      {IPSEC_POLICY_DISCARD, IPSEC_DIR_INBOUND, 0, 0, {}},
      {IPSEC_POLICY_IPSEC,
       IPSEC_DIR_OUTBOUND,
       8,
       100,
       {{IPPROTO_ESP, IPSEC_MODE_TRANSPORT, IPSEC_LEVEL_REQUIRE, 0, std::nullopt}}},
      {IPSEC_POLICY_IPSEC,
       IPSEC_DIR_FWD,
       17,
       0,
       {{IPPROTO_COMP, IPSEC_MODE_TUNNEL, IPSEC_LEVEL_USE, 3,
         std::pair{ip("2001:db8::1"), ip("2001:db8::2")}},
        {IPPROTO_ESP, IPSEC_MODE_TUNNEL, IPSEC_LEVEL_UNIQUE, 4,
         std::pair{ip("192.0.2.1"), ip("203.0.113.9")}}}},
  };
  for (const PolicyExtension& policy : policies) {
    auto back = decode(encode(policy));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, policy);
  }
}

TEST(PfkeyPolicy, SpdAddMatchesHandWrittenBytes) {
  if (std::endian::native != std::endian::little) GTEST_SKIP() << "little-endian bytes";
  const PolicyExtension policy{IPSEC_POLICY_IPSEC,
                               IPSEC_DIR_OUTBOUND,
                               0,
                               0,
                               {{IPPROTO_ESP, IPSEC_MODE_TUNNEL, IPSEC_LEVEL_REQUIRE, 5,
                                 std::pair{ip("192.0.2.1"), ip("198.51.100.2")}}}};
  const std::vector<std::uint8_t> expected{
      // sadb_msg: SADB_X_SPDADD 14, satype 0, len 10 words, seq 1
      0x02, 0x0e, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00,
      // sadb_x_policy (18): 8 words, IPSEC 2, OUTBOUND 2, id 0, priority 0
      0x08, 0x00, 0x12, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00,
      // sadb_x_ipsecrequest: 48 bytes, ESP 50, tunnel 2, require 2, reqid 5
      0x30, 0x00, 0x32, 0x00, 0x02, 0x02, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00,
      // tunnel source sockaddr_in 192.0.2.1, destination 198.51.100.2
      0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33, 0x64, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00};
  EXPECT_EQ(encode(policy), expected);
  auto back = decode(expected);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, policy);
}

// One policy with one tunnel request, for the malformed variants below:
// the request length sits at offset 32, its endpoints from 48.
std::vector<std::uint8_t> tunnel_policy() {
  return encode({IPSEC_POLICY_IPSEC,
                 IPSEC_DIR_OUTBOUND,
                 0,
                 0,
                 {{IPPROTO_ESP, IPSEC_MODE_TUNNEL, IPSEC_LEVEL_REQUIRE, 5,
                   std::pair{ip("192.0.2.1"), ip("198.51.100.2")}}}});
}

TEST(PfkeyPolicy, RefusesBadRequests) {
  ASSERT_TRUE(decode(tunnel_policy()));
  for (const int length : {0, 8, 15, 40 + 4, 56}) {
    auto bytes = tunnel_policy();
    bytes[32] = static_cast<std::uint8_t>(length);
    EXPECT_EQ(decode(bytes).error().code, EBADMSG) << length;
  }
  auto one_endpoint = tunnel_policy();
  one_endpoint[64] = 0;  // destination family
  EXPECT_EQ(decode(one_endpoint).error().code, EBADMSG);
  auto v6_in_v4 = tunnel_policy();
  v6_in_v4[64] = AF_INET6;  // a sockaddr_in6 does not fit in 16 bytes
  EXPECT_EQ(decode(v6_in_v4).error().code, EBADMSG);
  auto shorter = tunnel_policy();
  shorter[32] = 40;  // the destination cut short
  EXPECT_EQ(decode(shorter).error().code, EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
