// The SAD: SAs by (type, destination, SPI), what the kernel refuses in
// one, and the errnos af_key answers with.
#include <algorithm>
#include <cerrno>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using SadTest = TablesTest;

void add_and_read_back(Tables& tables, kernel::SaParams sa) {
  const kernel::SaParams want = copy_params(sa);
  ASSERT_OK(tables.add_sa(std::move(sa)));
  auto info = tables.get_sa(want.id);
  ASSERT_OK(info);
  EXPECT_EQ(info->state, kernel::SaState::Mature);
  rc::testing::expect_same_sa(info->params, want);
  EXPECT_EQ(info->params.selector, want.selector);
  EXPECT_EQ(info->params.seq, want.seq);
}

TEST_F(SadTest, SasOfEveryKindReadBackWithTheirKeys) {
  add_and_read_back(tables(), esp_sa(0x1001));
  kernel::SaParams gcm = esp_sa(0x1002);
  gcm.encryption = rct::EncAlg::AesGcm16;
  gcm.encryption_key = test_key(16 + 4, 9);
  gcm.integrity = {};
  gcm.integrity_key = {};
  gcm.extended_sequence_numbers = true;
  gcm.replay_window = 128;
  add_and_read_back(tables(), std::move(gcm));
  add_and_read_back(tables(), ah_sa(0x1003));
  kernel::SaParams tunnel = esp_sa(0x1004, kLocal6, kPeer6);
  tunnel.mode = rct::IpsecMode::Tunnel;
  tunnel.nat = kernel::NatEncapsulation{
      .src_port = 4500, .dst_port = 31000, .original_address = ip("198.51.100.1")};
  tunnel.lifetimes.soft.bytes = 1000;
  tunnel.lifetimes.hard.add_seconds = 3600;
  tunnel.selector = udp_selector(kLocal6, kPeer6, 0, 53);
  add_and_read_back(tables(), std::move(tunnel));
  kernel::SaParams ipcomp;
  ipcomp.id = sa_id(rct::SaType::Ipcomp, kLocal4, kPeer4, 0x4001);
  ipcomp.compression = rct::CompAlg::Deflate;
  add_and_read_back(tables(), std::move(ipcomp));
  EXPECT_EQ(tables().dump_sas().size(), 5U);
}

TEST_F(SadTest, TheAddTimeIsWallClockSeconds) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1001)));
  auto info = tables().get_sa(esp_sa(0x1001).id);
  ASSERT_OK(info);
  EXPECT_EQ(info->current.add_time, clock().wall_seconds());
  EXPECT_EQ(info->current.use_time, 0U);
}

TEST_F(SadTest, DuplicateIsEexistAndMissingIsEsrch) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1007)));
  EXPECT_ERRNO(tables().add_sa(esp_sa(0x1007)), EEXIST);
  const kernel::SaId id = esp_sa(0x1007).id;
  ASSERT_OK(tables().delete_sa(id));
  EXPECT_ERRNO(tables().delete_sa(id), ESRCH);
  EXPECT_ERRNO(tables().get_sa(id), ESRCH);
  EXPECT_ERRNO(tables().update_sa(esp_sa(0x1007)), ESRCH);
}

TEST_F(SadTest, SasAreFoundByTypeDestinationAndSpi) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  // The source does not take part: Linux looks SAs up by (dst, SPI, proto).
  EXPECT_ERRNO(tables().add_sa(esp_sa(0x1000, "192.0.2.7", kPeer4)), EEXIST);
  ASSERT_OK(tables().get_sa(sa_id(rct::SaType::Esp, "192.0.2.7", kPeer4, 0x1000)));
  // Another destination or another protocol is another SA.
  ASSERT_OK(tables().add_sa(esp_sa(0x1000, kLocal4, "192.0.2.8")));
  ASSERT_OK(tables().add_sa(ah_sa(0x1000)));
  EXPECT_EQ(tables().dump_sas().size(), 3U);
}

TEST_F(SadTest, DeleteHandsBackTheSa) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  auto deleted = tables().delete_sa(esp_sa(0x1000).id);
  ASSERT_OK(deleted);
  rc::testing::expect_same_sa(deleted->params, esp_sa(0x1000));
  EXPECT_TRUE(tables().dump_sas().empty());
}

TEST_F(SadTest, WhatTheKernelRefusesIsEinval) {
  kernel::SaParams short_key = esp_sa(0x2001);
  short_key.encryption_key = test_key(15, 1);
  EXPECT_ERRNO(tables().add_sa(std::move(short_key)), EINVAL);

  kernel::SaParams gcm_without_salt = esp_sa(0x2002);
  gcm_without_salt.encryption = rct::EncAlg::AesGcm16;
  gcm_without_salt.encryption_key = test_key(16, 1);
  gcm_without_salt.integrity = {};
  gcm_without_salt.integrity_key = {};
  EXPECT_ERRNO(tables().add_sa(std::move(gcm_without_salt)), EINVAL);

  kernel::SaParams aead_with_integrity = esp_sa(0x2003);
  aead_with_integrity.encryption = rct::EncAlg::AesGcm16;
  aead_with_integrity.encryption_key = test_key(20, 1);
  EXPECT_ERRNO(tables().add_sa(std::move(aead_with_integrity)), EINVAL);

  kernel::SaParams ah_without_integrity = ah_sa(0x2004);
  ah_without_integrity.integrity = {};
  ah_without_integrity.integrity_key = {};
  EXPECT_ERRNO(tables().add_sa(std::move(ah_without_integrity)), EINVAL);

  kernel::SaParams nothing = esp_sa(0x2005);
  nothing.encryption = rct::EncAlg::NullEnc;
  nothing.encryption_key = {};
  nothing.integrity = {};
  nothing.integrity_key = {};
  EXPECT_ERRNO(tables().add_sa(std::move(nothing)), EINVAL);

  kernel::SaParams mixed = esp_sa(0x2006, kLocal4, kPeer6);
  EXPECT_ERRNO(tables().add_sa(std::move(mixed)), EINVAL);

  EXPECT_ERRNO(tables().add_sa(esp_sa(0)), EINVAL);

  kernel::SaParams bundle = esp_sa(0x2007);
  bundle.id.type = rct::SaType::AhEsp;
  EXPECT_ERRNO(tables().add_sa(std::move(bundle)), EINVAL);

  kernel::SaParams xcbc = esp_sa(0x2008);
  xcbc.integrity = rct::AuthAlg::AesXcbc;
  xcbc.integrity_key = test_key(20, 1);
  EXPECT_ERRNO(tables().add_sa(std::move(xcbc)), EINVAL);

  EXPECT_TRUE(tables().dump_sas().empty());
}

TEST_F(SadTest, AnAlgorithmLinuxLacksIsEnosys) {
  kernel::SaParams rc5 = esp_sa(0x2001);
  rc5.encryption = rct::EncAlg::Rc5Cbc;
  EXPECT_ERRNO(tables().add_sa(std::move(rc5)), ENOSYS);
}

TEST_F(SadTest, IntegrityOnlyEspIsAccepted) {
  kernel::SaParams sa = esp_sa(0x2001);
  sa.encryption = {};
  sa.encryption_key = {};
  ASSERT_OK(tables().add_sa(std::move(sa)));
}

TEST_F(SadTest, DumpIsOldestFirstAndCanTakeOneType) {
  ASSERT_OK(tables().add_sa(esp_sa(0x3003)));
  ASSERT_OK(tables().add_sa(ah_sa(0x3001)));
  ASSERT_OK(tables().add_sa(esp_sa(0x3002)));
  std::vector<std::uint32_t> spis;
  for (const kernel::SaInfo& info : tables().dump_sas()) spis.push_back(info.params.id.spi);
  EXPECT_EQ(spis, (std::vector<std::uint32_t>{0x3003, 0x3001, 0x3002}));
  EXPECT_EQ(tables().dump_sas(rct::SaType::Ah).size(), 1U);
  EXPECT_EQ(tables().dump_sas(rct::SaType::Esp).size(), 2U);
}

TEST_F(SadTest, FlushTakesEverySaOrOneType) {
  for (std::uint32_t i = 0; i < 600; ++i) ASSERT_OK(tables().add_sa(esp_sa(0x10000 + i)));
  ASSERT_OK(tables().add_sa(ah_sa(0x1000)));
  EXPECT_EQ(tables().flush_sas(rct::SaType::Ah), 1U);
  EXPECT_EQ(tables().dump_sas().size(), 600U);
  EXPECT_EQ(tables().flush_sas(), 600U);
  EXPECT_TRUE(tables().dump_sas().empty());
}

TEST_F(SadTest, UpdateOfAMatureSaChangesOnlyLifetimesAndNat) {
  kernel::SaParams sa = esp_sa(0x1000);
  sa.nat = kernel::NatEncapsulation{};
  sa.lifetimes.soft.add_seconds = 10;
  sa.lifetimes.hard.add_seconds = 100;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  advance(seconds(10));
  ASSERT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);
  ASSERT_EQ(tables().get_sa(esp_sa(0x1000).id)->state, kernel::SaState::Dying);

  kernel::SaParams update = esp_sa(0x1000);
  update.encryption_key = test_key(16, 99);
  update.nat =
      kernel::NatEncapsulation{.src_port = 4500, .dst_port = 40000, .original_address = {}};
  update.lifetimes.soft.add_seconds = 50;
  update.lifetimes.hard.add_seconds = 200;
  ASSERT_OK(tables().update_sa(std::move(update)));
  auto info = tables().get_sa(esp_sa(0x1000).id);
  ASSERT_OK(info);
  EXPECT_EQ(info->state, kernel::SaState::Mature) << "no longer dying";
  EXPECT_EQ(info->params.lifetimes.soft.add_seconds, 50U);
  EXPECT_EQ(info->params.nat->dst_port, 40000);
  EXPECT_TRUE(buf::equal(info->params.encryption_key, test_key(16, 1))) << "keys stay";
  // The new soft limit counts from the original add: 40 s from now.
  advance(seconds(39));
  EXPECT_TRUE(tables().run_timers().empty());
  advance(seconds(1));
  EXPECT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
