// Decodes what Linux af_key (Debian's kernel, in the VM) sent to a raw
// PF_KEY socket, kept as byte fixtures in fixtures/pfkey (refresh them with
// tests/kernel/capture-fixtures.sh; capture_pfkey_fixtures.cc made them).
// The VM suite also points RACOON2_PFKEY_FIXTURES at a fresh capture, so
// today's kernel is checked too.
//
// The expected values are what the capture installed, written out here
// again on purpose: a codec bug made the same way in the encoder and the
// decoder passes every round trip, but not a comparison of the kernel's own
// bytes with the numbers we gave it. A few checks read the bytes directly
// (offsets from RFC 2367 and <linux/pfkeyv2.h>) so the layout is pinned
// without the codec at all.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using Bytes = std::vector<std::uint8_t>;
using rc::testing::ip;
using rc::testing::prefix;
using rc::testing::test_key;

// What the capture put in every request's sadb_msg_pid; af_key echoes it.
constexpr std::uint32_t kPid = 0x4b4559;

std::filesystem::path fixture_dir() {
  const char* dir = std::getenv("RACOON2_PFKEY_FIXTURES");  // NOLINT(concurrency-mt-unsafe)
  if (dir != nullptr && *dir != '\0') return dir;
  return std::filesystem::path(RACOON2_TEST_DATA_DIR) / "capture" / "fixtures" / "pfkey";
}

Bytes fixture(const std::string& name) {
  std::ifstream in(fixture_dir() / (name + ".bin"), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The message's extensions point into `bytes`, which must outlive it (a
// temporary would not: hence the deleted overload).
Message parsed(const Bytes& bytes) {
  auto message = parse(bytes);
  if (!message) throw std::runtime_error("parse: " + message.error().message);
  return std::move(*message);
}
Message parsed(Bytes&&) = delete;

template <class T>
T value(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

// --- the bytes without the codec ----------------------------------------
// Host-order fields as the kernel wrote them (the fixtures come from an
// x86-64 VM; every test below skips on a big-endian host).
std::uint16_t u16(std::span<const std::uint8_t> bytes, std::size_t at) {
  std::uint16_t v = 0;
  std::memcpy(&v, bytes.subspan(at, sizeof v).data(), sizeof v);
  return v;
}
std::uint32_t u32(std::span<const std::uint8_t> bytes, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, bytes.subspan(at, sizeof v).data(), sizeof v);
  return v;
}
std::uint64_t u64(std::span<const std::uint8_t> bytes, std::size_t at) {
  std::uint64_t v = 0;
  std::memcpy(&v, bytes.subspan(at, sizeof v).data(), sizeof v);
  return v;
}

struct RawExtension {
  std::size_t offset = 0;
  std::uint16_t type = 0;
  std::size_t length = 0;  // bytes
};

// Walks the extensions by sadb_ext_len alone (RFC 2367 §2.2).
std::vector<RawExtension> walk(const Bytes& bytes) {
  std::vector<RawExtension> extensions;
  std::size_t at = 16;
  while (at + 4 <= bytes.size()) {
    const std::size_t length = std::size_t{u16(bytes, at)} * 8;
    if (length == 0 || at + length > bytes.size()) throw std::runtime_error("bad sadb_ext_len");
    extensions.push_back({at, u16(bytes, at + 2), length});
    at += length;
  }
  if (at != bytes.size()) throw std::runtime_error("bytes after the last extension");
  return extensions;
}

// The bytes of the extension of `type`, sadb_ext header included.
std::span<const std::uint8_t> raw(const Bytes& bytes, std::uint16_t type) {
  for (const RawExtension& extension : walk(bytes)) {
    if (extension.type == type) {
      return std::span<const std::uint8_t>(bytes).subspan(extension.offset, extension.length);
    }
  }
  throw std::runtime_error("no extension " + std::to_string(type));
}

std::vector<std::uint16_t> types_of(const Bytes& bytes) {
  std::vector<std::uint16_t> types;
  for (const RawExtension& extension : walk(bytes)) types.push_back(extension.type);
  return types;
}

class PfkeyFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::endian::native != std::endian::little) {
      GTEST_SKIP() << "the fixtures hold an x86-64 kernel's host-order fields";
    }
  }
};

// --- what the capture installed, literally -------------------------------

SaParams esp_tunnel_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1001};
  sa.mode = rct::IpsecMode::Tunnel;
  sa.reqid = 100;
  sa.replay_window = 16;
  // AES-CBC-256 was sent; PF_KEY has one number for every AES-CBC key size.
  sa.encryption = rct::EncAlg::RijndaelCbc;
  sa.encryption_key = test_key(32, 0x10);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 0x60);
  sa.lifetimes.soft =
      LifetimeLimit{.bytes = 1000000, .packets = 0, .add_seconds = 3000, .use_seconds = 1800};
  sa.lifetimes.hard =
      LifetimeLimit{.bytes = 2000000, .packets = 0, .add_seconds = 3600, .use_seconds = 2400};
  return sa;
}

SaParams ah_v6_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 0x1002};
  sa.reqid = 101;
  sa.replay_window = 32;
  sa.integrity = rct::AuthAlg::HmacSha2_512;
  sa.integrity_key = test_key(64, 0x80);
  return sa;
}

PolicyParams outbound_transport_policy(Spid spid) {
  PolicyParams policy;
  policy.selector.src = prefix("192.0.2.1/32");
  policy.selector.dst = prefix("192.0.2.2/32");
  policy.selector.protocol = IPPROTO_UDP;
  policy.selector.src_port = 0;
  policy.selector.dst_port = 7777;
  policy.direction = rct::Direction::Outbound;
  policy.action = PolicyAction::Ipsec;
  policy.priority = 1500;
  policy.templates.push_back(PolicyTemplate{.protocol = rct::SaType::Esp,
                                            .mode = rct::IpsecMode::Transport,
                                            .level = rct::IpsecLevel::Unique,
                                            .tunnel_src = {},
                                            .tunnel_dst = {},
                                            .reqid = 200});
  policy.spid = spid;
  return policy;
}

PolicyParams inbound_tunnel_policy(Spid spid) {
  PolicyParams policy;
  policy.selector.src = prefix("10.2.0.0/16");
  policy.selector.dst = prefix("10.1.0.0/16");
  policy.selector.protocol = kAnyProtocol;
  policy.direction = rct::Direction::Inbound;
  policy.action = PolicyAction::Ipsec;
  policy.priority = 2000;
  policy.templates.push_back(PolicyTemplate{.protocol = rct::SaType::Esp,
                                            .mode = rct::IpsecMode::Tunnel,
                                            .level = rct::IpsecLevel::Use,
                                            .tunnel_src = ip("192.0.2.2"),
                                            .tunnel_dst = ip("192.0.2.1"),
                                            .reqid = 0});
  policy.spid = spid;
  return policy;
}

// The SPIDs the kernel chose (read from the X_SPDADD replies' bytes).
Spid outbound_spid() {
  return u32(raw(fixture("spdadd_out_transport"), SADB_X_EXT_POLICY), 8);
}
Spid inbound_spid() {
  return u32(raw(fixture("spdadd_in_tunnel"), SADB_X_EXT_POLICY), 8);
}

// A Unix time the kernel stamped (the VM's clock): after 2023, before 2096.
void expect_plausible_time(std::uint64_t seconds) {
  EXPECT_GT(seconds, 1700000000U);
  EXPECT_LT(seconds, 4000000000U);
}

// --- REGISTER --------------------------------------------------------------

TEST_F(PfkeyFixtures, RegisterReplyListsTheEspAlgorithms) {
  const Bytes bytes = fixture("register_esp");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_REGISTER, 0, SADB_SATYPE_ESP, 1, kPid}));
  const SupportedAlgorithms supported = value(decode_supported(message));
  // xfrm_algo.c's sadb_alg of each (id, IV bytes, min and max key bits).
  const auto has = [](const std::vector<SupportedAlgorithm>& list, SupportedAlgorithm want) {
    return std::find(list.begin(), list.end(), want) != list.end();
  };
  EXPECT_TRUE(has(supported.authentication, {SADB_AALG_SHA1HMAC, 0, 160, 160}));
  EXPECT_TRUE(has(supported.authentication, {SADB_X_AALG_SHA2_256HMAC, 0, 256, 256}));
  EXPECT_TRUE(has(supported.authentication, {SADB_X_AALG_SHA2_512HMAC, 0, 512, 512}));
  EXPECT_TRUE(has(supported.encryption, {SADB_X_EALG_AESCBC, 8, 128, 256}));
  EXPECT_TRUE(has(supported.encryption, {SADB_EALG_3DESCBC, 8, 192, 192}));
  // No AEAD: af_key lists its table of plain ciphers only.
  for (const SupportedAlgorithm& alg : supported.encryption) {
    EXPECT_NE(alg.id, SADB_X_EALG_AES_GCM_ICV16);
  }
  // Layout: sadb_supported (8 bytes), then sadb_alg entries of 8 bytes: id,
  // IV length, min bits at 2, max bits at 4. Read so, the lists are the
  // codec's.
  const auto entries = [&bytes](std::uint16_t type) {
    const auto extension = raw(bytes, type);
    std::vector<SupportedAlgorithm> list;
    for (std::size_t at = 8; at + 8 <= extension.size(); at += 8) {
      list.push_back(
          {extension[at], extension[at + 1], u16(extension, at + 2), u16(extension, at + 4)});
    }
    return list;
  };
  EXPECT_EQ(entries(SADB_EXT_SUPPORTED_AUTH), supported.authentication);
  EXPECT_EQ(entries(SADB_EXT_SUPPORTED_ENCRYPT), supported.encryption);
}

// --- SAs -------------------------------------------------------------------

TEST_F(PfkeyFixtures, GetspiReplyNamesTheLarvalSa) {
  const Bytes bytes = fixture("getspi_reply");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_GETSPI, 0, SADB_SATYPE_ESP, 2, kPid}));
  EXPECT_EQ(value(decode_getspi_reply(message)), 0x2000U);
  const SaInfo info = value(decode_sa_info(message));
  EXPECT_EQ(info.state, SaState::Larval);
  EXPECT_EQ(info.params.id, (SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x2000}));
  EXPECT_EQ(info.params.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(info.params.reqid, 150U);
  EXPECT_EQ(info.params.encryption, rct::EncAlg{});
  EXPECT_EQ(info.params.integrity, rct::AuthAlg{});
  EXPECT_TRUE(info.params.encryption_key.reveal().empty());
  // The SPI in network order, sadb_sa_state LARVAL.
  const auto sa = raw(bytes, SADB_EXT_SA);
  EXPECT_EQ((Bytes{sa[4], sa[5], sa[6], sa[7]}), (Bytes{0x00, 0x00, 0x20, 0x00}));
  EXPECT_EQ(sa[9], SADB_SASTATE_LARVAL);
}

// Linux broadcasts an ADD with the whole SA, keys included (key_notify_sa).
TEST_F(PfkeyFixtures, AddReplyRepeatsTheSaWithItsKeys) {
  const Bytes bytes = fixture("add_esp_reply");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_ADD, 0, SADB_SATYPE_ESP, 4, kPid}));
  const SaInfo info = value(decode_sa_info(message));
  EXPECT_EQ(info.state, SaState::Mature);
  rc::testing::expect_same_sa(info.params, esp_tunnel_sa());
}

TEST_F(PfkeyFixtures, EspTunnelSaReadsBackAsInstalled) {
  const Bytes bytes = fixture("get_esp_tunnel");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_GET, 0, SADB_SATYPE_ESP, 5, kPid}));
  const SaInfo info = value(decode_sa_info(message));
  EXPECT_EQ(info.state, SaState::Mature);
  rc::testing::expect_same_sa(info.params, esp_tunnel_sa());
  EXPECT_EQ(info.current.bytes, 0U);
  EXPECT_EQ(info.current.packets, 0U);
  expect_plausible_time(info.current.add_time);
  EXPECT_EQ(info.current.use_time, 0U);

  // af_key's order (__pfkey_xfrm_state2msg), with ADDRESS_PROXY 0.0.0.0/0
  // for the SA selector it has (none), which the codec passes over.
  EXPECT_EQ(types_of(bytes),
            (std::vector<std::uint16_t>{SADB_EXT_SA, SADB_EXT_LIFETIME_HARD, SADB_EXT_LIFETIME_SOFT,
                                        SADB_EXT_LIFETIME_CURRENT, SADB_EXT_ADDRESS_SRC,
                                        SADB_EXT_ADDRESS_DST, SADB_EXT_ADDRESS_PROXY,
                                        SADB_EXT_KEY_AUTH, SADB_EXT_KEY_ENCRYPT, SADB_X_EXT_SA2}));
  EXPECT_EQ(raw(bytes, SADB_EXT_ADDRESS_PROXY)[5], 0);
  // sadb_sa: SPI in network order, replay 16, MATURE, auth 3, encrypt 12.
  const auto sa = raw(bytes, SADB_EXT_SA);
  EXPECT_EQ((Bytes(sa.begin() + 4, sa.begin() + 12)),
            (Bytes{0x00, 0x00, 0x10, 0x01, 16, SADB_SASTATE_MATURE, 3, 12}));
  // sadb_key: 256 bits, then the key, 0x10 0x11 ...
  const auto key = raw(bytes, SADB_EXT_KEY_ENCRYPT);
  EXPECT_EQ(key.size(), 8U + 32U);
  EXPECT_EQ(u16(key, 4), 256U);
  EXPECT_EQ(key[8], 0x10);
  EXPECT_EQ(key[8 + 31], 0x2f);
  // 160-bit HMAC-SHA1 key: 20 bytes padded to 24.
  const auto auth_key = raw(bytes, SADB_EXT_KEY_AUTH);
  EXPECT_EQ(auth_key.size(), 8U + 24U);
  EXPECT_EQ(u16(auth_key, 4), 160U);
  EXPECT_EQ(auth_key[8 + 19], 0x73);
  // sadb_lifetime: allocations (4), bytes (8), addtime (8), usetime (8).
  const auto hard = raw(bytes, SADB_EXT_LIFETIME_HARD);
  EXPECT_EQ(u64(hard, 8), 2000000U);
  EXPECT_EQ(u64(hard, 16), 3600U);
  EXPECT_EQ(u64(hard, 24), 2400U);
  const auto soft = raw(bytes, SADB_EXT_LIFETIME_SOFT);
  EXPECT_EQ(u64(soft, 8), 1000000U);
  EXPECT_EQ(u64(soft, 16), 3000U);
  EXPECT_EQ(u64(soft, 24), 1800U);
  // sadb_address + sockaddr_in: prefix 32, AF_INET, 192.0.2.2.
  const auto dst = raw(bytes, SADB_EXT_ADDRESS_DST);
  EXPECT_EQ(dst.size(), 8U + 16U);
  EXPECT_EQ(dst[5], 32);
  EXPECT_EQ(u16(dst, 8), AF_INET);
  EXPECT_EQ((Bytes(dst.begin() + 12, dst.begin() + 16)), (Bytes{192, 0, 2, 2}));
  // sadb_x_sa2: mode (tunnel) at 4, reqid at 12.
  const auto sa2 = raw(bytes, SADB_X_EXT_SA2);
  EXPECT_EQ(sa2[4], IPSEC_MODE_TUNNEL);
  EXPECT_EQ(u32(sa2, 12), 100U);
}

TEST_F(PfkeyFixtures, AhSaOverIpv6ReadsBackAsInstalled) {
  const Bytes bytes = fixture("get_ah_v6");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_GET, 0, SADB_SATYPE_AH, 7, kPid}));
  const SaInfo info = value(decode_sa_info(message));
  EXPECT_EQ(info.state, SaState::Mature);
  rc::testing::expect_same_sa(info.params, ah_v6_sa());
  EXPECT_EQ(message.find(SADB_EXT_KEY_ENCRYPT), nullptr);

  // A 512-bit key: sadb_key_bits needs both bytes.
  const auto key = raw(bytes, SADB_EXT_KEY_AUTH);
  EXPECT_EQ(key.size(), 8U + 64U);
  EXPECT_EQ(u16(key, 4), 512U);
  EXPECT_EQ(key[8], 0x80);
  EXPECT_EQ(key[8 + 63], 0xbf);
  // sockaddr_in6 (28 bytes) padded to 32; the address at offset 8.
  const auto src = raw(bytes, SADB_EXT_ADDRESS_SRC);
  EXPECT_EQ(src.size(), 8U + 32U);
  EXPECT_EQ(src[5], 128);
  EXPECT_EQ(u16(src, 8), AF_INET6);
  EXPECT_EQ(src[8 + 8], 0x20);
  EXPECT_EQ(src[8 + 9], 0x01);
  EXPECT_EQ(src[8 + 23], 0x01);
  const auto sa2 = raw(bytes, SADB_X_EXT_SA2);
  EXPECT_EQ(sa2[4], IPSEC_MODE_TRANSPORT);
}

TEST_F(PfkeyFixtures, NatTraversalSaReadsBackAsInstalled) {
  const Bytes bytes = fixture("get_esp_natt");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_GET, 0, SADB_SATYPE_ESP, 10, kPid}));
  const SaInfo info = value(decode_sa_info(message));
  SaParams want;
  want.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1004};
  want.reqid = 103;
  want.encryption = rct::EncAlg::RijndaelCbc;
  want.encryption_key = test_key(16, 0xa0);
  want.integrity = rct::AuthAlg::HmacSha1;
  want.integrity_key = test_key(20, 0xc0);
  // af_key keeps no original address (encap_oa is zeroed).
  want.nat = NatEncapsulation{.src_port = 4500, .dst_port = 31000, .original_address = {}};
  rc::testing::expect_same_sa(info.params, want);

  // UDP_ENCAP_ESPINUDP, then the ports in network order: 4500 = 0x1194,
  // 31000 = 0x7918.
  EXPECT_EQ(raw(bytes, SADB_X_EXT_NAT_T_TYPE)[4], 2);
  const auto sport = raw(bytes, SADB_X_EXT_NAT_T_SPORT);
  EXPECT_EQ((Bytes{sport[4], sport[5]}), (Bytes{0x11, 0x94}));
  const auto dport = raw(bytes, SADB_X_EXT_NAT_T_DPORT);
  EXPECT_EQ((Bytes{dport[4], dport[5]}), (Bytes{0x79, 0x18}));
  EXPECT_EQ(message.find(SADB_X_EXT_NAT_T_OA), nullptr);
}

TEST_F(PfkeyFixtures, DumpMessageIsTheSaWithItsKeys) {
  const Bytes bytes = fixture("dump_esp");
  const Message message = parsed(bytes);
  // The last (here the only) message of a dump has seq 0.
  EXPECT_EQ(message.header, (Header{SADB_DUMP, 0, SADB_SATYPE_ESP, 0, kPid}));
  const SaInfo info = value(decode_sa_info(message));
  EXPECT_EQ(info.state, SaState::Mature);
  rc::testing::expect_same_sa(info.params, esp_tunnel_sa());
  expect_plausible_time(info.current.add_time);
}

// --- policies --------------------------------------------------------------

TEST_F(PfkeyFixtures, OutboundTransportPolicyReadsBack) {
  const Bytes bytes = fixture("spdadd_out_transport");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_X_SPDADD, 0, SADB_SATYPE_UNSPEC, 11, kPid}));
  const PolicyInfo info = value(decode_policy(message));
  const Spid spid = info.params.spid;
  EXPECT_NE(spid, 0U);
  // Linux keeps the XFRM direction in an index's low 3 bits: 1 = out.
  EXPECT_EQ(spid & 7U, 1U);
  EXPECT_EQ(info.params, outbound_transport_policy(spid));

  // sadb_x_policy: type IPSEC at 4, direction OUTBOUND at 6, id at 8,
  // priority at 12; one 16-byte ipsecrequest (length in bytes).
  const auto policy = raw(bytes, SADB_X_EXT_POLICY);
  EXPECT_EQ(policy.size(), 16U + 16U);
  EXPECT_EQ(u16(policy, 4), IPSEC_POLICY_IPSEC);
  EXPECT_EQ(policy[6], IPSEC_DIR_OUTBOUND);
  EXPECT_EQ(u32(policy, 8), spid);
  EXPECT_EQ(u32(policy, 12), 1500U);
  EXPECT_EQ(u16(policy, 16), 16U);
  EXPECT_EQ(u16(policy, 18), IPPROTO_ESP);
  EXPECT_EQ(policy[20], IPSEC_MODE_TRANSPORT);
  EXPECT_EQ(policy[21], IPSEC_LEVEL_UNIQUE);
  EXPECT_EQ(u32(policy, 24), 200U);
  // The selector: protocol in both addresses, the port in network order.
  const auto dst = raw(bytes, SADB_EXT_ADDRESS_DST);
  EXPECT_EQ(dst[4], IPPROTO_UDP);
  EXPECT_EQ(dst[5], 32);
  EXPECT_EQ(dst[10], 0x1e);  // 7777
  EXPECT_EQ(dst[11], 0x61);
  EXPECT_EQ(raw(bytes, SADB_EXT_ADDRESS_SRC)[4], IPPROTO_UDP);
}

TEST_F(PfkeyFixtures, InboundTunnelPolicyReadsBack) {
  const Bytes bytes = fixture("spdadd_in_tunnel");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_X_SPDADD, 0, SADB_SATYPE_UNSPEC, 12, kPid}));
  const PolicyInfo info = value(decode_policy(message));
  const Spid spid = info.params.spid;
  EXPECT_NE(spid, 0U);
  EXPECT_EQ(spid & 7U, 0U);  // 0 = in
  EXPECT_NE(spid, outbound_spid());
  EXPECT_EQ(info.params, inbound_tunnel_policy(spid));

  const auto policy = raw(bytes, SADB_X_EXT_POLICY);
  EXPECT_EQ(policy[6], IPSEC_DIR_INBOUND);
  // ipsecrequest + two sockaddr_in: 48 bytes; level use (1).
  EXPECT_EQ(u16(policy, 16), 48U);
  EXPECT_EQ(policy[21], IPSEC_LEVEL_USE);
  EXPECT_EQ(u16(policy, 32), AF_INET);
  EXPECT_EQ((Bytes(policy.begin() + 36, policy.begin() + 40)), (Bytes{192, 0, 2, 2}));
  EXPECT_EQ((Bytes(policy.begin() + 52, policy.begin() + 56)), (Bytes{192, 0, 2, 1}));
  // Any protocol is IPSEC_ULPROTO_ANY (255) on the wire.
  const auto src = raw(bytes, SADB_EXT_ADDRESS_SRC);
  EXPECT_EQ(src[4], IPSEC_ULPROTO_ANY);
  EXPECT_EQ(src[5], 16);
  EXPECT_EQ((Bytes(src.begin() + 12, src.begin() + 16)), (Bytes{10, 2, 0, 0}));
}

TEST_F(PfkeyFixtures, SpdgetReplyIsTheOutboundPolicy) {
  const Bytes bytes = fixture("spdget_out");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_X_SPDGET, 0, SADB_SATYPE_UNSPEC, 13, kPid}));
  const PolicyInfo info = value(decode_policy(message));
  EXPECT_EQ(info.params, outbound_transport_policy(outbound_spid()));
  expect_plausible_time(info.current.add_time);
  EXPECT_EQ(info.current.use_time, 0U);
}

TEST_F(PfkeyFixtures, Spddelete2ReplyIsTheDeletedPolicy) {
  const Bytes bytes = fixture("spddelete2_in");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_X_SPDDELETE2, 0, SADB_SATYPE_UNSPEC, 14, kPid}));
  EXPECT_EQ(value(decode_policy_spid(message)), inbound_spid());
  const PolicyInfo info = value(decode_policy(message));
  EXPECT_EQ(info.params, inbound_tunnel_policy(inbound_spid()));
}

TEST_F(PfkeyFixtures, SpddumpMessageIsTheRemainingPolicy) {
  const Bytes bytes = fixture("spddump");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_X_SPDDUMP, 0, SADB_SATYPE_UNSPEC, 0, kPid}));
  const PolicyInfo info = value(decode_policy(message));
  EXPECT_EQ(info.params, outbound_transport_policy(outbound_spid()));
}

// --- events and errors -----------------------------------------------------

TEST_F(PfkeyFixtures, AcquireNamesThePolicyAndTheEndpoints) {
  const Bytes bytes = fixture("acquire");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header.type, SADB_ACQUIRE);
  EXPECT_EQ(message.header.satype, SADB_SATYPE_ESP);
  EXPECT_NE(message.header.seq, 0U);  // the kernel's acquire counter
  EXPECT_EQ(message.header.pid, 0U);
  const auto event = value(decode_event(message));
  ASSERT_TRUE(event.has_value());
  ASSERT_TRUE(std::holds_alternative<AcquireEvent>(*event));
  const auto& acquire = std::get<AcquireEvent>(*event);
  EXPECT_EQ(acquire.spid, outbound_spid());
  EXPECT_EQ(acquire.protocol, rct::SaType::Esp);
  EXPECT_EQ(acquire.src, ip("192.0.2.1"));
  EXPECT_EQ(acquire.dst, ip("192.0.2.2"));
  EXPECT_EQ(acquire.seq, message.header.seq);
  // Linux's ACQUIRE has no ipsecrequest and no ports (README: what PF_KEY
  // loses): the engine reads mode and reqid from the policy.
  EXPECT_EQ(acquire.mode, rct::IpsecMode::Transport);
  EXPECT_EQ(acquire.reqid, 0U);
  EXPECT_EQ(acquire.packet.src, prefix("192.0.2.1/32"));
  EXPECT_EQ(acquire.packet.dst, prefix("192.0.2.2/32"));
  EXPECT_EQ(acquire.packet.protocol, kAnyProtocol);
  EXPECT_EQ(acquire.packet.src_port, 0);
  EXPECT_EQ(acquire.packet.dst_port, 0);

  // X_POLICY: outbound, the policy's id and priority, no request.
  const auto policy = raw(bytes, SADB_X_EXT_POLICY);
  EXPECT_EQ(policy.size(), 16U);
  EXPECT_EQ(policy[6], IPSEC_DIR_OUTBOUND);
  EXPECT_EQ(u32(policy, 12), 1500U);
  // The proposal lists the algorithms the template allows (dump_esp_combs),
  // and af_key never sets a template's algorithm masks: for a policy added
  // through PF_KEY it is replay 32 and no sadb_comb at all.
  const auto proposal_bytes = raw(bytes, SADB_EXT_PROPOSAL);
  EXPECT_EQ(proposal_bytes.size(), 8U);
  const ProposalExtension proposal = value(read_proposal(*message.find(SADB_EXT_PROPOSAL)));
  EXPECT_EQ(proposal.replay, 32);
  EXPECT_TRUE(proposal.combinations.empty());
}

TEST_F(PfkeyFixtures, ErrorReplyIsTheRequestHeaderWithErrno) {
  const Bytes bytes = fixture("delete_missing_error");
  ASSERT_EQ(bytes.size(), 16U);
  EXPECT_EQ(bytes[2], ESRCH);
  EXPECT_EQ(u16(bytes, 4), 2U);  // sadb_msg_len in words
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_DELETE, ESRCH, SADB_SATYPE_ESP, 16, kPid}));
  EXPECT_TRUE(message.extensions.empty());
  // An answer, not an event.
  EXPECT_FALSE(value(decode_event(message)).has_value());
}

TEST_F(PfkeyFixtures, SoftExpireByTime) {
  const Bytes bytes = fixture("expire_soft");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_EXPIRE, 0, SADB_SATYPE_ESP, 0, 0}));
  const ExpireEvent expire = value(decode_expire(message));
  EXPECT_EQ(expire.id, (SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1003}));
  EXPECT_FALSE(expire.hard);
  EXPECT_EQ(expire.cause, ExpireCause::Time);
  EXPECT_EQ(expire.reqid, 102U);
  expect_plausible_time(expire.current.add_time);
  // The soft limit it reached (1 s), no hard one, no keys; the SA is dying.
  EXPECT_EQ(u64(raw(bytes, SADB_EXT_LIFETIME_SOFT), 16), 1U);
  EXPECT_EQ(message.find(SADB_EXT_LIFETIME_HARD), nullptr);
  EXPECT_EQ(message.find(SADB_EXT_KEY_ENCRYPT), nullptr);
  EXPECT_EQ(raw(bytes, SADB_EXT_SA)[9], SADB_SASTATE_DYING);
}

TEST_F(PfkeyFixtures, HardExpireByTime) {
  const Bytes bytes = fixture("expire_hard");
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header, (Header{SADB_EXPIRE, 0, SADB_SATYPE_ESP, 0, 0}));
  const auto event = value(decode_event(message));
  ASSERT_TRUE(event.has_value());
  ASSERT_TRUE(std::holds_alternative<ExpireEvent>(*event));
  const auto& expire = std::get<ExpireEvent>(*event);
  EXPECT_EQ(expire.id, (SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1003}));
  EXPECT_TRUE(expire.hard);
  EXPECT_EQ(expire.cause, ExpireCause::Time);
  EXPECT_EQ(expire.reqid, 102U);
  EXPECT_EQ(u64(raw(bytes, SADB_EXT_LIFETIME_HARD), 16), 3U);
  EXPECT_EQ(message.find(SADB_EXT_LIFETIME_SOFT), nullptr);
  EXPECT_EQ(raw(bytes, SADB_EXT_SA)[9], SADB_SASTATE_DEAD);
}

// --- the parser on real bytes ----------------------------------------------

const char* const kAll[] = {
    "register_esp",     "getspi_reply",         "add_esp_reply", "get_esp_tunnel",
    "get_ah_v6",        "get_esp_natt",         "dump_esp",      "spdadd_out_transport",
    "spdadd_in_tunnel", "spdget_out",           "spddelete2_in", "spddump",
    "acquire",          "delete_missing_error", "expire_soft",   "expire_hard"};

// The codec splits every fixture as the bytes say, and a datagram cut
// anywhere no longer matches its sadb_msg_len.
TEST_F(PfkeyFixtures, ParserAgreesWithTheBytesAndRefusesCuts) {
  for (const char* name : kAll) {
    SCOPED_TRACE(name);
    const Bytes bytes = fixture(name);
    const Message message = parsed(bytes);
    std::vector<std::uint16_t> types;
    for (const Extension& extension : message.extensions) {
      types.push_back(extension.type);
      EXPECT_EQ(extension.bytes.size(), std::size_t{u16(extension.bytes, 0)} * 8);
    }
    EXPECT_EQ(types, types_of(bytes));
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_FALSE(parse(std::span<const std::uint8_t>(bytes).first(cut)).has_value())
          << "cut at " << cut;
    }
  }
}

}  // namespace
}  // namespace rc::kernel::pfkey
