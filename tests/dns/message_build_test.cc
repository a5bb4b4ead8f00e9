// build_query byte for byte and parsed back, the flags word, and the ID
// accessors the proxy uses to rewrite IDs in place.
#include <gtest/gtest.h>

#include "dns/message.h"
#include "wire_bytes.h"

namespace rc::dns {
namespace {

using test::Wire;

TEST(DnsBuildQuery, BytesWithEdns) {
  auto query = build_query(0x1234, "Example.COM", RrType::AAAA);
  ASSERT_TRUE(query) << query.error().message;
  const Wire expected{
      0x12, 0x34, 0x01, 0x00,                          // ID, RD
      0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // qd 1, an 0, ns 0, ar 1
      7,    'E',  'x',  'a',  'm',  'p',  'l',  'e',  3, 'C', 'O', 'M', 0,  // QNAME as written
      0x00, 0x1c, 0x00, 0x01,                                               // AAAA IN
      0x00, 0x00, 0x29, 0x04, 0xd0,                                         // OPT, root, 1232
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                                   // TTL 0, RDLENGTH 0
  };
  EXPECT_EQ(*query, expected);
}

TEST(DnsBuildQuery, BytesWithoutEdns) {
  auto query = build_query(0xfffe, "a.b.", RrType::A, 0);
  ASSERT_TRUE(query);
  const Wire expected{0xff, 0xfe, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                      0x00, 1,    'a',  1,    'b',  0,    0x00, 0x01, 0x00, 0x01};
  EXPECT_EQ(*query, expected);
}

TEST(DnsBuildQuery, ParsesBack) {
  auto query = build_query(77, "www.Example.org.", RrType::A);
  ASSERT_TRUE(query);
  auto message = parse_message(*query);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->id, 77);
  Flags rd_only;
  rd_only.rd = true;
  EXPECT_EQ(message->flags, rd_only);
  ASSERT_EQ(message->questions.size(), 1U);
  EXPECT_EQ(message->questions[0],
            (Question{"www.example.org.", static_cast<std::uint16_t>(RrType::A), kClassIn}));
  EXPECT_TRUE(message->answers.empty());
  EXPECT_TRUE(message->additional.empty());
  EXPECT_EQ(message->edns_udp_size, kOurEdnsSize);
}

TEST(DnsBuildQuery, BadNamesAreRefused) {
  for (const char* name : {"", "a..b", "x.\\999"}) {
    auto query = build_query(1, name, RrType::A);
    ASSERT_FALSE(query) << name;
    EXPECT_EQ(query.error().kind, ParseErrorKind::BadName);
  }
  auto long_label = build_query(1, std::string(64, 'a'), RrType::A);
  EXPECT_FALSE(long_label);
}

TEST(DnsFlags, EveryWordRoundTrips) {
  for (unsigned word = 0; word <= 0xffff; ++word) {
    const auto flags = decode_flags(static_cast<std::uint16_t>(word));
    ASSERT_EQ(encode_flags(flags), word);
    ASSERT_EQ(decode_flags(encode_flags(flags)), flags);
  }
}

TEST(DnsFlags, BitsArePlacedAsRfc1035Says) {
  const Flags response = decode_flags(0x8183);
  EXPECT_TRUE(response.qr);
  EXPECT_TRUE(response.rd);
  EXPECT_TRUE(response.ra);
  EXPECT_FALSE(response.aa);
  EXPECT_FALSE(response.tc);
  EXPECT_EQ(response.opcode, 0);
  EXPECT_EQ(response.rcode, 3);

  Flags each;
  each.opcode = 2;
  EXPECT_EQ(encode_flags(each), 0x1000);
  each = {};
  each.aa = true;
  EXPECT_EQ(encode_flags(each), 0x0400);
  each = {};
  each.tc = true;
  EXPECT_EQ(encode_flags(each), 0x0200);
  each = {};
  each.z = true;
  EXPECT_EQ(encode_flags(each), 0x0040);
  each = {};
  each.ad = true;
  EXPECT_EQ(encode_flags(each), 0x0020);
  each = {};
  each.cd = true;
  EXPECT_EQ(encode_flags(each), 0x0010);
  each = {};
  each.rcode = 5;
  EXPECT_EQ(encode_flags(each), 0x0005);
}

TEST(DnsId, ReadAndWrite) {
  Wire wire{0xab, 0xcd, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(read_id(wire), 0xabcd);
  ASSERT_TRUE(write_id(wire, 0x0102));
  EXPECT_EQ(wire, (Wire{1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(read_id(wire), 0x0102);

  Wire short_wire(11, 0xee);
  EXPECT_EQ(read_id(short_wire), std::nullopt);
  EXPECT_FALSE(write_id(short_wire, 1));
  EXPECT_EQ(short_wire, Wire(11, 0xee));
  EXPECT_EQ(read_id({}), std::nullopt);
}

}  // namespace
}  // namespace rc::dns
