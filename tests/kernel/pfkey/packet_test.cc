// pfkeyd's private "packet" message (type 200): the request and each
// verdict both ways, bytes written out from the layout pfkey_packet.h
// documents, and reports or verdicts that do not hold together.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::prefix;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

const PacketReport kDns{rc::testing::udp_selector("192.0.2.1", "192.0.2.2", 4000, 53),
                        rct::Direction::Outbound, 1200};

const std::vector<std::uint8_t> kRequest{
    // type 200, satype 0, 14 words, seq 9
    0x02, 0xc8, 0x00, 0x00, 0x0e, 0x00, 0x00, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0,
    // UDP 17, /32: 192.0.2.1 port 4000 -> 192.0.2.2 port 53
    0x03, 0x00, 0x05, 0x00, 0x11, 0x20, 0x00, 0x00, 0x02, 0x00, 0x0f, 0xa0, 0xc0, 0x00, 0x02, 0x01,
    0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0x11, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x35,
    0xc0, 0x00, 0x02, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_POLICY: type 0, OUTBOUND 2, id 0
    0x02, 0x00, 0x12, 0x00, 0x00, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // LIFETIME_CURRENT: 1200 bytes
    0x04, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0xb0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0};

const std::vector<std::uint8_t> kProtected{
    // type 200, ESP 3, 12 words, seq 9, pid 1234
    0x02, 0xc8, 0x00, 0x03, 0x0c, 0x00, 0x00, 0x00, 0x09, 0, 0, 0, 0xd2, 0x04, 0, 0,
    // X_POLICY: IPSEC 2, direction any, SPID 0x29
    0x02, 0x00, 0x12, 0x00, 0x02, 0x00, 0x00, 0x00, 0x29, 0, 0, 0, 0, 0, 0, 0,
    // SA: SPI 0xc0ffee01, MATURE
    0x02, 0x00, 0x01, 0x00, 0xc0, 0xff, 0xee, 0x01, 0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0,
    // the SA's endpoints: 192.0.2.1 -> 198.51.100.2
    0x03, 0x00, 0x05, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
    0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0xc6, 0x33, 0x64, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};

const PacketVerdict kProtectedVerdict{
    PacketOutcome::Protected, 0x29,
    SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("198.51.100.2"), 0xc0ffee01}};

TEST(PfkeyPacket, RequestMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_packet(kDns, 9)), kRequest);
  auto decoded = decode_packet(parsed(kRequest));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, kDns);
}

TEST(PfkeyPacket, ProtectedReplyMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_packet_reply(Header{kPfkeydPacket, 0, 0, 9, 1234}, kProtectedVerdict)),
            kProtected);
  auto decoded = decode_packet_reply(parsed(kProtected));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, kProtectedVerdict);
}

TEST(PfkeyPacket, EveryVerdictRoundTrips) {
  const std::vector<PacketVerdict> verdicts{
      {PacketOutcome::NoPolicy, 0, std::nullopt},
      {PacketOutcome::Bypass, 3, std::nullopt},
      {PacketOutcome::Discard, 4, std::nullopt},
      {PacketOutcome::Acquire, 5, std::nullopt},
      kProtectedVerdict,
      {PacketOutcome::Protected, 6,
       SaId{rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 0x100}}};
  for (const PacketVerdict& verdict : verdicts) {
    const auto bytes = encoded(encode_packet_reply(Header{kPfkeydPacket, 0, 0, 1, 2}, verdict));
    auto decoded = decode_packet_reply(parsed(bytes));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, verdict);
  }
  PacketReport inbound_v6{rc::testing::udp_selector("2001:db8::2", "2001:db8::1"),
                          rct::Direction::Inbound, 0};
  inbound_v6.packet.protocol = IPPROTO_ICMPV6;
  inbound_v6.packet.src_port = 128;  // echo request
  const auto bytes = encoded(encode_packet(inbound_v6));
  auto decoded = decode_packet(parsed(bytes));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, inbound_v6);
}

TEST(PfkeyPacket, RefusesWhatDoesNotHoldTogether) {
  PacketReport subnet = kDns;
  subnet.packet.dst = prefix("192.0.2.0/24");
  EXPECT_EQ(encode_packet(subnet).error().code, EINVAL);
  const Header header{kPfkeydPacket, 0, 0, 1, 2};
  EXPECT_EQ(encode_packet_reply(header, {PacketOutcome::NoPolicy, 3, std::nullopt}).error().code,
            EINVAL);
  EXPECT_EQ(encode_packet_reply(header, {PacketOutcome::Protected, 3, std::nullopt}).error().code,
            EINVAL);
  EXPECT_EQ(
      encode_packet_reply(header, {PacketOutcome::Acquire, 3, kProtectedVerdict.sa}).error().code,
      EINVAL);

  const auto request_code = [](const std::vector<std::uint8_t>& bytes) {
    auto report = decode_packet(parsed(bytes));
    return report ? 0 : report.error().code;
  };
  auto prefixed = kRequest;
  prefixed[21] = 24;  // the source a /24
  EXPECT_EQ(request_code(prefixed), EBADMSG);
  auto no_direction = kRequest;
  no_direction[70] = IPSEC_DIR_ANY;
  EXPECT_EQ(request_code(no_direction), EBADMSG);
  std::vector<std::uint8_t> no_bytes(kRequest.begin(), kRequest.end() - 32);
  no_bytes[4] = static_cast<std::uint8_t>(no_bytes.size() / 8);
  EXPECT_EQ(request_code(no_bytes), EBADMSG);

  const auto reply_code = [](const std::vector<std::uint8_t>& bytes) {
    auto verdict = decode_packet_reply(parsed(bytes));
    return verdict ? 0 : verdict.error().code;
  };
  auto discard_with_sa = kProtected;
  discard_with_sa[20] = IPSEC_POLICY_DISCARD;
  EXPECT_EQ(reply_code(discard_with_sa), EBADMSG);
  auto entrust = kProtected;
  entrust[20] = IPSEC_POLICY_ENTRUST;
  EXPECT_EQ(reply_code(entrust), EBADMSG);
  auto no_satype = kProtected;
  no_satype[3] = SADB_SATYPE_UNSPEC;
  EXPECT_EQ(reply_code(no_satype), EBADMSG);
  // The SA without the policy (X_POLICY cut, 16 bytes at 16).
  std::vector<std::uint8_t> no_policy(kProtected.begin(), kProtected.begin() + 16);
  no_policy.insert(no_policy.end(), kProtected.begin() + 32, kProtected.end());
  no_policy[4] = static_cast<std::uint8_t>(no_policy.size() / 8);
  EXPECT_EQ(reply_code(no_policy), EBADMSG);
  // The SA without its destination.
  std::vector<std::uint8_t> no_dst(kProtected.begin(), kProtected.end() - 24);
  no_dst[4] = static_cast<std::uint8_t>(no_dst.size() / 8);
  EXPECT_EQ(reply_code(no_dst), EBADMSG);
  // A refusal: pfkeyd's errno, nothing else.
  auto refused = bytes_of(MessageBuilder(Header{kPfkeydPacket, EINVAL, 0, 9, 1234}).finish());
  EXPECT_EQ(reply_code(refused), EINVAL);
}

}  // namespace
}  // namespace rc::kernel::pfkey
