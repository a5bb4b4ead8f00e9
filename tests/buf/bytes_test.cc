#include "buf/bytes.h"

#include <gtest/gtest.h>

namespace {

using rc::buf::Bytes;

TEST(Bytes, ToBytesKeepsEveryCharWithoutNul) {
  using namespace std::string_view_literals;
  EXPECT_EQ(rc::buf::to_bytes("a\0b"sv), (Bytes{'a', 0, 'b'}));
  EXPECT_TRUE(rc::buf::to_bytes("").empty());
}

TEST(Bytes, AsTextViewsTheSameBytes) {
  const Bytes data{'s', 'p', 'm', 'd'};
  EXPECT_EQ(rc::buf::as_text(data), "spmd");
  EXPECT_EQ(rc::buf::as_text({}), "");
}

TEST(Bytes, ToHexIsLowercaseTwoDigitsPerByte) {
  EXPECT_EQ(rc::buf::to_hex(Bytes{0x00, 0x0a, 0xff, 0x10}), "000aff10");
  EXPECT_EQ(rc::buf::to_hex({}), "");
}

TEST(Bytes, FromHexAcceptsEitherCase) {
  EXPECT_EQ(rc::buf::from_hex("00aAFf10"), (Bytes{0x00, 0xaa, 0xff, 0x10}));
  EXPECT_EQ(rc::buf::from_hex(""), Bytes{});
}

TEST(Bytes, FromHexRejectsOddLengthAndNonDigits) {
  EXPECT_FALSE(rc::buf::from_hex("abc"));
  EXPECT_FALSE(rc::buf::from_hex("0g"));
  EXPECT_FALSE(rc::buf::from_hex("0x12"));
  EXPECT_FALSE(rc::buf::from_hex("12 34"));
}

TEST(Bytes, HexRoundTripsEveryByteValue) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(i));
  EXPECT_EQ(rc::buf::from_hex(rc::buf::to_hex(all)), all);
}

TEST(Bytes, ConstantTimeEqual) {
  const Bytes a{1, 2, 3, 4};
  EXPECT_TRUE(rc::buf::constant_time_equal(a, Bytes{1, 2, 3, 4}));
  EXPECT_FALSE(rc::buf::constant_time_equal(a, Bytes{0, 2, 3, 4}));  // first byte differs
  EXPECT_FALSE(rc::buf::constant_time_equal(a, Bytes{1, 2, 3, 5}));  // last byte differs
  EXPECT_FALSE(rc::buf::constant_time_equal(a, Bytes{1, 2, 3}));     // prefix, shorter
  EXPECT_FALSE(rc::buf::constant_time_equal(a, Bytes{1, 2, 3, 4, 5}));
  EXPECT_FALSE(rc::buf::constant_time_equal({}, a));
  EXPECT_TRUE(rc::buf::constant_time_equal({}, {}));
}

}  // namespace
