// The SAD's endpoint index, which the packet path, ACQUIRE suppression and
// migrate use instead of scanning: SAs between two gateways by reqid, a
// template without reqid taking any, and erases among many such SAs.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "core/sad.h"
#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

SaEntry tunnel_sa(std::uint32_t spi, std::uint32_t reqid,
                  kernel::SaState state = kernel::SaState::Mature) {
  SaEntry entry;
  entry.params.id = sa_id(rct::SaType::Esp, kLocal4, kPeer4, spi);
  entry.params.mode = rct::IpsecMode::Tunnel;
  entry.params.reqid = reqid;
  entry.state = state;
  return entry;
}

SaWanted between_gateways(std::uint32_t reqid) {
  return SaWanted{rct::SaType::Esp, rct::IpsecMode::Tunnel, ip(kLocal4), ip(kPeer4), reqid};
}

std::vector<std::uint32_t> spis(const std::vector<SaEntry*>& entries) {
  std::vector<std::uint32_t> out;
  out.reserve(entries.size());
  for (const SaEntry* entry : entries) out.push_back(entry->params.id.spi);
  return out;
}

TEST(SadIndexTest, ManyChildSasBetweenTwoGatewaysAreFoundByReqid) {
  Sad sad;
  constexpr std::uint32_t kChildren = 3000;
  for (std::uint32_t i = 0; i < kChildren; ++i) sad.insert(tunnel_sa(0x1000 + i, 1 + i % 1000));
  const kernel::Selector packet = udp_selector("10.1.0.1", "10.2.0.1");
  // Three SAs carry reqid 7 (spis 0x1006, 0x13ee, 0x17d6): the newest wins.
  EXPECT_EQ(spis(sad.satisfying(between_gateways(7))),
            (std::vector<std::uint32_t>{0x1006, 0x13ee, 0x17d6}));
  ASSERT_NE(sad.usable(between_gateways(7), packet), nullptr);
  EXPECT_EQ(sad.usable(between_gateways(7), packet)->params.id.spi, 0x17d6U);
  // A template without reqid takes any of them: the newest.
  EXPECT_EQ(sad.satisfying(between_gateways(0)).size(), kChildren);
  EXPECT_EQ(sad.usable(between_gateways(0), packet)->params.id.spi, 0x1000U + kChildren - 1);
  EXPECT_EQ(sad.usable(between_gateways(5000), packet), nullptr);
  // Other endpoints or mode: nothing.
  SaWanted transport = between_gateways(7);
  transport.mode = rct::IpsecMode::Transport;
  EXPECT_EQ(sad.usable(transport, packet), nullptr);
  SaWanted reversed = between_gateways(7);
  std::swap(reversed.src, reversed.dst);
  EXPECT_TRUE(sad.satisfying(reversed).empty());

  // Erasing among them leaves the others in the index.
  ASSERT_TRUE(sad.erase(sa_id(rct::SaType::Esp, kLocal4, kPeer4, 0x17d6)).has_value());
  EXPECT_EQ(sad.usable(between_gateways(7), packet)->params.id.spi, 0x13eeU);
  for (std::uint32_t i = 0; i < kChildren; i += 2) {
    (void)sad.erase(sa_id(rct::SaType::Esp, kLocal4, kPeer4, 0x1000 + i));
  }
  EXPECT_EQ(spis(sad.satisfying(between_gateways(7))), (std::vector<std::uint32_t>{}))
      << "0x1006 and 0x13ee have even offsets";
  EXPECT_EQ(spis(sad.satisfying(between_gateways(8))),
            (std::vector<std::uint32_t>{0x1007, 0x13ef, 0x17d7}));
  EXPECT_EQ(sad.satisfying(between_gateways(0)).size(), kChildren / 2);
}

TEST(SadIndexTest, LarvalSasAreNegotiationsNotTraffic) {
  Sad sad;
  sad.insert(tunnel_sa(0x2000, 3, kernel::SaState::Larval));
  const kernel::Selector packet = udp_selector("10.1.0.1", "10.2.0.1");
  EXPECT_TRUE(sad.larval_for(between_gateways(3)));
  EXPECT_TRUE(sad.larval_for(between_gateways(0)));
  EXPECT_FALSE(sad.larval_for(between_gateways(4)));
  EXPECT_EQ(sad.usable(between_gateways(3), packet), nullptr);
  // Made mature (erase and insert, as UPDATE does): usable, not larval.
  auto larval = sad.erase(sa_id(rct::SaType::Esp, kLocal4, kPeer4, 0x2000));
  ASSERT_TRUE(larval.has_value());
  larval->state = kernel::SaState::Mature;
  sad.insert(std::move(*larval));
  EXPECT_FALSE(sad.larval_for(between_gateways(3)));
  EXPECT_NE(sad.usable(between_gateways(3), packet), nullptr);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
