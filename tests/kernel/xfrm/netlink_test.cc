// Netlink framing: the builder's layout and the checked parsers on good and
// malformed input.
#include "kernel/xfrm/netlink.h"

#include <gtest/gtest.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace rc::kernel::xfrm::netlink {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, std::uint16_t v) {
  const auto at = b.size();
  b.resize(at + 2);
  std::memcpy(b.data() + at, &v, 2);
}
void put32(Bytes& b, std::uint32_t v) {
  const auto at = b.size();
  b.resize(at + 4);
  std::memcpy(b.data() + at, &v, 4);
}

// A header with the given length field, then `payload`.
Bytes message(std::uint32_t length, std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
              const Bytes& payload = {}) {
  Bytes b;
  put32(b, length);
  put16(b, type);
  put16(b, flags);
  put32(b, seq);
  put32(b, 4242);
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes attribute(std::uint16_t length, std::uint16_t type, const Bytes& data) {
  Bytes b;
  put16(b, length);
  put16(b, type);
  b.insert(b.end(), data.begin(), data.end());
  while (b.size() % 4 != 0) b.push_back(0);
  return b;
}

TEST(NetlinkBuilder, LaysOutHeaderFixedPartAndPaddedAttributes) {
  MessageBuilder builder(0x10, NLM_F_REQUEST | NLM_F_ACK);
  const std::uint32_t fixed = 0xaabbccdd;
  builder.fixed(fixed);
  builder.attribute(7, Bytes{1, 2, 3});
  builder.attribute(8, std::uint16_t{0x0102}, Bytes{9});
  const WipedBuffer out = std::move(builder).finish();
  ASSERT_EQ(out.size(), 16U + 4 + 8 + 8);

  auto messages = split(out.view());
  ASSERT_TRUE(messages) << messages.error().message;
  ASSERT_EQ(messages->size(), 1U);
  const Message& m = (*messages)[0];
  EXPECT_EQ(m.type, 0x10);
  EXPECT_EQ(m.flags, NLM_F_REQUEST | NLM_F_ACK);
  auto attributes = parse_attributes_after(m.payload, sizeof fixed);
  ASSERT_TRUE(attributes);
  ASSERT_EQ(attributes->size(), 2U);
  EXPECT_EQ((*attributes)[0].type, 7);
  EXPECT_EQ((*attributes)[0].data.size(), 3U);
  EXPECT_EQ((*attributes)[1].type, 8);
  EXPECT_EQ((*attributes)[1].data.size(), 3U);
  EXPECT_EQ((*attributes)[1].data[2], 9);
  EXPECT_EQ(message_type(out.view()), 0x10);
}

TEST(NetlinkBuilder, StampSetsSequenceAndPort) {
  WipedBuffer out = MessageBuilder(0x11, NLM_F_REQUEST).finish();
  stamp(out.writable(), 77, 88);
  auto messages = split(out.view());
  ASSERT_TRUE(messages);
  EXPECT_EQ((*messages)[0].seq, 77U);
  EXPECT_EQ((*messages)[0].port_id, 88U);
}

TEST(NetlinkSplit, SeveralMessagesAndAnUnpaddedLastOne) {
  Bytes datagram = message(20, 1, 0, 1, {1, 2, 3, 4});
  const Bytes second = message(17, 2, 0, 2, {5});  // 17 bytes, no padding after
  datagram.insert(datagram.end(), second.begin(), second.end());
  auto messages = split(datagram);
  ASSERT_TRUE(messages) << messages.error().message;
  ASSERT_EQ(messages->size(), 2U);
  EXPECT_EQ((*messages)[1].payload.size(), 1U);
  EXPECT_EQ((*messages)[1].payload[0], 5);
}

TEST(NetlinkSplit, RejectsShortHeadersAndBadLengths) {
  for (const Bytes& bad : {Bytes{1, 2, 3},                      // shorter than a header
                           message(15, 1, 0, 1),                // nlmsg_len below 16
                           message(64, 1, 0, 1, {1, 2, 3, 4}),  // nlmsg_len beyond the data
                           [] {                                 // a truncated second part
                             Bytes b = message(16, 1, NLM_F_MULTI, 1);
                             const Bytes tail = message(40, 1, NLM_F_MULTI, 1, Bytes(8));
                             b.insert(b.end(), tail.begin(), tail.end());
                             return b;
                           }()}) {
    auto messages = split(bad);
    ASSERT_FALSE(messages);
    EXPECT_EQ(messages.error().code, EBADMSG) << messages.error().message;
  }
  auto empty = split({});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(NetlinkAttributes, RejectsShortAndOverlongAttributes) {
  for (const Bytes& bad : {Bytes{4, 0},                     // shorter than nlattr
                           attribute(3, 1, {}),             // nla_len < 4
                           attribute(12, 1, {1, 2, 3, 4}),  // nla_len beyond the data
                           [] {
                             Bytes b = attribute(8, 1, {1, 2, 3, 4});
                             b.push_back(9);  // 1 stray byte
                             return b;
                           }()}) {
    auto attributes = parse_attributes(bad);
    ASSERT_FALSE(attributes);
    EXPECT_EQ(attributes.error().code, EBADMSG) << attributes.error().message;
  }
}

TEST(NetlinkAttributes, FlagsAreStrippedAndTheLastDuplicateWins) {
  Bytes b = attribute(5, 1 | NLA_F_NESTED, {1});
  const Bytes again = attribute(5, 1, {2});
  b.insert(b.end(), again.begin(), again.end());
  auto attributes = parse_attributes(b);
  ASSERT_TRUE(attributes);
  ASSERT_EQ(attributes->size(), 2U);
  EXPECT_TRUE((*attributes)[0].nested);
  EXPECT_EQ((*attributes)[0].type, 1);
  const Attribute* last = find(*attributes, 1);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->data[0], 2);
  EXPECT_EQ(find(*attributes, 2), nullptr);
}

Bytes error_payload(int error, const Bytes& echoed_header, const Bytes& tlvs) {
  Bytes b;
  put32(b, static_cast<std::uint32_t>(error));
  b.insert(b.end(), echoed_header.begin(), echoed_header.end());
  b.insert(b.end(), tlvs.begin(), tlvs.end());
  return b;
}

Message view(const Bytes& datagram) {
  auto messages = split(datagram);
  if (!messages || messages->size() != 1) throw std::runtime_error("bad test message");
  return (*messages)[0];
}

TEST(NetlinkError, AckErrnoAndExtendedAckText) {
  const Bytes request_header = message(16, 0x10, NLM_F_REQUEST, 5);
  const Bytes ack_payload = error_payload(0, request_header, {});
  const Bytes ack =
      message(static_cast<std::uint32_t>(16 + ack_payload.size()), NLMSG_ERROR, 0, 5, ack_payload);
  auto parsed = parse_error(view(ack));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->error, 0);

  const Bytes text{'R', 'e', 'q', 'u', 'e', 's', 't', 'e', 'd', ' ', 't', 'y', 'p', 'e', 0};
  const Bytes tlv = attribute(static_cast<std::uint16_t>(4 + text.size()), NLMSGERR_ATTR_MSG, text);
  const Bytes err_payload = error_payload(-EPROTONOSUPPORT, request_header, tlv);
  const Bytes err = message(static_cast<std::uint32_t>(16 + err_payload.size()), NLMSG_ERROR,
                            NLM_F_CAPPED | NLM_F_ACK_TLVS, 5, err_payload);
  parsed = parse_error(view(err));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->error, EPROTONOSUPPORT);
  EXPECT_EQ(parsed->message, "Requested type");
}

TEST(NetlinkError, UncappedEchoIsSkippedToFindTheText) {
  const Bytes request = message(24, 0x10, NLM_F_REQUEST, 5, Bytes(8, 0xee));
  const Bytes tlv = attribute(6, NLMSGERR_ATTR_MSG, {'x', 0});
  const Bytes payload = error_payload(-EINVAL, request, tlv);
  const Bytes err = message(static_cast<std::uint32_t>(16 + payload.size()), NLMSG_ERROR,
                            NLM_F_ACK_TLVS, 5, payload);
  auto parsed = parse_error(view(err));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->message, "x");
}

TEST(NetlinkError, MalformedErrorsAreRejected) {
  const Bytes request_header = message(16, 0x10, NLM_F_REQUEST, 5);
  // Too short for struct nlmsgerr.
  EXPECT_FALSE(parse_error(view(message(20, NLMSG_ERROR, 0, 5, {0, 0, 0, 0}))));
  // A positive "errno".
  const Bytes positive = error_payload(5, request_header, {});
  EXPECT_FALSE(parse_error(view(message(36, NLMSG_ERROR, 0, 5, positive))));
  // An uncapped echo longer than what is there.
  const Bytes long_echo = error_payload(-EINVAL, message(200, 0x10, 0, 5), {});
  EXPECT_FALSE(parse_error(view(message(36, NLMSG_ERROR, NLM_F_ACK_TLVS, 5, long_echo))));
  // A broken TLV after the echo.
  const Bytes broken = error_payload(-EINVAL, request_header, {9, 0, 1, 0});
  EXPECT_FALSE(
      parse_error(view(message(40, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, 5, broken))));
}

TEST(NetlinkDone, ErrorCodeAndEmptyPayload) {
  auto done = parse_done(view(message(16, NLMSG_DONE, NLM_F_MULTI, 1)));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->error, 0);
  Bytes code;
  put32(code, static_cast<std::uint32_t>(-ENOBUFS));
  done = parse_done(view(message(20, NLMSG_DONE, NLM_F_MULTI, 1, code)));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->error, ENOBUFS);
  EXPECT_FALSE(parse_done(view(message(18, NLMSG_DONE, NLM_F_MULTI, 1, {0, 0}))));
}

TEST(WipedBuffer, GrowsShrinksAndMoves) {
  WipedBuffer buffer;
  for (int i = 0; i < 1000; ++i) buffer.append(Bytes{static_cast<std::uint8_t>(i)});
  ASSERT_EQ(buffer.size(), 1000U);
  EXPECT_EQ(buffer.view()[999], static_cast<std::uint8_t>(999));
  buffer.resize(10);
  buffer.resize(20);
  EXPECT_EQ(buffer.view()[15], 0) << "bytes cut and regrown come back as zeros";
  WipedBuffer moved = std::move(buffer);
  EXPECT_EQ(moved.size(), 20U);
  EXPECT_TRUE(buffer.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  moved.clear();
  EXPECT_TRUE(moved.empty());
}

}  // namespace
}  // namespace rc::kernel::xfrm::netlink
