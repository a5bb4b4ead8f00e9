// The SPD: SPIDs as Linux makes them, uniqueness of (selector, direction),
// update, delete, what the kernel refuses.
#include <cerrno>
#include <set>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using SpdTest = TablesTest;
using kernel::PolicyAction;
using kernel::PolicyParams;
using rct::Direction;

TEST_F(SpdTest, AddedPolicyReadsBackBySpid) {
  PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4, 0, 7777), Direction::Outbound, 42);
  policy.priority = 1000;
  policy.lifetimes.hard.add_seconds = 600;
  auto spid = tables().add_policy(policy);
  ASSERT_OK(spid);
  auto info = tables().get_policy(*spid);
  ASSERT_OK(info);
  policy.spid = *spid;
  EXPECT_EQ(info->params, policy);
  EXPECT_EQ(info->current.add_time, clock().wall_seconds());
}

TEST_F(SpdTest, SpidsCarryTheDirectionAndAreUnique) {
  std::set<kernel::Spid> spids;
  for (std::uint16_t port = 1; port <= 50; ++port) {
    for (Direction dir : {Direction::Outbound, Direction::Inbound, Direction::Fwd}) {
      auto spid = tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4, port, 0), dir));
      ASSERT_OK(spid);
      EXPECT_NE(*spid, 0U);
      EXPECT_EQ(*spid & 7U, dir == Direction::Inbound ? 0U : dir == Direction::Outbound ? 1U : 2U);
      EXPECT_TRUE(spids.insert(*spid).second) << "SPID " << *spid << " given twice";
    }
  }
  // Deleting and adding again never reuses a live SPID.
  auto first = tables().dump_policies().front().params.spid;
  ASSERT_OK(tables().delete_policy(first));
  auto again = tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4, 999, 0)));
  ASSERT_OK(again);
  int holders = 0;
  for (const auto& info : tables().dump_policies()) holders += info.params.spid == *again ? 1 : 0;
  EXPECT_EQ(holders, 1);
  EXPECT_EQ(tables().dump_policies().size(), 150U);
}

TEST_F(SpdTest, ARequestedSpidIsKeptWhenFreeAndOfTheDirection) {
  PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4, 1, 0));
  policy.spid = 0x1001;  // outbound: low bits 1
  auto kept = tables().add_policy(policy);
  ASSERT_OK(kept);
  EXPECT_EQ(*kept, 0x1001U);
  PolicyParams taken = esp_policy(udp_selector(kLocal4, kPeer4, 2, 0));
  taken.spid = 0x1001;
  auto other = tables().add_policy(taken);
  ASSERT_OK(other);
  EXPECT_NE(*other, 0x1001U);
  PolicyParams wrong_direction =
      esp_policy(udp_selector(kLocal4, kPeer4, 3, 0), Direction::Inbound);
  wrong_direction.spid = 0x2001;
  auto inbound = tables().add_policy(wrong_direction);
  ASSERT_OK(inbound);
  EXPECT_EQ(*inbound & 7U, 0U);
}

TEST_F(SpdTest, SameSelectorAndDirectionTwiceIsEexist) {
  const PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4));
  ASSERT_OK(tables().add_policy(policy));
  EXPECT_ERRNO(tables().add_policy(policy), EEXIST);
  PolicyParams other_priority = policy;
  other_priority.priority = 5;
  // Priority is not part of the key.
  EXPECT_ERRNO(tables().add_policy(other_priority), EEXIST);
  PolicyParams inbound = policy;
  inbound.direction = Direction::Inbound;
  ASSERT_OK(tables().add_policy(inbound));
  EXPECT_EQ(tables().dump_policies().size(), 2U);
}

TEST_F(SpdTest, UnknownSpidIsEnoent) {
  EXPECT_ERRNO(tables().get_policy(0x7fff0008), ENOENT);
  EXPECT_ERRNO(tables().delete_policy(0x7fff0008), ENOENT);
  EXPECT_ERRNO(tables().delete_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound), ENOENT);
}

TEST_F(SpdTest, DeleteBySpidOrBySelectorHandsThePolicyBack) {
  const PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound, 9);
  auto spid = tables().add_policy(policy);
  ASSERT_OK(spid);
  auto deleted = tables().delete_policy(*spid);
  ASSERT_OK(deleted);
  EXPECT_EQ(deleted->params.templates, policy.templates);
  EXPECT_ERRNO(tables().get_policy(*spid), ENOENT);
  EXPECT_ERRNO(tables().delete_policy(*spid), ENOENT);

  auto again = tables().add_policy(policy);
  ASSERT_OK(again);
  auto by_selector = tables().delete_policy(policy.selector, Direction::Outbound);
  ASSERT_OK(by_selector);
  EXPECT_EQ(by_selector->params.spid, *again);
  EXPECT_TRUE(tables().dump_policies().empty());
}

TEST_F(SpdTest, UpdateReplacesTheTemplatesAndKeepsTheSpid) {
  PolicyParams policy = esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound, 7);
  auto spid = tables().add_policy(policy);
  ASSERT_OK(spid);
  policy.templates[0].protocol = rct::SaType::Ah;
  policy.templates[0].reqid = 8;
  auto updated = tables().update_policy(policy);
  ASSERT_OK(updated);
  EXPECT_EQ(*updated, *spid);
  auto info = tables().get_policy(*spid);
  ASSERT_OK(info);
  EXPECT_EQ(info->params.templates, policy.templates);
  EXPECT_EQ(tables().dump_policies().size(), 1U);
}

TEST_F(SpdTest, UpdateOfAMissingPolicyAddsIt) {
  auto spid = tables().update_policy(esp_policy(udp_selector(kLocal4, kPeer4)));
  ASSERT_OK(spid);
  ASSERT_OK(tables().get_policy(*spid));
}

TEST_F(SpdTest, BypassAndDiscardKeepNoTemplates) {
  PolicyParams bypass = esp_policy(udp_selector(kLocal4, kPeer4, 0, 53));
  bypass.action = PolicyAction::Bypass;
  PolicyParams discard = esp_policy(udp_selector(kLocal4, kPeer4, 0, 54));
  discard.action = PolicyAction::Discard;
  auto a = tables().add_policy(bypass);
  auto b = tables().add_policy(discard);
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_TRUE(tables().get_policy(*a)->params.templates.empty());
  EXPECT_TRUE(tables().get_policy(*b)->params.templates.empty());
  EXPECT_EQ(tables().get_policy(*b)->params.action, PolicyAction::Discard);
}

TEST_F(SpdTest, WhatTheKernelRefusesIsEinval) {
  PolicyParams mixed = esp_policy(udp_selector(kLocal4, kPeer4));
  mixed.selector.dst = addr::Prefix::host(ip(kPeer6));
  EXPECT_ERRNO(tables().add_policy(mixed), EINVAL);

  PolicyParams bundle = esp_policy(udp_selector(kLocal4, kPeer4));
  bundle.templates[0].protocol = rct::SaType::AhEsp;
  EXPECT_ERRNO(tables().add_policy(bundle), EINVAL);

  PolicyParams tunnel = esp_policy(udp_selector(kLocal4, kPeer4));
  tunnel.templates[0].mode = rct::IpsecMode::Tunnel;
  EXPECT_ERRNO(tables().add_policy(tunnel), EINVAL);

  PolicyParams deep = esp_policy(udp_selector(kLocal4, kPeer4));
  deep.templates.assign(7, esp_template());
  EXPECT_ERRNO(tables().add_policy(deep), EINVAL);

  PolicyParams no_direction = esp_policy(udp_selector(kLocal4, kPeer4));
  no_direction.direction = Direction{};
  EXPECT_ERRNO(tables().add_policy(no_direction), EINVAL);
  EXPECT_TRUE(tables().dump_policies().empty());
}

TEST_F(SpdTest, UniqueTemplatesGetTheirOwnReqid) {
  PolicyParams a = esp_policy(udp_selector(kLocal4, kPeer4, 1, 0));
  a.templates[0].level = rct::IpsecLevel::Unique;
  PolicyParams b = a;
  b.selector.src_port = 2;
  auto spid_a = tables().add_policy(a);
  auto spid_b = tables().add_policy(b);
  ASSERT_OK(spid_a);
  ASSERT_OK(spid_b);
  const std::uint32_t reqid_a = tables().get_policy(*spid_a)->params.templates[0].reqid;
  const std::uint32_t reqid_b = tables().get_policy(*spid_b)->params.templates[0].reqid;
  EXPECT_GT(reqid_a, 0x3fffU);
  EXPECT_GT(reqid_b, 0x3fffU);
  EXPECT_NE(reqid_a, reqid_b);
}

TEST_F(SpdTest, DumpIsOldestFirstAndFlushEmptiesIt) {
  std::vector<kernel::Spid> added;
  for (std::uint16_t port = 1; port <= 1500; ++port) {
    auto spid = tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4, port, 7777)));
    ASSERT_OK(spid);
    added.push_back(*spid);
  }
  std::vector<kernel::Spid> dumped;
  for (const auto& info : tables().dump_policies()) dumped.push_back(info.params.spid);
  EXPECT_EQ(dumped, added);
  EXPECT_EQ(tables().flush_policies(), 1500U);
  EXPECT_TRUE(tables().dump_policies().empty());
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4, 1, 7777))));
}

}  // namespace
}  // namespace rc::pfkeyd::testing
