// X_SPDEXPIRE and X_MIGRATE: a KAME-style SPDEXPIRE and a Linux MIGRATE
// (pfkey_send_migrate: KMADDRESS, selector, old/new ipsecrequest pairs)
// written out by hand, round trips, and migrations that do not pair up.
#include <gtest/gtest.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdint>
#include <variant>
#include <vector>

#include "kernel/pfkey/pfkey_events.h"
#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::prefix;
using testing::bytes_of;
using testing::encoded;
using testing::parsed;

const std::vector<std::uint8_t> kSpdExpire{
    // X_SPDEXPIRE 21, 18 words
    0x02, 0x15, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // CURRENT: added at 1700000000
    0x04, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0xf1, 0x53, 0x65, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    // HARD: addtime 3600
    0x04, 0x00, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0,
    // TCP 6: 192.0.2.0/24 -> 198.51.100.0/24
    0x03, 0x00, 0x05, 0x00, 0x06, 0x18, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x00,
    0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0x06, 0x18, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0xc6, 0x33, 0x64, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_POLICY: DISCARD 0, INBOUND 1, id 0x44
    0x02, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00, 0x44, 0x00, 0x00, 0x00, 0, 0, 0, 0};

Selector tcp_selector() {
  Selector selector;
  selector.src = prefix("192.0.2.0/24");
  selector.dst = prefix("198.51.100.0/24");
  selector.protocol = IPPROTO_TCP;
  return selector;
}

TEST(PfkeyPolicyEvents, SpdExpireDecodes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const PolicyExpireEvent want{0x44, tcp_selector(), rct::Direction::Inbound, true};
  auto expire = decode_policy_expire(parsed(kSpdExpire));
  ASSERT_TRUE(expire) << expire.error().message;
  EXPECT_EQ(*expire, want);
  auto soft = kSpdExpire;
  soft[50] = SADB_EXT_LIFETIME_SOFT;
  auto soft_expire = decode_event(parsed(soft));
  ASSERT_TRUE(soft_expire) << soft_expire.error().message;
  ASSERT_TRUE(soft_expire->has_value());
  EXPECT_FALSE(std::get<PolicyExpireEvent>(**soft_expire).hard);
  auto neither = kSpdExpire;
  neither[50] = SADB_EXT_SENSITIVITY;
  EXPECT_EQ(decode_policy_expire(parsed(neither)).error().code, EBADMSG);
}

TEST(PfkeyPolicyEvents, SpdExpireRoundTrips) {
  PolicyInfo policy;
  policy.params.action = PolicyAction::Ipsec;
  policy.params.templates.push_back(PolicyTemplate{});
  policy.params.lifetimes.hard = LifetimeLimit{0, 0, 7200, 0};
  policy.params.lifetimes.soft = LifetimeLimit{0, 0, 6000, 0};
  policy.current = LifetimeCurrent{10, 1, 1700000000, 0};
  for (const bool hard : {true, false}) {
    const PolicyExpireEvent event{0x51, tcp_selector(), rct::Direction::Outbound, hard};
    const auto bytes = encoded(encode_policy_expire(event, policy));
    const Message message = parsed(bytes);
    EXPECT_EQ(message.header.type, SADB_X_SPDEXPIRE);
    EXPECT_EQ(message.find(SADB_EXT_LIFETIME_HARD) != nullptr, hard);
    EXPECT_EQ(message.find(SADB_EXT_LIFETIME_SOFT) != nullptr, !hard);
    auto back = decode_event(message);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_TRUE(back->has_value());
    EXPECT_EQ(std::get<PolicyExpireEvent>(**back), event);
    auto info = decode_policy(message);  // the whole policy comes along
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->params.templates, policy.params.templates);
    EXPECT_EQ(info->current, policy.current);
  }
  policy.params.lifetimes.hard.packets = 5;
  EXPECT_EQ(encode_policy_expire(
                PolicyExpireEvent{1, tcp_selector(), rct::Direction::Outbound, true}, policy)
                .error()
                .code,
            ENOTSUP);
}

const std::vector<std::uint8_t> kLinuxMigrate{
    // X_MIGRATE 24, ESP 3, 27 words
    0x02, 0x18, 0x00, 0x03, 0x1b, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // KMADDRESS (25): 5 words, local 192.0.2.9, remote 198.51.100.1
    0x05, 0x00, 0x19, 0x00, 0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x09, 0, 0, 0, 0,
    0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33, 0x64, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
    // the selector as Linux copies it: protocol 0, ports 0
    0x03, 0x00, 0x05, 0x00, 0x00, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x00, 0x00,
    0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x06, 0x00, 0x00, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x0a, 0x02, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // X_POLICY: 14 words, IPSEC, OUTBOUND, id 0, priority 0
    0x0e, 0x00, 0x12, 0x00, 0x02, 0x00, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    // old: ESP tunnel unique reqid 5, 192.0.2.1 -> 198.51.100.1
    0x30, 0x00, 0x32, 0x00, 0x02, 0x03, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00,
    0x00, 0xc0, 0x00, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33, 0x64,
    0x01, 0, 0, 0, 0, 0, 0, 0, 0,
    // new: the same SA, 192.0.2.9 -> 198.51.100.1
    0x30, 0x00, 0x32, 0x00, 0x02, 0x03, 0x00, 0x00, 0x05, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00,
    0x00, 0xc0, 0x00, 0x02, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00, 0x00, 0xc6, 0x33, 0x64,
    0x01, 0, 0, 0, 0, 0, 0, 0, 0};

MigrateParams migration() {
  MigrateParams params;
  params.selector.src = prefix("10.1.0.0/16");
  params.selector.dst = prefix("10.2.0.0/16");
  params.direction = rct::Direction::Outbound;
  params.entries.push_back(MigrateEntry{rct::SaType::Esp, rct::IpsecMode::Tunnel, 5,
                                        ip("192.0.2.1"), ip("198.51.100.1"), ip("192.0.2.9"),
                                        ip("198.51.100.1")});
  return params;
}

TEST(PfkeyPolicyEvents, LinuxMigrateMatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  auto event = decode_event(parsed(kLinuxMigrate));
  ASSERT_TRUE(event) << event.error().message;
  ASSERT_TRUE(event->has_value());
  EXPECT_EQ(std::get<MigrateEvent>(**event).params, migration());

  // Ours: no KMADDRESS, the selector's protocol "any" spelled 255.
  std::vector<std::uint8_t> ours(kLinuxMigrate.begin(), kLinuxMigrate.begin() + 16);
  ours.insert(ours.end(), kLinuxMigrate.begin() + 56, kLinuxMigrate.end());
  ours[4] = static_cast<std::uint8_t>(ours.size() / 8);
  ours[20] = 0xff;
  ours[44] = 0xff;
  EXPECT_EQ(encoded(encode_migrate(migration())), ours);
}

TEST(PfkeyPolicyEvents, MigrateRoundTrips) {
  MigrateParams params = migration();
  params.selector.protocol = IPPROTO_UDP;
  params.selector.src_port = 500;
  params.direction = rct::Direction::Inbound;
  params.entries.push_back(MigrateEntry{rct::SaType::Ah, rct::IpsecMode::Transport, 0,
                                        ip("2001:db8::1"), ip("2001:db8::2"), ip("192.0.2.1"),
                                        ip("192.0.2.2")});
  const auto bytes = encoded(encode_migrate(params, 8));
  const Message message = parsed(bytes);
  EXPECT_EQ(message.header.seq, 8U);
  auto back = decode_migrate(message);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->params, params);
}

TEST(PfkeyPolicyEvents, RefusesMigrationsThatDoNotPairUp) {
  EXPECT_EQ(encode_migrate(MigrateParams{}).error().code, EINVAL);
  MigrateParams mixed = migration();
  mixed.entries[0].old_dst = ip("2001:db8::1");
  EXPECT_EQ(encode_migrate(mixed).error().code, EINVAL);
  MigrateParams bundle = migration();
  bundle.entries[0].protocol = rct::SaType::EspIpcomp;
  EXPECT_EQ(encode_migrate(bundle).error().code, EINVAL);

  const auto code = [](const std::vector<std::uint8_t>& bytes) {
    auto event = decode_migrate(parsed(bytes));
    return event ? 0 : event.error().code;
  };
  auto other_reqid = kLinuxMigrate;
  other_reqid[176] = 6;  // the new request's reqid
  EXPECT_EQ(code(other_reqid), EBADMSG);
  auto other_mode = kLinuxMigrate;
  other_mode[172] = IPSEC_MODE_TRANSPORT;
  EXPECT_EQ(code(other_mode), EBADMSG);
  auto no_direction = kLinuxMigrate;
  no_direction[110] = IPSEC_DIR_ANY;
  EXPECT_EQ(code(no_direction), EBADMSG);
  // Only the old request: not a pair.
  auto lone(kLinuxMigrate);
  lone.resize(lone.size() - 48);
  lone[4] = static_cast<std::uint8_t>(lone.size() / 8);
  lone[104] = 8;
  EXPECT_EQ(code(lone), EBADMSG);
  // A pair without endpoints.
  MessageBuilder bare(Header{SADB_X_MIGRATE, 0, SADB_SATYPE_ESP, 0, 0});
  ASSERT_TRUE(add_selector(bare, migration().selector));
  const IpsecRequest request{IPPROTO_ESP, IPSEC_MODE_TRANSPORT, IPSEC_LEVEL_REQUIRE, 0, {}};
  add_policy(bare,
             PolicyExtension{IPSEC_POLICY_IPSEC, IPSEC_DIR_OUTBOUND, 0, 0, {request, request}});
  EXPECT_EQ(code(bytes_of(std::move(bare).finish())), EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
