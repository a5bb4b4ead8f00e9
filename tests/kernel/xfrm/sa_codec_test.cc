// SAs through the codec: encode (NEWSA) then decode gives the same SA for
// every kind of algorithm; the bytes follow the kernel's rules; bad
// parameters are EINVAL and malformed kernel messages EBADMSG, never a read
// past the end.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include <cerrno>

#include "codec_helpers.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_wire.h"
#include "rct/names.h"

namespace rc::kernel::xfrm::testing {
namespace {

using rct::AuthAlg;
using rct::EncAlg;

SaParams base_sa(rct::SaType type = rct::SaType::Esp) {
  SaParams sa;
  sa.id = SaId{type, ip("192.0.2.1"), ip("192.0.2.2"), 0x12345678};
  sa.reqid = 9;
  sa.seq = 77;
  return sa;
}

SaParams cipher_sa(EncAlg cipher, std::size_t key_bytes, AuthAlg integrity = {},
                   std::size_t integrity_bytes = 0) {
  SaParams sa = base_sa();
  sa.encryption = cipher;
  sa.encryption_key = test_key(key_bytes, 1);
  sa.integrity = integrity;
  if (integrity_bytes != 0) sa.integrity_key = test_key(integrity_bytes, 100);
  return sa;
}

std::vector<std::uint8_t> encoded(const SaParams& sa, bool update = false) {
  auto message = encode::add_sa(sa, update);
  if (!message) throw std::runtime_error(message.error().message);
  return bytes_of(*message);
}

SaInfo round_trip(const SaParams& sa) {
  const auto bytes = encoded(sa);
  auto info = decode::sa(only_message(bytes));
  if (!info) throw std::runtime_error(info.error().message);
  return std::move(*info);
}

TEST(SaCodec, EveryCipherKindRoundTrips) {
  std::vector<SaParams> sas;
  sas.push_back(cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha2_256, 32));
  sas.push_back(cipher_sa(EncAlg::Aes192Cbc, 24, AuthAlg::HmacSha2_384, 48));
  sas.push_back(cipher_sa(EncAlg::Aes256Cbc, 32, AuthAlg::HmacSha2_512, 64));
  sas.push_back(cipher_sa(EncAlg::Des3Cbc, 24, AuthAlg::HmacSha1, 20));
  sas.push_back(cipher_sa(EncAlg::AesCtr, 16 + 4, AuthAlg::AesXcbc, 16));
  sas.push_back(cipher_sa(EncAlg::AesGcm16, 16 + 4));
  sas.push_back(cipher_sa(EncAlg::AesGcm8, 32 + 4));
  sas.push_back(cipher_sa(EncAlg::AesCcm12, 24 + 3));
  sas.push_back(cipher_sa(EncAlg::Chacha20Poly1305, 32 + 4));
  sas.push_back(cipher_sa(EncAlg::NullAesGmac, 16 + 4));
  sas.push_back(cipher_sa(EncAlg::NullEnc, 0, AuthAlg::HmacMd5, 16));
  sas.push_back(cipher_sa(EncAlg::BlowfishCbc, 56, AuthAlg::AesCmac, 16));
  for (const SaParams& sa : sas) {
    SCOPED_TRACE(rct::display_name(sa.encryption));
    const SaInfo info = round_trip(sa);
    EXPECT_EQ(info.state, SaState::Mature);
    expect_exact_sa(info.params, sa);
  }
}

TEST(SaCodec, RijndaelCbcReadsBackWithItsExactKeyLength) {
  const SaInfo info = round_trip(cipher_sa(EncAlg::RijndaelCbc, 24, AuthAlg::HmacSha1, 20));
  EXPECT_EQ(info.params.encryption, EncAlg::Aes192Cbc);
}

TEST(SaCodec, IntegrityOnlyEspUsesTheNullCipher) {
  SaParams sa = base_sa();
  sa.integrity = AuthAlg::HmacSha2_256;
  sa.integrity_key = test_key(32, 3);
  const auto bytes = encoded(sa);
  auto attributes =
      netlink::parse_attributes_after(only_message(bytes).payload, sizeof(xfrm_usersa_info));
  ASSERT_TRUE(attributes);
  const netlink::Attribute* crypt = netlink::find(*attributes, XFRMA_ALG_CRYPT);
  ASSERT_NE(crypt, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(crypt->data.data()), "ecb(cipher_null)");  // NOLINT
  const SaInfo info = round_trip(sa);
  EXPECT_EQ(info.params.encryption, EncAlg::NullEnc);
  EXPECT_EQ(info.params.integrity, AuthAlg::HmacSha2_256);
}

TEST(SaCodec, AhAndIpcompRoundTrip) {
  SaParams ah = base_sa(rct::SaType::Ah);
  ah.integrity = AuthAlg::HmacSha2_384;
  ah.integrity_key = test_key(48, 5);
  expect_exact_sa(round_trip(ah).params, ah);

  SaParams ipcomp = base_sa(rct::SaType::Ipcomp);
  ipcomp.id.spi = 0x300;
  ipcomp.compression = rct::CompAlg::Deflate;
  ipcomp.replay_window = 0;
  expect_exact_sa(round_trip(ipcomp).params, ipcomp);
}

TEST(SaCodec, TheBytesFollowTheKernelsRules) {
  SaParams sa = cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha2_256, 32);
  sa.lifetimes.soft.bytes = 1000;
  sa.lifetimes.hard.add_seconds = 60;
  const auto bytes = encoded(sa);
  const auto header = netlink::read_struct<nlmsghdr>(bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->nlmsg_type, XFRM_MSG_NEWSA);
  EXPECT_EQ(header->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
  EXPECT_EQ(header->nlmsg_len, bytes.size());
  const auto info = fixed_of<xfrm_usersa_info>(bytes);
  EXPECT_EQ(info.id.spi, htonl(0x12345678));
  EXPECT_EQ(info.id.proto, IPPROTO_ESP);
  EXPECT_EQ(info.family, AF_INET);
  EXPECT_EQ(info.sel.family, AF_INET);
  EXPECT_EQ(info.lft.soft_byte_limit, 1000U);
  EXPECT_EQ(info.lft.hard_byte_limit, XFRM_INF);
  EXPECT_EQ(info.lft.soft_packet_limit, XFRM_INF);
  EXPECT_EQ(info.lft.hard_add_expires_seconds, 60U);
  EXPECT_EQ(info.lft.soft_add_expires_seconds, 0U);
  EXPECT_EQ(info.replay_window, 32);
  EXPECT_EQ(info.seq, 77U);

  auto attributes = netlink::parse_attributes_after(only_message(bytes).payload, sizeof info);
  ASSERT_TRUE(attributes);
  const netlink::Attribute* auth = netlink::find(*attributes, XFRMA_ALG_AUTH_TRUNC);
  ASSERT_NE(auth, nullptr);
  const auto head = netlink::read_struct<wire::AlgoAuthHead>(auth->data);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->alg_key_len, 256U);
  EXPECT_EQ(head->alg_trunc_len, 128U) << "RFC 4868, not the kernel's 96-bit default";
  EXPECT_EQ(auth->data.size(), sizeof(wire::AlgoAuthHead) + 32);
  EXPECT_EQ(netlink::find(*attributes, XFRMA_ALG_AUTH), nullptr);

  const auto update = encoded(sa, true);
  EXPECT_EQ(netlink::read_struct<nlmsghdr>(update)->nlmsg_type, XFRM_MSG_UPDSA);
}

TEST(SaCodec, ReplayWindowsAndEsn) {
  SaParams wide = cipher_sa(EncAlg::AesGcm16, 20);
  wide.replay_window = 128;
  SaParams esn = cipher_sa(EncAlg::AesGcm16, 20);
  esn.extended_sequence_numbers = true;
  esn.replay_window = 64;
  SaParams none = cipher_sa(EncAlg::AesGcm16, 20);
  none.replay_window = 0;
  for (const SaParams* sa : {&wide, &esn, &none}) expect_exact_sa(round_trip(*sa).params, *sa);

  const auto bytes = encoded(esn);
  const auto info = fixed_of<xfrm_usersa_info>(bytes);
  EXPECT_EQ(info.replay_window, 0) << "the kernel refuses a window in both places";
  EXPECT_NE(info.flags & XFRM_STATE_ESN, 0);
  auto attributes = netlink::parse_attributes_after(only_message(bytes).payload, sizeof info);
  ASSERT_TRUE(attributes);
  const netlink::Attribute* replay = netlink::find(*attributes, XFRMA_REPLAY_ESN_VAL);
  ASSERT_NE(replay, nullptr);
  const auto state = netlink::read_struct<wire::ReplayEsnHead>(replay->data);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->bmp_len, 2U);
  EXPECT_EQ(state->replay_window, 64U);
  EXPECT_EQ(replay->data.size(), sizeof(wire::ReplayEsnHead) + 8);
}

TEST(SaCodec, TunnelIpv6NatSelectorAndLifetimesRoundTrip) {
  SaParams tunnel = cipher_sa(EncAlg::Aes256Cbc, 32, AuthAlg::HmacSha2_512, 64);
  tunnel.id = SaId{rct::SaType::Esp, ip("2001:db8::1"), ip("2001:db8::2"), 0x1005};
  tunnel.mode = rct::IpsecMode::Tunnel;
  tunnel.lifetimes = Lifetimes{{1, 2, 3, 4}, {5, 6, 7, 8}};
  expect_exact_sa(round_trip(tunnel).params, tunnel);

  SaParams nat = cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha1, 20);
  nat.nat = NatEncapsulation{4500, 31000, ip("198.51.100.9")};
  Selector selector;
  selector.src = addr::Prefix::host(ip("192.0.2.1"));
  selector.dst = addr::Prefix::host(ip("192.0.2.2"));
  selector.protocol = 17;
  selector.dst_port = 53;
  nat.selector = selector;
  expect_exact_sa(round_trip(nat).params, nat);
  const auto bytes = encoded(nat);
  auto attributes =
      netlink::parse_attributes_after(only_message(bytes).payload, sizeof(xfrm_usersa_info));
  ASSERT_TRUE(attributes);
  const auto encap =
      netlink::read_struct<xfrm_encap_tmpl>(netlink::find(*attributes, XFRMA_ENCAP)->data);
  ASSERT_TRUE(encap);
  EXPECT_EQ(encap->encap_type, UDP_ENCAP_ESPINUDP);
  EXPECT_EQ(encap->encap_dport, htons(31000));
}

TEST(SaCodec, BadParametersAreEinval) {
  std::vector<SaParams> bad;
  bad.push_back(cipher_sa(EncAlg::Aes128Cbc, 15, AuthAlg::HmacSha2_256, 32));  // short key
  bad.push_back(cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha2_256, 20));  // integrity key
  bad.push_back(cipher_sa(EncAlg::AesGcm16, 16));                              // no salt
  bad.push_back(cipher_sa(EncAlg::AesGcm16, 20, AuthAlg::HmacSha1, 20));       // AEAD + integrity
  bad.push_back(cipher_sa(EncAlg::Rc5Cbc, 16, AuthAlg::HmacSha1, 20));         // not in XFRM
  bad.push_back(base_sa());                                                    // nothing
  SaParams ah = base_sa(rct::SaType::Ah);
  ah.encryption = EncAlg::Aes128Cbc;
  ah.encryption_key = test_key(16, 1);
  ah.integrity = AuthAlg::HmacSha1;
  ah.integrity_key = test_key(20, 1);
  bad.push_back(std::move(ah));
  SaParams big_cpi = base_sa(rct::SaType::Ipcomp);
  big_cpi.compression = rct::CompAlg::Deflate;
  big_cpi.id.spi = 0x10000;
  bad.push_back(std::move(big_cpi));
  SaParams ipcomp_esn = base_sa(rct::SaType::Ipcomp);
  ipcomp_esn.id.spi = 0x300;
  ipcomp_esn.compression = rct::CompAlg::Deflate;
  ipcomp_esn.extended_sequence_numbers = true;
  bad.push_back(std::move(ipcomp_esn));
  SaParams bundle = cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha1, 20);
  bundle.id.type = rct::SaType::AhEsp;
  bad.push_back(std::move(bundle));
  SaParams mixed = cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha1, 20);
  mixed.id.dst = ip("2001:db8::2");
  bad.push_back(std::move(mixed));
  SaParams nat_ah = base_sa(rct::SaType::Ah);
  nat_ah.integrity = AuthAlg::HmacSha1;
  nat_ah.integrity_key = test_key(20, 1);
  nat_ah.nat = NatEncapsulation{};
  bad.push_back(std::move(nat_ah));
  for (std::size_t i = 0; i < bad.size(); ++i) {
    auto message = encode::add_sa(bad[i], false);
    ASSERT_FALSE(message) << "case " << i;
    EXPECT_EQ(message.error().code, EINVAL) << "case " << i << ": " << message.error().message;
    EXPECT_FALSE(message.error().message.empty());
  }
}

TEST(SaCodec, SpiRequestsAndIds) {
  SpiRequest request;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.reqid = 4;
  request.seq = 99;
  request.min = 5;
  auto message = encode::allocate_spi(request);
  ASSERT_TRUE(message);
  const auto spi = fixed_of<xfrm_userspi_info>(bytes_of(*message));
  EXPECT_EQ(spi.min, 0x100U) << "0..255 are reserved";
  EXPECT_EQ(spi.max, 0xffffffffU);
  EXPECT_EQ(spi.info.seq, 99U);
  EXPECT_EQ(spi.info.reqid, 4U);
  request.type = rct::SaType::Ipcomp;
  auto range = encode::usable_spi_range(request);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->max, 0xffffU);
  request.max = 0xff;
  EXPECT_FALSE(encode::usable_spi_range(request));

  auto get = encode::get_sa(SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1001});
  ASSERT_TRUE(get);
  const auto bytes = bytes_of(*get);
  const auto id = fixed_of<xfrm_usersa_id>(bytes);
  EXPECT_EQ(id.spi, htonl(0x1001));
  EXPECT_EQ(id.proto, IPPROTO_ESP);
  auto attributes = netlink::parse_attributes_after(only_message(bytes).payload, sizeof id);
  ASSERT_TRUE(attributes);
  ASSERT_NE(netlink::find(*attributes, XFRMA_SRCADDR), nullptr);
}

// --- malformed NEWSA ---------------------------------------------------------

std::vector<std::uint8_t> kernel_style_sa() {
  return encoded(cipher_sa(EncAlg::Aes128Cbc, 16, AuthAlg::HmacSha2_256, 32));
}

void expect_decode_error(const std::vector<std::uint8_t>& bytes, int code) {
  auto messages = netlink::split(bytes);
  ASSERT_TRUE(messages) << messages.error().message;
  ASSERT_EQ(messages->size(), 1U);
  auto info = decode::sa((*messages)[0]);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, code) << info.error().message;
}

// A NEWSA whose only attribute is `type` with `data`.
std::vector<std::uint8_t> sa_with(std::uint16_t type, const std::vector<std::uint8_t>& data) {
  xfrm_usersa_info info{};
  info.family = AF_INET;
  info.id.proto = IPPROTO_ESP;
  netlink::MessageBuilder builder(XFRM_MSG_NEWSA, 0);
  builder.fixed(info);
  auto bytes = bytes_of(std::move(builder).finish());
  add_attribute(bytes, type, data);
  return bytes;
}

template <class T>
std::vector<std::uint8_t> struct_bytes(const T& value, std::size_t extra = 0) {
  std::vector<std::uint8_t> out(sizeof(T) + extra, 0);
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

TEST(SaCodecMalformed, ShortFixedPartKeysLongerThanTheAttributeAndShortStructs) {
  auto bytes = kernel_style_sa();
  bytes.resize(netlink::kHeaderSize + sizeof(xfrm_usersa_info) - 1);
  const auto length = static_cast<std::uint32_t>(bytes.size());
  std::memcpy(bytes.data(), &length, 4);
  expect_decode_error(bytes, EBADMSG);

  wire::AlgoHead crypt{};
  std::memcpy(crypt.alg_name, "cbc(aes)", 9);
  crypt.alg_key_len = 256;  // 32 bytes claimed, 16 present
  expect_decode_error(sa_with(XFRMA_ALG_CRYPT, struct_bytes(crypt, 16)), EBADMSG);
  crypt.alg_key_len = 0xffffffff;
  expect_decode_error(sa_with(XFRMA_ALG_CRYPT, struct_bytes(crypt, 16)), EBADMSG);
  expect_decode_error(sa_with(XFRMA_ALG_AUTH_TRUNC, std::vector<std::uint8_t>(10, 'a')), EBADMSG);
  expect_decode_error(sa_with(XFRMA_ALG_AEAD, std::vector<std::uint8_t>(70, 'a')), EBADMSG);
  expect_decode_error(sa_with(XFRMA_ENCAP, std::vector<std::uint8_t>(4, 0)), EBADMSG);
  expect_decode_error(sa_with(XFRMA_REPLAY_ESN_VAL, std::vector<std::uint8_t>(8, 0)), EBADMSG);
  wire::ReplayEsnHead replay{};
  replay.bmp_len = 4;  // 16 bytes of bitmap claimed, 8 present
  expect_decode_error(sa_with(XFRMA_REPLAY_ESN_VAL, struct_bytes(replay, 8)), EBADMSG);
}

TEST(SaCodecMalformed, WhatRacoonCannotNameIsEnotsup) {
  wire::AlgoHead crypt{};
  std::memcpy(crypt.alg_name, "cbc(serpent)", 13);
  crypt.alg_key_len = 128;
  expect_decode_error(sa_with(XFRMA_ALG_CRYPT, struct_bytes(crypt, 16)), ENOTSUP);
  wire::AlgoAuthHead auth{};
  std::memcpy(auth.alg_name, "hmac(sha256)", 13);
  auth.alg_key_len = 256;
  auth.alg_trunc_len = 96;  // af_key's quirk: not HMAC-SHA2-256-128
  expect_decode_error(sa_with(XFRMA_ALG_AUTH_TRUNC, struct_bytes(auth, 32)), ENOTSUP);
  wire::ReplayEsnHead replay{};
  replay.bmp_len = 32;
  replay.replay_window = 1024;
  expect_decode_error(sa_with(XFRMA_REPLAY_ESN_VAL, struct_bytes(replay, 128)), ENOTSUP);

  auto beet = kernel_style_sa();
  auto info = fixed_of<xfrm_usersa_info>(beet);
  info.mode = XFRM_MODE_BEET;
  std::memcpy(beet.data() + netlink::kHeaderSize, &info, sizeof info);
  expect_decode_error(beet, ENOTSUP);
  info.mode = 0;
  info.family = 99;
  std::memcpy(beet.data() + netlink::kHeaderSize, &info, sizeof info);
  expect_decode_error(beet, EBADMSG);
}

TEST(SaCodecMalformed, UnknownAttributesAreSkippedAndTheKernelsExtrasRead) {
  auto bytes = kernel_style_sa();
  add_attribute(bytes, 200, {1, 2, 3});
  add_attribute(bytes, XFRMA_LASTUSED, std::vector<std::uint8_t>(8, 0));
  // The kernel reports plain XFRMA_ALG_AUTH (untruncated) besides AUTH_TRUNC.
  wire::AlgoHead auth{};
  std::memcpy(auth.alg_name, "hmac(sha256)", 13);
  auth.alg_key_len = 256;
  add_attribute(bytes, XFRMA_ALG_AUTH, struct_bytes(auth, 32));
  auto info = decode::sa(only_message(bytes));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->params.integrity, AuthAlg::HmacSha2_256);
}

TEST(SaCodecMalformed, WrongMessageTypeIsRejected) {
  auto bytes = kernel_style_sa();
  const std::uint16_t type = XFRM_MSG_NEWPOLICY;
  std::memcpy(bytes.data() + 4, &type, 2);
  expect_decode_error(bytes, EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
