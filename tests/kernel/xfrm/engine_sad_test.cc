// The XFRM engine's SAD against this host's kernel, which has XFRM but no
// ESP, AH or IPComp transform: SPI allocation and larval SAs work, adding a
// real SA must fail with a message that names the missing support.
#include <linux/xfrm.h>

#include <cerrno>
#include <set>

#include "engine_fixture.h"

namespace rc::kernel::xfrm::testing {
namespace {

using Sad = XfrmEngineTest;

SpiRequest spi_request(std::uint32_t reqid, std::uint32_t min = 0x100,
                       std::uint32_t max = 0xffffffff) {
  SpiRequest request;
  request.type = rct::SaType::Esp;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.mode = rct::IpsecMode::Transport;
  request.reqid = reqid;
  request.min = min;
  request.max = max;
  return request;
}

SaId larval_id(std::uint32_t spi, rct::SaType type = rct::SaType::Esp) {
  return SaId{.type = type, .src = ip("192.0.2.2"), .dst = ip("192.0.2.1"), .spi = spi};
}

SaParams esp_sa(const char* src, const char* dst) {
  SaParams sa;
  sa.id = SaId{.type = rct::SaType::Esp, .src = ip(src), .dst = ip(dst), .spi = 0x2001};
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = buf::SecretBytes(std::vector<std::uint8_t>(16, 1));
  sa.integrity = rct::AuthAlg::HmacSha2_256;
  sa.integrity_key = buf::SecretBytes(std::vector<std::uint8_t>(32, 2));
  return sa;
}

bool mentions(const Error& error, const char* text) {
  return error.message.find(text) != std::string::npos;
}

TEST_F(Sad, SpisComeFromTheRangeAndDiffer) {
  std::set<std::uint32_t> spis;
  for (std::uint32_t reqid = 1; reqid <= 20; ++reqid) {
    auto spi = engine().get_spi(spi_request(reqid, 0x1000, 0x1fff));
    ASSERT_TRUE(spi) << spi.error().message;
    EXPECT_GE(*spi, 0x1000U);
    EXPECT_LE(*spi, 0x1fffU);
    spis.insert(*spi);
  }
  EXPECT_EQ(spis.size(), 20U);
}

TEST_F(Sad, ARangeOfTwoSpisRunsOut) {
  std::set<std::uint32_t> spis;
  for (std::uint32_t reqid = 1; reqid <= 2; ++reqid) {
    auto spi = engine().get_spi(spi_request(reqid, 0x4242, 0x4243));
    ASSERT_TRUE(spi) << spi.error().message;
    spis.insert(*spi);
  }
  EXPECT_EQ(spis, (std::set<std::uint32_t>{0x4242, 0x4243}));
  auto third = engine().get_spi(spi_request(3, 0x4242, 0x4243));
  ASSERT_FALSE(third) << "an SPI was handed out twice: " << *third;
  EXPECT_EQ(third.error().code, ENOENT) << third.error().message;
  EXPECT_TRUE(mentions(third.error(), "every SPI in the range is taken")) << third.error().message;
}

TEST_F(Sad, EmptyOrReservedRangesAreEinval) {
  for (const auto& [min, max] :
       {std::pair<std::uint32_t, std::uint32_t>{0x2000, 0x1000}, {0, 0xff}, {1, 1}}) {
    auto spi = engine().get_spi(spi_request(1, min, max));
    ASSERT_FALSE(spi);
    EXPECT_EQ(spi.error().code, EINVAL) << spi.error().message;
  }
  // A range reaching into the reserved SPIs only loses those.
  auto spi = engine().get_spi(spi_request(1, 0, 0x100));
  ASSERT_TRUE(spi) << spi.error().message;
  EXPECT_EQ(*spi, 0x100U);
}

TEST_F(Sad, IpcompCpisHaveSixteenBits) {
  SpiRequest request = spi_request(1);
  request.type = rct::SaType::Ipcomp;
  for (int i = 0; i < 10; ++i) {
    auto cpi = engine().get_spi(request);
    ASSERT_TRUE(cpi) << cpi.error().message;
    EXPECT_GE(*cpi, 0x100U);
    EXPECT_LE(*cpi, 0xffffU);
  }
}

TEST_F(Sad, LarvalSaReadsBackAsLarval) {
  SpiRequest request = spi_request(5);
  request.mode = rct::IpsecMode::Tunnel;
  auto spi = engine().get_spi(request);
  ASSERT_TRUE(spi);
  auto info = engine().get_sa(larval_id(*spi));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->state, SaState::Larval);
  EXPECT_EQ(info->params.id, larval_id(*spi));
  EXPECT_EQ(info->params.reqid, 5U);
  EXPECT_EQ(info->params.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(info->params.encryption, rct::EncAlg{});
  EXPECT_TRUE(info->params.encryption_key.empty());

  auto dump = engine().dump_sas();
  ASSERT_TRUE(dump) << dump.error().message;
  ASSERT_EQ(dump->size(), 1U);
  EXPECT_EQ((*dump)[0].params.id.spi, *spi);
}

TEST_F(Sad, LarvalSaCanBeDeletedOnce) {
  auto spi = engine().get_spi(spi_request(9));
  ASSERT_TRUE(spi);
  ASSERT_TRUE(engine().delete_sa(larval_id(*spi)));
  auto read = engine().get_sa(larval_id(*spi));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ENOENT) << read.error().message;
  EXPECT_TRUE(mentions(read.error(), "no such SA")) << read.error().message;
  auto again = engine().delete_sa(larval_id(*spi));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ENOENT) << again.error().message;
}

TEST_F(Sad, FlushRemovesLarvalSas) {
  auto spi = engine().get_spi(spi_request(4));
  ASSERT_TRUE(spi);
  ASSERT_TRUE(engine().flush_sas());
  auto dump = engine().dump_sas();
  ASSERT_TRUE(dump);
  EXPECT_TRUE(dump->empty());
}

TEST_F(Sad, EspSaOnAKernelWithoutEspSaysWhatIsMissing) {
  auto added = engine().add_sa(esp_sa("192.0.2.1", "192.0.2.2"));
  ASSERT_FALSE(added) << "this host's kernel has no ESP, yet the SA was added";
  EXPECT_EQ(added.error().code, EPROTONOSUPPORT);
  const Error& e = added.error();
  EXPECT_TRUE(mentions(e, "adding ESP SA 192.0.2.1 -> 192.0.2.2 SPI 0x2001")) << e.message;
  EXPECT_TRUE(mentions(e, "the kernel cannot hold ESP SAs")) << e.message;
  EXPECT_TRUE(mentions(e, "CONFIG_INET_ESP / module esp4")) << e.message;
  EXPECT_TRUE(mentions(e, "pfkeyd")) << e.message;
  EXPECT_TRUE(mentions(e, "Requested type not found")) << e.message;

  auto v6 = engine().add_sa(esp_sa("2001:db8::1", "2001:db8::2"));
  ASSERT_FALSE(v6);
  EXPECT_TRUE(mentions(v6.error(), "CONFIG_INET6_ESP / module esp6")) << v6.error().message;
}

TEST_F(Sad, AhAndIpcompNameTheirModulesToo) {
  SaParams ah = esp_sa("192.0.2.1", "192.0.2.2");
  ah.id.type = rct::SaType::Ah;
  ah.encryption = {};
  ah.encryption_key = {};
  auto added = engine().add_sa(ah);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, EPROTONOSUPPORT);
  EXPECT_TRUE(mentions(added.error(), "module ah4")) << added.error().message;

  SaParams ipcomp;
  ipcomp.id = SaId{rct::SaType::Ipcomp, ip("192.0.2.1"), ip("192.0.2.2"), 0x300};
  ipcomp.compression = rct::CompAlg::Deflate;
  added = engine().add_sa(ipcomp);
  ASSERT_FALSE(added);
  EXPECT_TRUE(mentions(added.error(), "IPComp")) << added.error().message;
}

TEST_F(Sad, AMissingCryptoAlgorithmIsNamed) {
  // The kernel looks algorithms up before the transform: a host without
  // gcm(aes) (this one) says so first; one with it but no ESP names ESP.
  SaParams gcm = esp_sa("192.0.2.1", "192.0.2.2");
  gcm.encryption = rct::EncAlg::AesGcm16;
  gcm.encryption_key = buf::SecretBytes(std::vector<std::uint8_t>(20, 1));
  gcm.integrity = {};
  gcm.integrity_key = {};
  auto added = engine().add_sa(gcm);
  ASSERT_FALSE(added);
  const Error& e = added.error();
  if (e.code == ENOSYS) {
    EXPECT_TRUE(mentions(e, "the kernel has no rfc4106(gcm(aes)) in its crypto API")) << e.message;
    EXPECT_TRUE(mentions(e, "Requested AEAD algorithm not found")) << e.message;
  } else {
    EXPECT_EQ(e.code, EPROTONOSUPPORT) << e.message;
    EXPECT_TRUE(mentions(e, "module esp4")) << e.message;
  }
}

TEST_F(Sad, CompletingALarvalSaFailsTheSameWay) {
  auto spi = engine().get_spi(spi_request(7));
  ASSERT_TRUE(spi);
  SaParams sa = esp_sa("192.0.2.2", "192.0.2.1");
  sa.id.spi = *spi;
  sa.reqid = 7;
  auto updated = engine().update_sa(sa);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, EPROTONOSUPPORT) << updated.error().message;
  EXPECT_TRUE(mentions(updated.error(), "updating ESP SA")) << updated.error().message;
}

TEST_F(Sad, ProbeSaysTheKernelCannotHoldEsp) {
  auto probe = probe_esp_support();
  ASSERT_FALSE(probe) << "this host's kernel has no ESP transform";
  EXPECT_EQ(probe.error().code, EPROTONOSUPPORT);
  EXPECT_EQ(probe.error().message,
            "the kernel cannot hold ESP SAs: no ESP transform in this kernel (CONFIG_INET_ESP / "
            "module esp4 or esp6); use key_engine pfkeyd or load the module");
  // It only looked.
  auto dump = engine().dump_sas();
  ASSERT_TRUE(dump);
  EXPECT_TRUE(dump->empty());
}

TEST_F(Sad, InvalidSasAreEinvalBeforeTheKernelSeesThem) {
  SaParams short_key = esp_sa("192.0.2.1", "192.0.2.2");
  short_key.encryption_key = buf::SecretBytes(std::vector<std::uint8_t>(15, 1));
  SaParams aead_and_integrity = esp_sa("192.0.2.1", "192.0.2.2");
  aead_and_integrity.encryption = rct::EncAlg::AesGcm16;
  aead_and_integrity.encryption_key = buf::SecretBytes(std::vector<std::uint8_t>(20, 1));
  SaParams mixed = esp_sa("192.0.2.1", "2001:db8::2");
  std::size_t kernel_replies = 0;
  engine().set_receive_tap([&kernel_replies](std::span<const std::uint8_t>) { ++kernel_replies; });
  for (const SaParams* sa : {&short_key, &aead_and_integrity, &mixed}) {
    auto added = engine().add_sa(*sa);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, EINVAL) << added.error().message;
  }
  EXPECT_EQ(kernel_replies, 0U);
}

TEST_F(Sad, TheTapSeesTheKernelsReply) {
  std::vector<std::vector<std::uint8_t>> seen;
  engine().set_receive_tap(
      [&seen](std::span<const std::uint8_t> d) { seen.emplace_back(d.begin(), d.end()); });
  auto spi = engine().get_spi(spi_request(1, 0x777, 0x777));
  ASSERT_TRUE(spi);
  ASSERT_EQ(seen.size(), 1U);
  // One NEWSA with the SPI in network order inside xfrm_usersa_info.
  auto messages = netlink::split(seen[0]);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1U);
  EXPECT_EQ((*messages)[0].type, XFRM_MSG_NEWSA);
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
