// MIGRATE: a policy's tunnel endpoints and its SAs move together.
#include <cerrno>

#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using MigrateTest = TablesTest;

kernel::MigrateParams move_peer(const kernel::Selector& inner, const char* new_peer) {
  kernel::MigrateParams migration;
  migration.selector = inner;
  migration.direction = rct::Direction::Outbound;
  migration.entries.push_back(kernel::MigrateEntry{.protocol = rct::SaType::Esp,
                                                   .mode = rct::IpsecMode::Tunnel,
                                                   .reqid = 77,
                                                   .old_src = ip(kLocal4),
                                                   .old_dst = ip(kPeer4),
                                                   .new_src = ip(kLocal4),
                                                   .new_dst = ip(new_peer)});
  return migration;
}

TEST_F(MigrateTest, ThePolicyAndItsSaMove) {
  const kernel::Selector inner{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  auto spid =
      tables().add_policy(esp_tunnel_policy(inner, rct::Direction::Outbound, kLocal4, kPeer4, 77));
  ASSERT_OK(spid);
  kernel::SaParams sa = esp_sa(0x1000, kLocal4, kPeer4, 77);
  sa.mode = rct::IpsecMode::Tunnel;
  ASSERT_OK(tables().add_sa(std::move(sa)));
  const kernel::MigrateParams migration = move_peer(inner, "192.0.2.3");
  auto notifications = tables().migrate(migration);
  ASSERT_OK(notifications);
  auto events = only<kernel::MigrateEvent>(*notifications);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].params, migration);
  EXPECT_EQ(tables().get_policy(*spid)->params.templates[0].tunnel_dst, ip("192.0.2.3"));
  EXPECT_ERRNO(tables().get_sa(esp_sa(0x1000).id), ESRCH);
  auto moved = tables().get_sa(esp_sa(0x1000, kLocal4, "192.0.2.3").id);
  ASSERT_OK(moved);
  EXPECT_TRUE(buf::equal(moved->params.encryption_key, test_key(16, 1)));
  // Traffic now finds the moved SA.
  EXPECT_EQ(send(packet("198.51.100.1", 1, "203.0.113.1", 2)).verdict.outcome,
            kernel::pfkey::PacketOutcome::Protected);
}

TEST_F(MigrateTest, WithoutThePolicyItIsEnoent) {
  const kernel::Selector inner{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  EXPECT_ERRNO(tables().migrate(move_peer(inner, "192.0.2.3")), ENOENT);
}

TEST_F(MigrateTest, WithoutAMatchingTemplateNothingChanges) {
  const kernel::Selector inner{.src = prefix("198.51.100.0/24"), .dst = prefix("203.0.113.0/24")};
  auto spid = tables().add_policy(
      esp_tunnel_policy(inner, rct::Direction::Outbound, kLocal4, "192.0.2.4", 77));
  ASSERT_OK(spid);
  EXPECT_ERRNO(tables().migrate(move_peer(inner, "192.0.2.3")), ENODATA);
  EXPECT_EQ(tables().get_policy(*spid)->params.templates[0].tunnel_dst, ip("192.0.2.4"));
}

}  // namespace
}  // namespace rc::pfkeyd::testing
