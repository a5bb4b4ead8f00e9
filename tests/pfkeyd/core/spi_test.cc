// GETSPI and larval SAs: the range, the reserved SPIs, exhaustion, the
// larval timeout (net.core.xfrm_acq_expires) and what may follow a GETSPI.
#include <cerrno>
#include <set>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using SpiTest = TablesTest;

kernel::SaId larval_id(std::uint32_t spi) {
  return sa_id(rct::SaType::Esp, kPeer4, kLocal4, spi);
}

TEST_F(SpiTest, SpisComeFromTheRangeAndDiffer) {
  std::set<std::uint32_t> spis;
  for (std::uint32_t reqid = 1; reqid <= 20; ++reqid) {
    auto spi = tables().get_spi(spi_request(reqid, 0x1000, 0x1fff));
    ASSERT_OK(spi);
    EXPECT_GE(*spi, 0x1000U);
    EXPECT_LE(*spi, 0x1fffU);
    spis.insert(*spi);
  }
  EXPECT_EQ(spis.size(), 20U);
}

TEST_F(SpiTest, LarvalSaShowsItsRequestAndNoAlgorithms) {
  kernel::SpiRequest request = spi_request(5);
  request.mode = rct::IpsecMode::Tunnel;
  request.seq = 77;
  auto spi = tables().get_spi(request);
  ASSERT_OK(spi);
  auto info = tables().get_sa(larval_id(*spi));
  ASSERT_OK(info);
  EXPECT_EQ(info->state, kernel::SaState::Larval);
  EXPECT_EQ(info->params.id, larval_id(*spi));
  EXPECT_EQ(info->params.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(info->params.reqid, 5U);
  EXPECT_EQ(info->params.seq, 77U);
  EXPECT_EQ(info->params.encryption, rct::EncAlg{});
  EXPECT_TRUE(info->params.encryption_key.empty());
  EXPECT_EQ(info->current.add_time, clock().wall_seconds());
}

TEST_F(SpiTest, ASingleSpiRangeIsHandedOutOnce) {
  auto first = tables().get_spi(spi_request(1, 0x4242, 0x4242));
  ASSERT_OK(first);
  EXPECT_EQ(*first, 0x4242U);
  EXPECT_ERRNO(tables().get_spi(spi_request(2, 0x4242, 0x4242)), ENOENT);
  // The SPI is per destination: another one may have it too.
  ASSERT_OK(tables().get_spi(spi_request(2, 0x4242, 0x4242, kPeer4, "192.0.2.9")));
}

TEST_F(SpiTest, ASmallRangeFillsCompletelyThenFails) {
  std::set<std::uint32_t> spis;
  for (int i = 0; i < 16; ++i) {
    auto spi = tables().get_spi(spi_request(1, 0x300, 0x30f));
    ASSERT_OK(spi);
    spis.insert(*spi);
  }
  EXPECT_EQ(spis.size(), 16U);
  EXPECT_ERRNO(tables().get_spi(spi_request(1, 0x300, 0x30f)), ENOENT);
}

TEST_F(SpiTest, EmptyOrReservedRangeIsEinval) {
  EXPECT_ERRNO(tables().get_spi(spi_request(1, 0x2000, 0x1000)), EINVAL);
  EXPECT_ERRNO(tables().get_spi(spi_request(1, 0, 0xff)), EINVAL);
  // A range reaching past the reserved part uses what is left.
  auto spi = tables().get_spi(spi_request(1, 0, 0x100));
  ASSERT_OK(spi);
  EXPECT_EQ(*spi, 0x100U);
}

TEST_F(SpiTest, IpcompCpisHaveSixteenBits) {
  kernel::SpiRequest request = spi_request(1);
  request.type = rct::SaType::Ipcomp;
  auto cpi = tables().get_spi(request);
  ASSERT_OK(cpi);
  EXPECT_LE(*cpi, 0xffffU);
  request.min = 0x10000;
  EXPECT_ERRNO(tables().get_spi(request), EINVAL);
}

TEST_F(SpiTest, BundleTypeOrMixedFamiliesAreEinval) {
  kernel::SpiRequest bundle = spi_request(1);
  bundle.type = rct::SaType::AhEsp;
  EXPECT_ERRNO(tables().get_spi(bundle), EINVAL);
  EXPECT_ERRNO(tables().get_spi(spi_request(1, 0x100, 0xffffffff, kPeer6, kLocal4)), EINVAL);
}

TEST_F(SpiTest, LarvalSaTimesOutWithAHardExpire) {
  const MonoTime start = clock().now();
  auto spi = tables().get_spi(spi_request(3));
  ASSERT_OK(spi);
  EXPECT_EQ(tables().next_deadline(), start + seconds(30));
  advance(seconds(29));
  EXPECT_TRUE(tables().run_timers().empty());
  ASSERT_OK(tables().get_sa(larval_id(*spi)));
  advance(seconds(1));
  const auto expired = only<SaExpireNotice>(tables().run_timers());
  ASSERT_EQ(expired.size(), 1U);
  EXPECT_TRUE(expired[0].event.hard);
  EXPECT_EQ(expired[0].event.cause, kernel::ExpireCause::Time);
  EXPECT_EQ(expired[0].event.id, larval_id(*spi));
  EXPECT_EQ(expired[0].event.reqid, 3U);
  EXPECT_ERRNO(tables().get_sa(larval_id(*spi)), ESRCH);
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
  EXPECT_EQ(tables().counters().sa_hard_expires, 1U);
}

class ShortLarvalTest : public TablesTest {
 protected:
  ShortLarvalTest() : TablesTest(TablesSettings{.larval_timeout = seconds(5)}) {}
};

TEST_F(ShortLarvalTest, TheLarvalTimeoutIsASetting) {
  auto spi = tables().get_spi(spi_request(3));
  ASSERT_OK(spi);
  advance(seconds(5));
  EXPECT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);
  EXPECT_ERRNO(tables().get_sa(larval_id(*spi)), ESRCH);
}

TEST_F(SpiTest, UpdateMakesTheLarvalSaMatureAndEndsItsTimeout) {
  auto spi = tables().get_spi(spi_request(100));
  ASSERT_OK(spi);
  advance(seconds(10));
  kernel::SaParams sa = esp_sa(*spi, kPeer4, kLocal4);
  kernel::SaParams want = copy_params(sa);
  ASSERT_OK(tables().update_sa(std::move(sa)));
  auto info = tables().get_sa(want.id);
  ASSERT_OK(info);
  EXPECT_EQ(info->state, kernel::SaState::Mature);
  rc::testing::expect_same_sa(info->params, want);
  EXPECT_EQ(info->current.add_time, clock().wall_seconds()) << "the mature SA is added now";
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
  advance(seconds(60));
  EXPECT_TRUE(tables().run_timers().empty());
}

TEST_F(SpiTest, AddOverALarvalSaIsEexist) {
  auto spi = tables().get_spi(spi_request(100));
  ASSERT_OK(spi);
  EXPECT_ERRNO(tables().add_sa(esp_sa(*spi, kPeer4, kLocal4)), EEXIST);
}

TEST_F(SpiTest, LarvalSaCanBeDeleted) {
  auto spi = tables().get_spi(spi_request(9));
  ASSERT_OK(spi);
  auto deleted = tables().delete_sa(larval_id(*spi));
  ASSERT_OK(deleted);
  EXPECT_EQ(deleted->state, kernel::SaState::Larval);
  EXPECT_ERRNO(tables().get_sa(larval_id(*spi)), ESRCH);
  EXPECT_ERRNO(tables().delete_sa(larval_id(*spi)), ESRCH);
  EXPECT_EQ(tables().next_deadline(), std::nullopt);
}

TEST_F(SpiTest, FlushRemovesLarvalSas) {
  auto spi = tables().get_spi(spi_request(4));
  ASSERT_OK(spi);
  EXPECT_EQ(tables().flush_sas(), 1U);
  EXPECT_ERRNO(tables().get_sa(larval_id(*spi)), ESRCH);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
