// parse_header / encode_header against hand-written RFC 7296 §3.1 octets.
#include "ikev2/header.h"

#include <tuple>

#include <gtest/gtest.h>

#include "wire_bytes.h"

namespace rc::ikev2 {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace)

TEST(IkeHeader, ParsesEveryField) {
  const Wire wire = cat({u64(0x0102030405060708ULL), u64(0xA1A2A3A4A5A6A7A8ULL), u8(33), u8(0x21),
                         u8(35), u8(0x08 | 0x10 | 0x20 | 0x47), u32(0xDEADBEEF), u32(28)});
  auto parsed = parse_header(wire);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const Header& h = parsed->header;
  EXPECT_EQ(h.initiator_spi, 0x0102030405060708ULL);
  EXPECT_EQ(h.responder_spi, 0xA1A2A3A4A5A6A7A8ULL);
  EXPECT_EQ(h.major_version, 2);
  EXPECT_EQ(h.minor_version, 1);
  EXPECT_EQ(h.exchange, ExchangeType::IkeAuth);
  EXPECT_TRUE(h.initiator);
  EXPECT_TRUE(h.higher_version);
  EXPECT_TRUE(h.response);
  EXPECT_EQ(h.message_id, 0xDEADBEEFU);
  EXPECT_EQ(parsed->first_payload, PayloadType::Sa);
  EXPECT_EQ(parsed->length, 28U);
}

TEST(IkeHeader, FlagsAreIndependent) {
  for (const auto& [flags, i, v, r] :
       {std::tuple{0x08, true, false, false}, std::tuple{0x10, false, true, false},
        std::tuple{0x20, false, false, true}, std::tuple{0xC7, false, false, false}}) {
    const Wire wire = header(0, 34, static_cast<std::uint8_t>(flags), 0, 0);
    auto parsed = parse_header(wire);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->header.initiator, i) << flags;
    EXPECT_EQ(parsed->header.higher_version, v) << flags;
    EXPECT_EQ(parsed->header.response, r) << flags;
  }
}

TEST(IkeHeader, LengthMustBeTheDatagramSize) {
  Wire wire = header(0, 34, kI, 0, 0);
  wire.push_back(0);
  auto longer = parse_header(wire);
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().kind, ParseErrorKind::TrailingBytes);

  const Wire claims_more = header(0, 34, kI, 0, 4);
  auto shorter = parse_header(claims_more);
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().kind, ParseErrorKind::Truncated);

  Wire below_header = header(0, 34, kI, 0, 0);
  below_header[27] = 27;
  auto small = parse_header(below_header);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().kind, ParseErrorKind::BadLength);
  EXPECT_EQ(small.error().offset, 24U);
}

TEST(IkeHeader, EveryShortPrefixFails) {
  const Wire wire = header(0, 34, kI, 0, 0);
  for (std::size_t n = 0; n < wire.size(); ++n) {
    auto parsed = parse_header(std::span(wire).first(n));
    ASSERT_FALSE(parsed) << n;
    EXPECT_EQ(parsed.error().kind, ParseErrorKind::Truncated) << n;
  }
}

TEST(IkeHeader, AnyMajorVersionParses) {
  auto parsed = parse_header(header(0, 34, kI, 0, 0, kSpiI, 0, 0x30));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.major_version, 3);
}

TEST(IkeHeader, EncodesTheDiagram) {
  Header h;
  h.initiator_spi = kSpiI;
  h.responder_spi = kSpiR;
  h.exchange = ExchangeType::CreateChildSa;
  h.response = true;
  h.message_id = 7;
  buf::ByteWriter out;
  ASSERT_TRUE(encode_header(out, h, PayloadType::Sk, 100));
  const Wire expected =
      cat({u64(kSpiI), u64(kSpiR), u8(46), u8(0x20), u8(36), u8(0x20), u32(7), u32(100)});
  EXPECT_EQ(Wire(out.view().begin(), out.view().end()), expected);
}

TEST(IkeHeader, EncodeRefusesAVersionOverFourBits) {
  Header h;
  h.major_version = 16;
  buf::ByteWriter out;
  EXPECT_FALSE(encode_header(out, h, PayloadType::None, 28));
}

}  // namespace
}  // namespace rc::ikev2
