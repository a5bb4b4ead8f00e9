// ACQUIRE and EXPIRE as events: Linux's layouts written out by hand from
// af_key (pfkey_send_acquire, key_notify_sa_expire), pfkeyd's richer
// ACQUIRE both ways, decode_event's dispatch, and broken events.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdint>
#include <variant>
#include <vector>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_register.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::prefix;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

// What Linux broadcasts: SA endpoints with protocol 0, X_POLICY naming the
// policy (no requests), a proposal of one ESP combination.
const std::vector<std::uint8_t> kLinuxAcquire{
    // ACQUIRE 6, ESP 3, 20 words, seq 0x11
    0x02, 0x06, 0x00, 0x03, 0x14, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x03, 0x00,
    0x05, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0, 0, 0, 0,
    0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00,
    0x02, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_POLICY: IPSEC, OUTBOUND, id 0x21, priority 0
    0x02, 0x00, 0x12, 0x00, 0x02, 0x00, 0x02, 0x00, 0x21, 0x00, 0x00, 0x00, 0, 0, 0, 0,
    // PROPOSAL (13): 10 words, replay 32
    0x0a, 0x00, 0x0d, 0x00, 0x20, 0x00, 0x00, 0x00,
    // sadb_comb: SHA1 3 / AES 12, flags 0, auth 160-160, encrypt 128-256
    0x03, 0x0c, 0x00, 0x00, 0xa0, 0x00, 0xa0, 0x00, 0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0,
    // allocations 0/0, bytes 0/0
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // addtime soft 72000 hard 86400, usetime soft 25200 hard 28800
    0x40, 0x19, 0x01, 0, 0, 0, 0, 0, 0x80, 0x51, 0x01, 0, 0, 0, 0, 0, 0x70, 0x62, 0, 0, 0, 0, 0, 0,
    0x80, 0x70, 0, 0, 0, 0, 0, 0};

TEST(PfkeyEvents, LinuxAcquireDecodes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const Message message = parsed(kLinuxAcquire);
  auto acquire = decode_acquire(message);
  ASSERT_TRUE(acquire) << acquire.error().message;
  AcquireEvent want;
  want.spid = 0x21;
  want.packet.src = prefix("192.0.2.1");
  want.packet.dst = prefix("192.0.2.2");
  want.protocol = rct::SaType::Esp;
  want.src = ip("192.0.2.1");
  want.dst = ip("192.0.2.2");
  want.seq = 0x11;
  EXPECT_EQ(*acquire, want);

  auto proposal = read_proposal(testing::extension(message, SADB_EXT_PROPOSAL));
  ASSERT_TRUE(proposal) << proposal.error().message;
  Combination comb;
  comb.auth = SADB_AALG_SHA1HMAC;
  comb.encrypt = SADB_X_EALG_AESCBC;
  comb.auth_min_bits = comb.auth_max_bits = 160;
  comb.encrypt_min_bits = 128;
  comb.encrypt_max_bits = 256;
  comb.soft_add_time = 72000;
  comb.hard_add_time = 86400;
  comb.soft_use_time = 25200;
  comb.hard_use_time = 28800;
  EXPECT_EQ(*proposal, (ProposalExtension{32, {comb}}));

  auto event = decode_event(message);
  ASSERT_TRUE(event) << event.error().message;
  ASSERT_TRUE(event->has_value());
  EXPECT_EQ(std::get<AcquireEvent>(**event), want);
}

TEST(PfkeyEvents, OurAcquireCarriesTheTemplate) {
  AcquireEvent transport;
  transport.spid = 9;
  transport.packet = rc::testing::udp_selector("2001:db8::1", "2001:db8::2", 1234, 53);
  transport.protocol = rct::SaType::Ah;
  transport.src = ip("2001:db8::1");
  transport.dst = ip("2001:db8::2");
  transport.reqid = 4;
  transport.seq = 300;
  const auto bytes = encoded(encode_acquire(transport));
  auto back = decode_acquire(parsed(bytes));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, transport);

  // Tunnel mode: the address extensions are the SA's; the packet's own
  // addresses ride in pfkeyd's two packet extensions (see pfkey_events.h).
  AcquireEvent tunnel = transport;
  tunnel.protocol = rct::SaType::Esp;
  tunnel.mode = rct::IpsecMode::Tunnel;
  tunnel.packet = rc::testing::udp_selector("10.0.0.1", "10.1.0.1", 1234, 53);
  tunnel.src = ip("192.0.2.1");
  tunnel.dst = ip("198.51.100.2");
  const auto tunnel_bytes = encoded(encode_acquire(tunnel));
  const Message message = parsed(tunnel_bytes);
  const auto policy = read_policy(testing::extension(message, SADB_X_EXT_POLICY));
  ASSERT_TRUE(policy);
  ASSERT_EQ(policy->requests.size(), 1U);
  EXPECT_EQ(policy->requests[0].protocol, IPPROTO_ESP);
  EXPECT_EQ(policy->requests[0].mode, IPSEC_MODE_TUNNEL);
  EXPECT_EQ(policy->requests[0].level, IPSEC_LEVEL_UNIQUE);
  auto tunnel_back = decode_acquire(message);
  ASSERT_TRUE(tunnel_back) << tunnel_back.error().message;
  EXPECT_EQ(*tunnel_back, tunnel);
  auto packet_dst = read_address(testing::extension(message, kPfkeydPacketDestination));
  ASSERT_TRUE(packet_dst) << packet_dst.error().message;
  EXPECT_EQ(packet_dst->address, ip("10.1.0.1"));
  EXPECT_EQ(packet_dst->port, 53);
  EXPECT_EQ(packet_dst->protocol, IPPROTO_UDP);

  AcquireEvent mixed = transport;
  mixed.dst = ip("192.0.2.2");
  EXPECT_EQ(encode_acquire(mixed).error().code, EINVAL);
}

// key_notify_sa_expire with hsc 1 (soft): SA, SOFT, CURRENT, SRC, DST, SA2.
const std::vector<std::uint8_t> kLinuxSoftExpire{
    // EXPIRE 8, ESP 3, 20 words, seq 0, pid 0
    0x02, 0x08, 0x00, 0x03, 0x14, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // SA: SPI 0xc0ffee01, replay 32, DYING 2, SHA1 3, AES 12
    0x02, 0x00, 0x01, 0x00, 0xc0, 0xff, 0xee, 0x01, 0x20, 0x02, 0x03, 0x0c, 0, 0, 0, 0,
    // SOFT: bytes 1000
    0x04, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0xe8, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0,
    // CURRENT: 5 packets, 1200 bytes, added 1700000000, used 1700000005
    0x04, 0x00, 0x02, 0x00, 0x05, 0, 0, 0, 0xb0, 0x04, 0, 0, 0, 0, 0, 0, 0x00, 0xf1, 0x53, 0x65, 0,
    0, 0, 0, 0x05, 0xf1, 0x53, 0x65, 0, 0, 0, 0, 0x03, 0x00, 0x05, 0x00, 0x00, 0x20, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00,
    0x00, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_SA2: tunnel, reqid 9
    0x02, 0x00, 0x13, 0x00, 0x02, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x09, 0, 0, 0};

TEST(PfkeyEvents, LinuxExpireDecodes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const ExpireEvent want{SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0xc0ffee01},
                         false, ExpireCause::Bytes, 9,
                         LifetimeCurrent{1200, 5, 1700000000, 1700000005}};
  auto expire = decode_expire(parsed(kLinuxSoftExpire));
  ASSERT_TRUE(expire) << expire.error().message;
  EXPECT_EQ(*expire, want);

  // The same SA's hard expiry on time: HARD (type 3) with addtime only.
  auto hard = kLinuxSoftExpire;
  hard[34] = SADB_EXT_LIFETIME_HARD;
  hard[40] = 0;  // bytes 0 ...
  hard[41] = 0;
  hard[48] = 0x10;  // ... addtime 3600
  hard[49] = 0x0e;
  auto hard_expire = decode_expire(parsed(hard));
  ASSERT_TRUE(hard_expire) << hard_expire.error().message;
  EXPECT_TRUE(hard_expire->hard);
  EXPECT_EQ(hard_expire->cause, ExpireCause::Time);
}

TEST(PfkeyEvents, ExpireRoundTrips) {
  for (const bool hard : {false, true}) {
    for (const auto& [cause, limit] :
         {std::pair{ExpireCause::Time, LifetimeLimit{0, 0, 3600, 0}},
          std::pair{ExpireCause::Bytes, LifetimeLimit{1 << 20, 0, 3600, 0}}}) {
      const ExpireEvent event{SaId{rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 77}, hard,
                              cause, 12, LifetimeCurrent{1 << 20, 900, 1700000000, 0}};
      const auto bytes = encoded(encode_expire(event, limit));
      const Message message = parsed(bytes);
      EXPECT_EQ(read_sa(testing::extension(message, SADB_EXT_SA))->state,
                hard ? SADB_SASTATE_DEAD : SADB_SASTATE_DYING);
      auto back = decode_event(message);
      ASSERT_TRUE(back) << back.error().message;
      ASSERT_TRUE(back->has_value());
      EXPECT_EQ(std::get<ExpireEvent>(**back), event);
    }
  }
  const ExpireEvent event{SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 1}, true,
                          ExpireCause::Packets, 0, LifetimeCurrent{}};
  EXPECT_EQ(encode_expire(event, LifetimeLimit{0, 100, 0, 0}).error().code, ENOTSUP);
}

TEST(PfkeyEvents, DecodeEventIgnoresWhatIsNoEvent) {
  for (const Header& header :
       {Header{SADB_REGISTER, 0, SADB_SATYPE_ESP, 1, 2}, Header{SADB_X_SPDADD, 0, 0, 1, 2},
        Header{SADB_ACQUIRE, ENOENT, SADB_SATYPE_ESP, 1, 2}}) {
    const auto bytes = bytes_of(MessageBuilder(header).finish());
    auto event = decode_event(parsed(bytes));
    ASSERT_TRUE(event) << event.error().message;
    EXPECT_FALSE(event->has_value()) << int{header.type};
  }
}

TEST(PfkeyEvents, RefusesBrokenEvents) {
  const auto code = [](const std::vector<std::uint8_t>& bytes) {
    auto event = decode_event(parsed(bytes));
    return event ? 0 : event.error().code;
  };
  ASSERT_EQ(code(kLinuxAcquire), 0);
  auto no_satype = kLinuxAcquire;
  no_satype[3] = SADB_SATYPE_UNSPEC;
  EXPECT_EQ(code(no_satype), EBADMSG);
  auto no_policy = kLinuxAcquire;
  no_policy[66] = SADB_X_EXT_KMPRIVATE;  // X_POLICY renumbered
  EXPECT_EQ(code(no_policy), EBADMSG);
  auto v6_dst = kLinuxAcquire;
  v6_dst[48] = 0x0a;  // a sockaddr_in6 does not fit
  EXPECT_EQ(code(v6_dst), EBADMSG);
  auto short_comb = kLinuxAcquire;
  short_comb[80] = 9;  // the proposal one word short: 8 bytes left over
  short_comb[4] = 0x13;
  short_comb.resize(short_comb.size() - 8);
  EXPECT_EQ(code(short_comb), 0);  // decode_acquire does not read the proposal ...
  EXPECT_EQ(read_proposal(testing::extension(parsed(short_comb), SADB_EXT_PROPOSAL)).error().code,
            EBADMSG);

  ASSERT_EQ(code(kLinuxSoftExpire), 0);
  auto no_limit = kLinuxSoftExpire;
  no_limit[34] = SADB_EXT_LIFETIME_CURRENT;  // two CURRENTs: the parser refuses
  EXPECT_FALSE(parse(no_limit));
  auto limitless = kLinuxSoftExpire;
  limitless[34] = SADB_EXT_SENSITIVITY;  // neither HARD nor SOFT
  EXPECT_EQ(code(limitless), EBADMSG);
  auto no_sa = kLinuxSoftExpire;
  no_sa[18] = SADB_EXT_SENSITIVITY;
  EXPECT_EQ(code(no_sa), EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
