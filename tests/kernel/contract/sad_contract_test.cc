// The SAD half of the contract: real ESP and AH SAs. Needs an engine that
// can hold them (the VM's kernel, pfkeyd); on this CI host's kernel the
// no_esp_host_test.cc cases run instead.
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>

#include "fixture.h"

namespace rc::kernel::contract {
namespace {

using std::chrono::seconds;

using testing::expect_same_sa;
using testing::test_key;

class SadContract : public EngineContractTest {
 protected:
  // An ESP transport SA with AES-CBC and HMAC. Linux af_key would give
  // HMAC-SHA2-256 a 96-bit ICV, so the PF_KEY engine refuses it there
  // (checked in EspCbcHmacSaReadsBack) and the cases take HMAC-SHA2-512.
  [[nodiscard]] SaParams esp_sa(std::uint32_t spi, const char* src = kLocal4,
                                const char* dst = kPeer4) const {
    SaParams sa;
    sa.id = SaId{.type = rct::SaType::Esp, .src = ip(src), .dst = ip(dst), .spi = spi};
    sa.mode = rct::IpsecMode::Transport;
    sa.reqid = 100;
    sa.encryption = rct::EncAlg::Aes128Cbc;
    sa.encryption_key = test_key(16, 1);
    if (kind() == EngineKind::Pfkey) {
      sa.integrity = rct::AuthAlg::HmacSha2_512;
      sa.integrity_key = test_key(64, 50);
    } else {
      sa.integrity = rct::AuthAlg::HmacSha2_256;
      sa.integrity_key = test_key(32, 50);
    }
    return sa;
  }
};

// What Linux af_key cannot carry is refused, naming XFRM as the way.
void expect_refused_by_af_key(KeyEngine& engine, const SaParams& sa) {
  auto added = engine.add_sa(sa);
  ASSERT_FALSE(added.has_value()) << "af_key cannot hold this SA faithfully";
  EXPECT_EQ(added.error().code, ENOTSUP) << added.error().message;
  EXPECT_NE(added.error().message.find("XFRM"), std::string::npos) << added.error().message;
  EXPECT_ERRNO(engine.get_sa(sa.id), ENOENT);
}

void add_and_read_back(KeyEngine& engine, const SaParams& sa) {
  ASSERT_OK(engine.add_sa(sa));
  auto info = engine.get_sa(sa.id);
  ASSERT_OK(info);
  EXPECT_EQ(info->state, SaState::Mature);
  expect_same_sa(info->params, sa);
}

TEST_F(SadContract, EspCbcHmacSaReadsBack) {
  add_and_read_back(engine(), esp_sa(0x1001));
  if (kind() == EngineKind::Pfkey) {
    SaParams sha256 = esp_sa(0x100e);
    sha256.integrity = rct::AuthAlg::HmacSha2_256;
    sha256.integrity_key = test_key(32, 50);
    expect_refused_by_af_key(engine(), sha256);
  }
}

TEST_F(SadContract, EspAeadSasReadBack) {
  SaParams gcm = esp_sa(0x1002);
  gcm.encryption = rct::EncAlg::AesGcm16;
  gcm.encryption_key = test_key(16 + 4, 9);  // key + salt (RFC 4106 §8.1)
  gcm.integrity = {};
  gcm.integrity_key = {};

  SaParams chacha = esp_sa(0x1003);
  chacha.encryption = rct::EncAlg::Chacha20Poly1305;
  chacha.encryption_key = test_key(32 + 4, 3);  // key + salt (RFC 7634 §2)
  chacha.integrity = {};
  chacha.integrity_key = {};
  if (kind() == EngineKind::Pfkey) {
    // af_key looks ciphers up only among the non-AEAD ones.
    expect_refused_by_af_key(engine(), gcm);
    expect_refused_by_af_key(engine(), chacha);
    return;
  }
  add_and_read_back(engine(), gcm);
  add_and_read_back(engine(), chacha);
}

TEST_F(SadContract, AhSaReadsBack) {
  SaParams ah = esp_sa(0x1004);
  ah.id.type = rct::SaType::Ah;
  ah.encryption = {};
  ah.encryption_key = {};
  ah.integrity = rct::AuthAlg::HmacSha1;
  ah.integrity_key = test_key(20, 7);
  add_and_read_back(engine(), ah);
}

TEST_F(SadContract, TunnelIpv6AndNatSasReadBack) {
  SaParams tunnel = esp_sa(0x1005, kLocal6, kPeer6);
  tunnel.mode = rct::IpsecMode::Tunnel;
  tunnel.integrity = rct::AuthAlg::HmacSha2_512;
  tunnel.integrity_key = test_key(64, 11);
  add_and_read_back(engine(), tunnel);

  SaParams natt = esp_sa(0x1006);
  natt.nat = NatEncapsulation{.src_port = 4500, .dst_port = 31000, .original_address = {}};
  add_and_read_back(engine(), natt);
}

TEST_F(SadContract, EsnAndWideReplayWindowReadBack) {
  SaParams esn = esp_sa(0x100c);
  esn.extended_sequence_numbers = true;
  esn.replay_window = 128;
  SaParams wide = esp_sa(0x100d);
  wide.replay_window = 255;
  if (kind() == EngineKind::Pfkey) {
    // PF_KEY has no ESN; af_key caps replay windows at 32 packets.
    esn.replay_window = 32;
    expect_refused_by_af_key(engine(), esn);
    expect_refused_by_af_key(engine(), wide);
    SaParams widest = esp_sa(0x100f);
    widest.replay_window = 32;
    add_and_read_back(engine(), widest);
    return;
  }
  add_and_read_back(engine(), esn);
  add_and_read_back(engine(), wide);
}

TEST_F(SadContract, DuplicateIsEexistAndMissingIsEnoent) {
  const SaParams sa = esp_sa(0x1007);
  ASSERT_OK(engine().add_sa(sa));
  EXPECT_ERRNO(engine().add_sa(sa), EEXIST);
  ASSERT_OK(engine().delete_sa(sa.id));
  EXPECT_ERRNO(engine().delete_sa(sa.id), ENOENT);
  EXPECT_ERRNO(engine().get_sa(sa.id), ENOENT);
  EXPECT_ERRNO(engine().update_sa(sa), ENOENT);
}

TEST_F(SadContract, UpdateMakesALarvalSaMature) {
  SpiRequest request;
  request.type = rct::SaType::Esp;
  request.src = ip(kPeer4);
  request.dst = ip(kLocal4);
  request.reqid = 100;
  auto spi = engine().get_spi(request);
  ASSERT_OK(spi);
  SaParams sa = esp_sa(*spi, kPeer4, kLocal4);
  ASSERT_OK(engine().update_sa(sa));
  auto info = engine().get_sa(sa.id);
  ASSERT_OK(info);
  EXPECT_EQ(info->state, SaState::Mature);
  expect_same_sa(info->params, sa);
}

TEST_F(SadContract, WrongKeyLengthIsEinval) {
  SaParams sa = esp_sa(0x1008);
  sa.encryption_key = test_key(15, 1);
  EXPECT_ERRNO(engine().add_sa(sa), EINVAL);
}

TEST_F(SadContract, DumpOfManySasIsCompleteAndFlushEmptiesIt) {
  constexpr std::uint32_t kCount = 600;
  for (std::uint32_t i = 0; i < kCount; ++i) ASSERT_OK(engine().add_sa(esp_sa(0x10000 + i)));
  auto dump = engine().dump_sas();
  ASSERT_OK(dump);
  std::vector<std::uint32_t> spis;
  for (const SaInfo& info : *dump) spis.push_back(info.params.id.spi);
  std::sort(spis.begin(), spis.end());
  ASSERT_EQ(spis.size(), kCount);
  EXPECT_EQ(spis.front(), 0x10000U);
  EXPECT_EQ(spis.back(), 0x10000U + kCount - 1);
  ASSERT_OK(engine().flush_sas());
  auto after = engine().dump_sas();
  ASSERT_OK(after);
  EXPECT_TRUE(after->empty());
}

TEST_F(SadContract, SoftExpireByTimeComesBeforeHard) {
  SaParams sa = esp_sa(0x1009);
  sa.lifetimes.soft.add_seconds = 1;
  sa.lifetimes.hard.add_seconds = 2;
  ASSERT_OK(engine().add_sa(sa));
  auto first = wait_for<ExpireEvent>([](const ExpireEvent&) { return true; }, seconds(5));
  ASSERT_TRUE(first.has_value()) << "no EXPIRE";
  EXPECT_FALSE(first->hard) << "hard EXPIRE came first";
  EXPECT_EQ(first->cause, ExpireCause::Time);
  EXPECT_EQ(first->id, sa.id);
  auto hard = wait_for<ExpireEvent>([](const ExpireEvent& e) { return e.hard; }, seconds(5));
  ASSERT_TRUE(hard.has_value()) << "no hard EXPIRE";
  EXPECT_EQ(hard->cause, ExpireCause::Time);
  EXPECT_ERRNO(engine().get_sa(sa.id), ENOENT);
}

TEST_F(SadContract, SoftExpireByBytesComesBeforeHard) {
  // Outbound traffic through a real SA: a policy with the SA's reqid.
  ASSERT_OK(engine().add_policy(esp_transport_policy(udp_selector(kLocal4, kPeer4), 100)));
  SaParams sa = esp_sa(0x100a);
  sa.lifetimes.soft.bytes = 2000;
  sa.lifetimes.hard.bytes = 6000;
  ASSERT_OK(engine().add_sa(sa));
  std::optional<ExpireEvent> soft;
  for (int i = 0; i < 20 && !soft; ++i) {
    send_traffic(kLocal4, 6000, kPeer4, 7000, 500);
    soft = wait_for<ExpireEvent>([](const ExpireEvent&) { return true; },
                                 std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(soft.has_value()) << "no EXPIRE after 10,000 bytes";
  EXPECT_FALSE(soft->hard) << "hard EXPIRE came first";
  EXPECT_EQ(soft->cause, ExpireCause::Bytes);
  EXPECT_GE(soft->current.bytes, 2000U);
  std::optional<ExpireEvent> hard;
  for (int i = 0; i < 40 && !hard; ++i) {
    send_traffic(kLocal4, 6000, kPeer4, 7000, 500);
    hard = wait_for<ExpireEvent>([](const ExpireEvent& e) { return e.hard; },
                                 std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(hard.has_value()) << "no hard EXPIRE";
  EXPECT_EQ(hard->cause, ExpireCause::Bytes);
}

TEST_F(SadContract, TrafficIsCountedOnTheSa) {
  ASSERT_OK(engine().add_policy(esp_transport_policy(udp_selector(kLocal4, kPeer4), 100)));
  const SaParams sa = esp_sa(0x100b);
  ASSERT_OK(engine().add_sa(sa));
  for (int i = 0; i < 5; ++i) send_traffic(kLocal4, 6000, kPeer4, 7000, 100);
  auto info = engine().get_sa(sa.id);
  ASSERT_OK(info);
  EXPECT_EQ(info->current.packets, 5U);
  EXPECT_GE(info->current.bytes, 5U * 100U);
}

}  // namespace
}  // namespace rc::kernel::contract
