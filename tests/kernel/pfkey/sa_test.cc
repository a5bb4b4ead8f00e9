// SaParams ↔ SADB_ADD / SADB_UPDATE: round trips, the wire numbers checked
// against <linux/pfkeyv2.h> directly, and what PF_KEY must refuse.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <linux/udp.h>

#include <cerrno>
#include <cstdint>
#include <utility>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::test_key;

SaParams esp_tunnel() {
  SaParams params;
  params.id = SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("198.51.100.2"), 0xc0ffee01};
  params.mode = rct::IpsecMode::Tunnel;
  params.reqid = 9;
  params.replay_window = 64;
  params.encryption = rct::EncAlg::RijndaelCbc;  // SADB_X_EALG_AESCBC decodes to this
  params.encryption_key = test_key(16, 1);
  params.integrity = rct::AuthAlg::HmacSha1;
  params.integrity_key = test_key(20, 100);
  params.lifetimes.hard = LifetimeLimit{1U << 30, 0, 3600, 0};
  params.lifetimes.soft = LifetimeLimit{1U << 29, 0, 3000, 600};
  params.nat = NatEncapsulation{4500, 61000, ip("203.0.113.5")};
  params.seq = 12;
  return params;
}

void expect_same(const SaParams& a, const SaParams& b) {
  rc::testing::expect_same_sa(a, b);
  EXPECT_EQ(a.seq, b.seq);
}

std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

TEST(PfkeySa, EspTunnelRoundTripAndWireNumbers) {
  const SaParams params = esp_tunnel();
  auto encoded = encode_sa(SADB_ADD, params);
  ASSERT_TRUE(encoded) << encoded.error().message;
  const auto bytes = bytes_of(*encoded);
  auto message = parse(bytes);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->header.type, SADB_ADD);
  EXPECT_EQ(message->header.satype, SADB_SATYPE_ESP);
  EXPECT_EQ(message->header.seq, 12U);
  const auto sa = read_sa(*message->find(SADB_EXT_SA));
  ASSERT_TRUE(sa);
  EXPECT_EQ(*sa, (SaExtension{0xc0ffee01, 64, SADB_SASTATE_MATURE, SADB_AALG_SHA1HMAC,
                              SADB_X_EALG_AESCBC, 0}));
  EXPECT_EQ(read_sa2(*message->find(SADB_X_EXT_SA2))->mode, IPSEC_MODE_TUNNEL);
  EXPECT_EQ(*read_nat_type(*message->find(SADB_X_EXT_NAT_T_TYPE)), UDP_ENCAP_ESPINUDP);

  auto back = decode_sa(*message);
  ASSERT_TRUE(back) << back.error().message;
  expect_same(*back, params);
}

TEST(PfkeySa, AhAndIpcompRoundTrip) {
  SaParams ah;
  ah.id = SaId{rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 0x1000};
  ah.integrity = rct::AuthAlg::HmacMd5;
  ah.integrity_key = test_key(16, 7);
  SaParams ipcomp;
  ipcomp.id = SaId{rct::SaType::Ipcomp, ip("192.0.2.1"), ip("192.0.2.2"), 0x4242};
  ipcomp.compression = rct::CompAlg::Deflate;
  ipcomp.replay_window = 0;
  for (const SaParams* params : {&ah, &ipcomp}) {
    auto encoded = encode_sa(SADB_UPDATE, *params);
    ASSERT_TRUE(encoded) << encoded.error().message;
    const auto bytes = bytes_of(*encoded);
    auto message = parse(bytes);
    ASSERT_TRUE(message);
    auto back = decode_sa(*message);
    ASSERT_TRUE(back) << back.error().message;
    expect_same(*back, *params);
  }
}

TEST(PfkeySa, HmacSha2_256IsRefusedUnlessAllowed) {
  SaParams params = esp_tunnel();
  params.integrity = rct::AuthAlg::HmacSha2_256;
  params.integrity_key = test_key(32, 3);
  auto refused = encode_sa(SADB_ADD, params);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ENOTSUP);
  EXPECT_NE(refused.error().message.find("XFRM"), std::string::npos) << refused.error().message;

  auto allowed = encode_sa(SADB_ADD, params, SaEncodeOptions{.pfkeyd_dialect = true});
  ASSERT_TRUE(allowed) << allowed.error().message;
  const auto bytes = bytes_of(*allowed);
  auto message = parse(bytes);
  ASSERT_TRUE(message);
  EXPECT_EQ(read_sa(*message->find(SADB_EXT_SA))->auth, SADB_X_AALG_SHA2_256HMAC);
}

TEST(PfkeySa, PfkeydDialectCarriesChachaAndEsn) {
  SaParams params = esp_tunnel();
  params.encryption = rct::EncAlg::Chacha20Poly1305;
  params.encryption_key = test_key(36, 4);
  params.integrity = {};
  params.integrity_key = {};
  params.extended_sequence_numbers = true;
  auto refused = encode_sa(SADB_ADD, params);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ENOTSUP);
  EXPECT_NE(refused.error().message.find("XFRM"), std::string::npos) << refused.error().message;

  auto encoded = encode_sa(SADB_ADD, params, SaEncodeOptions{.pfkeyd_dialect = true});
  ASSERT_TRUE(encoded) << encoded.error().message;
  const auto bytes = bytes_of(*encoded);
  auto message = parse(bytes);
  ASSERT_TRUE(message);
  // sadb_sa: len, exttype, spi, replay, state, auth, encrypt, flags (RFC 2367 §2.3.1).
  const auto sa = message->find(SADB_EXT_SA)->bytes;
  EXPECT_EQ(sa[11], 28);  // sadb_sa_encrypt: ENCR_CHACHA20_POLY1305
  EXPECT_EQ(sa[12] | sa[13] << 8 | sa[14] << 16 | sa[15] << 24, 0x400);  // sadb_sa_flags: ESN
  auto back = decode_sa(*message);
  ASSERT_TRUE(back) << back.error().message;
  expect_same(*back, params);
}

TEST(PfkeySa, RefusesWhatPfkeyCannotSay) {
  SaParams esn = esp_tunnel();
  esn.extended_sequence_numbers = true;
  EXPECT_EQ(encode_sa(SADB_ADD, esn).error().code, ENOTSUP);
  SaParams packets = esp_tunnel();
  packets.lifetimes.hard.packets = 10;
  EXPECT_EQ(encode_sa(SADB_ADD, packets).error().code, ENOTSUP);
}

TEST(PfkeySa, DecodeRefusesIncompleteMessages) {
  MessageBuilder no_sa(Header{SADB_ADD, 0, SADB_SATYPE_ESP, 0, 0});
  add_address(no_sa, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  add_address(no_sa, SADB_EXT_ADDRESS_DST, host_address(ip("192.0.2.2")));
  const auto bytes = bytes_of(std::move(no_sa).finish());
  auto message = parse(bytes);
  ASSERT_TRUE(message);
  EXPECT_EQ(decode_sa(*message).error().code, EBADMSG);

  MessageBuilder bad_alg(Header{SADB_ADD, 0, SADB_SATYPE_ESP, 0, 0});
  add_sa(bad_alg, SaExtension{1, 0, 0, 0, 250, 0});
  add_address(bad_alg, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  add_address(bad_alg, SADB_EXT_ADDRESS_DST, host_address(ip("192.0.2.2")));
  const auto bad_bytes = bytes_of(std::move(bad_alg).finish());
  auto bad_message = parse(bad_bytes);
  ASSERT_TRUE(bad_message);
  EXPECT_EQ(decode_sa(*bad_message).error().code, EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
