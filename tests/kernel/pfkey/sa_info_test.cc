// GET replies and DUMP messages (SaInfo): sadb_sa_state, LIFETIME_CURRENT
// and the larval SA without algorithms, checked against bytes written out
// from af_key's layout.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::test_key;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

SaInfo larval() {
  SaInfo info;
  info.params.id = SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0xb0b};
  info.params.mode = rct::IpsecMode::Tunnel;
  info.params.reqid = 3;
  info.params.replay_window = 0;
  info.state = SaState::Larval;
  info.current = LifetimeCurrent{0, 0, 1700000000, 0};
  return info;
}

void expect_same(const SaInfo& got, const SaInfo& want) {
  rc::testing::expect_same_sa(got.params, want.params);
  EXPECT_EQ(got.state, want.state);
  EXPECT_EQ(got.current, want.current);
}

// larval() as encode_sa_info writes it: SA, SA2, HARD, SOFT, SRC, DST, CURRENT.
const std::vector<std::uint8_t> kLarval{
    // sadb_msg: GET 5, ESP 3, 24 words, seq 8, pid 99
    0x02, 0x05, 0x00, 0x03, 0x18, 0x00, 0x00, 0x00, 0x08, 0, 0, 0, 0x63, 0, 0, 0,
    // SA: SPI 0xb0b, replay 0, state LARVAL 0, no algorithms
    0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_SA2: tunnel 2, reqid 3
    0x02, 0x00, 0x13, 0x00, 0x02, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x03, 0, 0, 0,
    // LIFETIME_HARD (3) and LIFETIME_SOFT (4): no limits
    0x04, 0x00, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0x04, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    // ADDRESS_SRC / ADDRESS_DST: 192.0.2.1 / 192.0.2.2, any protocol, /32
    0x03, 0x00, 0x05, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01,
    0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0xff, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0xc0, 0x00, 0x02, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
    // LIFETIME_CURRENT (2): allocations 0, bytes 0, addtime 1700000000, usetime 0
    0x04, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0xf1, 0x53, 0x65, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0};

TEST(PfkeySaInfo, LarvalSaMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  EXPECT_EQ(encoded(encode_sa_info(Header{SADB_GET, 0, 0, 8, 99}, larval())), kLarval);
  auto decoded = decode_sa_info(parsed(kLarval));
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(*decoded, larval());
}

TEST(PfkeySaInfo, LinuxDumpOrderDecodes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  // af_key's order: SA, HARD, SOFT, CURRENT, SRC, DST, keys, SA2. A mature
  // HMAC-SHA1 AH SA that has seen 5 packets (allocations) of 600 bytes.
  const std::vector<std::uint8_t> dump{
      0x02, 0x03, 0x00, 0x02, 0x1c, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0x10, 0, 0, 0,
      // SA: SPI 0x2000, replay 32, MATURE 1, auth SHA1 3, encrypt 0
      0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x20, 0x01, 0x03, 0x00, 0, 0, 0, 0,
      // HARD: addtime 3600; SOFT: addtime 3000
      0x04, 0x00, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x0e, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0x04, 0x00, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xb8, 0x0b,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      // CURRENT: allocations 5, bytes 600, addtime 1700000000, usetime 1700000010
      0x04, 0x00, 0x02, 0x00, 0x05, 0, 0, 0, 0x58, 0x02, 0, 0, 0, 0, 0, 0, 0x00, 0xf1, 0x53, 0x65,
      0, 0, 0, 0, 0x0a, 0xf1, 0x53, 0x65, 0, 0, 0, 0,
      // SRC / DST with protocol 0, as af_key writes them
      0x03, 0x00, 0x05, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02,
      0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0x00, 0x20, 0x00, 0x00, 0x02, 0x00,
      0x00, 0x00, 0xc0, 0x00, 0x02, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
      // KEY_AUTH (8): 4 words, 160 bits, 20 bytes 1..20 and 4 of padding
      0x04, 0x00, 0x08, 0x00, 0xa0, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
      15, 16, 17, 18, 19, 20, 0, 0, 0, 0,
      // X_SA2: transport 1, reqid 0
      0x02, 0x00, 0x13, 0x00, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};
  SaInfo want;
  want.params.id = SaId{rct::SaType::Ah, ip("192.0.2.1"), ip("192.0.2.2"), 0x2000};
  want.params.integrity = rct::AuthAlg::HmacSha1;
  want.params.integrity_key = test_key(20, 1);
  want.params.lifetimes.hard.add_seconds = 3600;
  want.params.lifetimes.soft.add_seconds = 3000;
  want.state = SaState::Mature;
  want.current = LifetimeCurrent{600, 5, 1700000000, 1700000010};
  auto decoded = decode_sa_info(parsed(dump));
  ASSERT_TRUE(decoded) << decoded.error().message;
  expect_same(*decoded, want);
}

TEST(PfkeySaInfo, EveryStateRoundTrips) {
  for (const SaState state : {SaState::Larval, SaState::Mature, SaState::Dying, SaState::Dead}) {
    SaInfo info = larval();
    info.params.id.type = rct::SaType::Esp;
    info.params.encryption = rct::EncAlg::AesGcm16;
    info.params.encryption_key = test_key(20, 9);
    info.state = state;
    info.current = LifetimeCurrent{1U << 20, 77, 1700000000, 1700000100};
    const auto bytes = encoded(encode_sa_info(Header{SADB_DUMP, 0, 0, 1, 2}, info));
    const Message message = parsed(bytes);
    EXPECT_EQ(message.header.satype, SADB_SATYPE_ESP);
    auto decoded = decode_sa_info(message);
    ASSERT_TRUE(decoded) << decoded.error().message;
    expect_same(*decoded, info);
  }
}

TEST(PfkeySaInfo, RefusesBadStatesAndShortCounters) {
  auto bad_state = kLarval;
  bad_state[25] = 4;  // sadb_sa_state 4: none of RFC 2367's
  EXPECT_EQ(decode_sa_info(parsed(bad_state)).error().code, EBADMSG);

  // LIFETIME_CURRENT of one word: shorter than struct sadb_lifetime.
  std::vector<std::uint8_t> short_current(kLarval.begin(), kLarval.end() - 24);
  short_current[kLarval.size() - 32] = 1;
  short_current[4] = static_cast<std::uint8_t>(short_current.size() / 8);
  EXPECT_EQ(decode_sa_info(parsed(short_current)).error().code, EBADMSG);

  SaInfo packets = larval();
  packets.params.lifetimes.soft.packets = 100;
  EXPECT_EQ(encode_sa_info(Header{SADB_GET, 0, 0, 0, 0}, packets).error().code, ENOTSUP);
}

}  // namespace
}  // namespace rc::kernel::pfkey
