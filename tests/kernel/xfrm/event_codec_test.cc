// Events from kernel-shaped bytes: ACQUIRE, EXPIRE (and its cause),
// POLEXPIRE and MIGRATE, the dispatch by type, and malformed events.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <cerrno>

#include "codec_helpers.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_wire.h"

namespace rc::kernel::xfrm::testing {
namespace {

template <class T>
std::vector<std::uint8_t> message_with(std::uint16_t type, const T& fixed) {
  netlink::MessageBuilder builder(type, 0);
  builder.fixed(fixed);
  return bytes_of(std::move(builder).finish());
}

template <class T>
std::vector<std::uint8_t> raw(const T& value) {
  std::vector<std::uint8_t> out(sizeof value);
  std::memcpy(out.data(), &value, sizeof value);
  return out;
}

xfrm_selector packet_selector() {
  Selector selector;
  selector.src = addr::Prefix::host(ip("192.0.2.1"));
  selector.dst = addr::Prefix::host(ip("192.0.2.2"));
  selector.protocol = 17;
  selector.src_port = 5555;
  selector.dst_port = 7777;
  return *wire::to_selector(selector);
}

std::vector<std::uint8_t> acquire_bytes() {
  xfrm_user_acquire acquire{};
  acquire.id.proto = IPPROTO_ESP;
  acquire.id.daddr = wire::to_address(ip("192.0.2.2"));
  acquire.saddr = wire::to_address(ip("192.0.2.1"));
  acquire.sel = packet_selector();
  acquire.policy.index = 0x4009;
  acquire.policy.dir = XFRM_POLICY_OUT;
  acquire.policy.sel = packet_selector();
  acquire.seq = 17;
  auto bytes = message_with(XFRM_MSG_ACQUIRE, acquire);
  xfrm_user_tmpl ah{};  // the policy's other template: not the one acquired
  ah.id.proto = IPPROTO_AH;
  ah.family = AF_INET;
  ah.reqid = 1;
  xfrm_user_tmpl esp{};
  esp.id.proto = IPPROTO_ESP;
  esp.family = AF_INET;
  esp.mode = XFRM_MODE_TRANSPORT;
  esp.reqid = 31;
  auto templates = raw(ah);
  const auto second = raw(esp);
  templates.insert(templates.end(), second.begin(), second.end());
  add_attribute(bytes, XFRMA_TMPL, templates);
  return bytes;
}

TEST(EventCodec, AcquireNamesPolicyPacketAndTemplate) {
  auto event = decode::event(only_message(acquire_bytes()));
  ASSERT_TRUE(event) << event.error().message;
  ASSERT_TRUE(*event);
  const auto* acquire = std::get_if<AcquireEvent>(&**event);
  ASSERT_NE(acquire, nullptr);
  EXPECT_EQ(acquire->spid, 0x4009U);
  EXPECT_EQ(acquire->protocol, rct::SaType::Esp);
  EXPECT_EQ(acquire->mode, rct::IpsecMode::Transport);
  EXPECT_EQ(acquire->reqid, 31U);
  EXPECT_EQ(acquire->seq, 17U);
  EXPECT_EQ(acquire->src, ip("192.0.2.1"));
  EXPECT_EQ(acquire->dst, ip("192.0.2.2"));
  EXPECT_EQ(acquire->packet.src_port, 5555);
  EXPECT_EQ(acquire->packet.dst_port, 7777);
  EXPECT_EQ(acquire->packet.protocol, 17);
}

xfrm_usersa_info expiring_state() {
  xfrm_usersa_info state{};
  state.family = AF_INET;
  state.id.proto = IPPROTO_ESP;
  state.id.spi = htonl(0x1009);
  state.id.daddr = wire::to_address(ip("192.0.2.2"));
  state.saddr = wire::to_address(ip("192.0.2.1"));
  state.reqid = 100;
  state.lft = wire::to_lifetime(Lifetimes{{2000, 0, 10, 0}, {6000, 50, 20, 0}});
  state.curlft.bytes = 2500;
  state.curlft.packets = 5;
  return state;
}

ExpireEvent expire_of(const xfrm_usersa_info& state, bool hard) {
  xfrm_user_expire expire{};
  expire.state = state;
  expire.hard = hard ? 1 : 0;
  auto e = decode::expire(only_message(message_with(XFRM_MSG_EXPIRE, expire)));
  if (!e) throw std::runtime_error(e.error().message);
  return *e;
}

TEST(EventCodec, ExpireCauseComesFromTheLimitReached) {
  xfrm_usersa_info state = expiring_state();
  ExpireEvent soft = expire_of(state, false);
  EXPECT_FALSE(soft.hard);
  EXPECT_EQ(soft.cause, ExpireCause::Bytes);
  EXPECT_EQ(soft.id, (SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1009}));
  EXPECT_EQ(soft.reqid, 100U);
  EXPECT_EQ(soft.current.bytes, 2500U);
  EXPECT_EQ(expire_of(state, true).cause, ExpireCause::Time) << "below the hard limits";
  state.curlft.packets = 60;
  EXPECT_EQ(expire_of(state, true).cause, ExpireCause::Packets);
  state.curlft.bytes = 7000;
  EXPECT_EQ(expire_of(state, true).cause, ExpireCause::Bytes);
}

TEST(EventCodec, PolicyExpire) {
  xfrm_user_polexpire expire{};
  expire.pol.sel = packet_selector();
  expire.pol.dir = XFRM_POLICY_IN;
  expire.pol.index = 0x4010;
  expire.hard = 1;
  auto event = decode::event(only_message(message_with(XFRM_MSG_POLEXPIRE, expire)));
  ASSERT_TRUE(event) << event.error().message;
  ASSERT_TRUE(*event);
  const auto* polexpire = std::get_if<PolicyExpireEvent>(&**event);
  ASSERT_NE(polexpire, nullptr);
  EXPECT_EQ(polexpire->spid, 0x4010U);
  EXPECT_EQ(polexpire->direction, rct::Direction::Inbound);
  EXPECT_TRUE(polexpire->hard);
  EXPECT_EQ(polexpire->selector.dst_port, 7777);
}

TEST(EventCodec, MigrateRequestAndEventShareTheirForm) {
  MigrateParams migration;
  migration.selector.src = prefix("198.51.100.0/24");
  migration.selector.dst = prefix("203.0.113.0/24");
  migration.direction = rct::Direction::Inbound;
  migration.entries.push_back(MigrateEntry{rct::SaType::Esp, rct::IpsecMode::Tunnel, 77,
                                           ip("192.0.2.2"), ip("192.0.2.1"), ip("2001:db8::2"),
                                           ip("2001:db8::1")});
  migration.entries.push_back(MigrateEntry{rct::SaType::Ipcomp, rct::IpsecMode::Transport, 78,
                                           ip("192.0.2.2"), ip("192.0.2.1"), ip("192.0.2.3"),
                                           ip("192.0.2.1")});
  auto request = encode::migrate(migration);
  ASSERT_TRUE(request) << request.error().message;
  const auto bytes = bytes_of(*request);
  EXPECT_EQ(netlink::read_struct<nlmsghdr>(bytes)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
  auto event = decode::migrate(only_message(bytes));
  ASSERT_TRUE(event) << event.error().message;
  EXPECT_EQ(event->params, migration);

  migration.entries.clear();
  EXPECT_EQ(encode::migrate(migration).error().code, EINVAL);
}

TEST(EventCodec, OtherTypesAreNoEvent) {
  auto event = decode::event(only_message(bytes_of(encode::flush_policies())));
  ASSERT_TRUE(event);
  EXPECT_FALSE(*event);
}

void expect_malformed(const std::vector<std::uint8_t>& bytes) {
  auto messages = netlink::split(bytes);
  ASSERT_TRUE(messages) << messages.error().message;
  auto event = decode::event((*messages)[0]);
  ASSERT_FALSE(event);
  EXPECT_EQ(event.error().code, EBADMSG) << event.error().message;
}

std::vector<std::uint8_t> truncated(std::vector<std::uint8_t> bytes, std::size_t payload) {
  bytes.resize(netlink::kHeaderSize + payload);
  const auto length = static_cast<std::uint32_t>(bytes.size());
  std::memcpy(bytes.data(), &length, 4);
  return bytes;
}

TEST(EventCodecMalformed, ShortEventsAndBadFields) {
  expect_malformed(truncated(acquire_bytes(), sizeof(xfrm_user_acquire) - 1));
  expect_malformed(truncated(message_with(XFRM_MSG_EXPIRE, xfrm_user_expire{}), 10));
  expect_malformed(truncated(message_with(XFRM_MSG_POLEXPIRE, xfrm_user_polexpire{}), 100));
  expect_malformed(message_with(XFRM_MSG_EXPIRE, xfrm_user_expire{}));  // family 0
  xfrm_userpolicy_id id{};
  id.sel = packet_selector();
  expect_malformed(message_with(XFRM_MSG_MIGRATE, id));  // no XFRMA_MIGRATE

  auto odd_templates = acquire_bytes();
  odd_templates = truncated(odd_templates, sizeof(xfrm_user_acquire));
  add_attribute(odd_templates, XFRMA_TMPL, std::vector<std::uint8_t>(10, 0));
  expect_malformed(odd_templates);

  auto migrate = message_with(XFRM_MSG_MIGRATE, id);
  add_attribute(migrate, XFRMA_MIGRATE, std::vector<std::uint8_t>(sizeof(xfrm_user_migrate), 0));
  expect_malformed(migrate);  // protocol 0, family 0
}

}  // namespace
}  // namespace rc::kernel::xfrm::testing
