// SPI allocation and larval SAs.
#include <cerrno>
#include <set>
#include <thread>

#include "fixture.h"

namespace rc::kernel::contract {
namespace {

using SpiContract = EngineContractTest;

SpiRequest spi_request(std::uint32_t reqid, std::uint32_t min = 0x100,
                       std::uint32_t max = 0xffffffff) {
  SpiRequest request;
  request.type = rct::SaType::Esp;
  request.src = ip(kPeer4);
  request.dst = ip(kLocal4);
  request.mode = rct::IpsecMode::Transport;
  request.reqid = reqid;
  request.min = min;
  request.max = max;
  return request;
}

SaId larval_id(std::uint32_t spi) {
  return SaId{.type = rct::SaType::Esp, .src = ip(kPeer4), .dst = ip(kLocal4), .spi = spi};
}

TEST_F(SpiContract, SpiComesFromTheRequestedRange) {
  std::set<std::uint32_t> spis;
  for (std::uint32_t reqid = 1; reqid <= 20; ++reqid) {
    auto spi = engine().get_spi(spi_request(reqid, 0x1000, 0x1fff));
    ASSERT_OK(spi);
    EXPECT_GE(*spi, 0x1000U);
    EXPECT_LE(*spi, 0x1fffU);
    spis.insert(*spi);
  }
  EXPECT_EQ(spis.size(), 20U) << "every larval SA has its own SPI";
}

TEST_F(SpiContract, LarvalSaIsVisibleAsLarval) {
  auto spi = engine().get_spi(spi_request(5));
  ASSERT_OK(spi);
  auto info = engine().get_sa(larval_id(*spi));
  ASSERT_OK(info);
  EXPECT_EQ(info->state, SaState::Larval);
  EXPECT_EQ(info->params.id.spi, *spi);
}

TEST_F(SpiContract, ExhaustedRangeFails) {
  auto first = engine().get_spi(spi_request(1, 0x4242, 0x4242));
  ASSERT_OK(first);
  EXPECT_EQ(*first, 0x4242U);
  auto second = engine().get_spi(spi_request(2, 0x4242, 0x4242));
  ASSERT_FALSE(second.has_value()) << "SPI 0x4242 handed out twice";
  EXPECT_NE(second.error().code, 0);
  EXPECT_FALSE(second.error().message.empty());
}

TEST_F(SpiContract, EmptyOrReservedRangeIsEinval) {
  EXPECT_ERRNO(engine().get_spi(spi_request(1, 0x2000, 0x1000)), EINVAL);
  EXPECT_ERRNO(engine().get_spi(spi_request(1, 0, 0xff)), EINVAL);
}

TEST_F(SpiContract, LarvalSaCanBeDeleted) {
  auto spi = engine().get_spi(spi_request(9));
  ASSERT_OK(spi);
  ASSERT_OK(engine().delete_sa(larval_id(*spi)));
  EXPECT_ERRNO(engine().get_sa(larval_id(*spi)), ENOENT);
  EXPECT_ERRNO(engine().delete_sa(larval_id(*spi)), ENOENT);
}

TEST_F(SpiContract, LarvalSaTimesOut) {
  set_larval_timeout(std::chrono::seconds(1));
  auto spi = engine().get_spi(spi_request(3));
  ASSERT_OK(spi);
  // The engine drops it and says so with a hard EXPIRE.
  auto expired = wait_for<ExpireEvent>(
      [&](const ExpireEvent& e) { return e.id.spi == *spi && e.hard; }, std::chrono::seconds(5));
  ASSERT_TRUE(expired.has_value()) << "no hard EXPIRE for the larval SA";
  EXPECT_ERRNO(engine().get_sa(larval_id(*spi)), ENOENT);
}

TEST_F(SpiContract, UnknownSaIsEnoent) {
  EXPECT_ERRNO(engine().get_sa(larval_id(0x7777)), ENOENT);
  EXPECT_ERRNO(engine().delete_sa(larval_id(0x7777)), ENOENT);
}

TEST_F(SpiContract, FlushRemovesLarvalSas) {
  auto spi = engine().get_spi(spi_request(4));
  ASSERT_OK(spi);
  ASSERT_OK(engine().flush_sas());
  EXPECT_ERRNO(engine().get_sa(larval_id(*spi)), ENOENT);
}

}  // namespace
}  // namespace rc::kernel::contract
