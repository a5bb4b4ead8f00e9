#include "buf/byte_writer.h"

#include <cstring>

#include <gtest/gtest.h>

#include "buf/byte_reader.h"

namespace {

using rc::buf::ByteReader;
using rc::buf::Bytes;
using rc::buf::ByteWriter;

Bytes bytes_of(const ByteWriter& w) {
  return Bytes(w.view().begin(), w.view().end());
}

TEST(ByteWriter, WritesBigEndian) {
  ByteWriter w;
  w.u8(0x01).u16(0x0203).u32(0x04050607).u64(0x08090a0b0c0d0e0fULL);
  EXPECT_EQ(bytes_of(w), (Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(w.size(), 15U);
}

TEST(ByteWriter, WritesExtremeValues) {
  ByteWriter w;
  w.u16(0xffff).u32(0).u64(~0ULL);
  Bytes expected{0xff, 0xff, 0, 0, 0, 0};
  expected.insert(expected.end(), 8, 0xff);
  EXPECT_EQ(bytes_of(w), expected);
}

TEST(ByteWriter, WritesHostOrder) {
  ByteWriter w;
  w.u16_host(0x1234).u32_host(0x56789abc).u64_host(0x0102030405060708ULL);
  Bytes expected(14);
  const std::uint16_t a = 0x1234;
  const std::uint32_t b = 0x56789abc;
  const std::uint64_t c = 0x0102030405060708ULL;
  std::memcpy(expected.data(), &a, 2);
  std::memcpy(expected.data() + 2, &b, 4);
  std::memcpy(expected.data() + 6, &c, 8);
  EXPECT_EQ(bytes_of(w), expected);
}

TEST(ByteWriter, BytesTextAndZeros) {
  ByteWriter w;
  w.bytes(Bytes{0xde, 0xad}).text("ok").zeros(3).bytes({});
  EXPECT_EQ(bytes_of(w), (Bytes{0xde, 0xad, 'o', 'k', 0, 0, 0}));
}

TEST(ByteWriter, AppendingItsOwnBytesIsSafe) {
  ByteWriter w;
  w.text("abcd");
  // Each append may reallocate while reading from the old storage.
  for (int i = 0; i < 6; ++i) w.bytes(w.view());
  EXPECT_EQ(w.size(), 4U << 6U);
  EXPECT_EQ(rc::buf::as_text(w.view().first(12)), "abcdabcdabcd");
  w.bytes(w.view().subspan(1, 2));
  EXPECT_EQ(rc::buf::as_text(w.view().last(2)), "bc");
}

TEST(ByteWriter, ContinuesAnExistingBuffer) {
  ByteWriter w(Bytes{9, 9});
  w.u8(1);
  EXPECT_EQ(w.take(), (Bytes{9, 9, 1}));
  EXPECT_EQ(w.size(), 0U);
}

TEST(ByteWriter, ReservedFieldIsZeroUntilPatched) {
  ByteWriter w;
  w.u8(0xaa);
  auto field = w.reserve_u16();
  EXPECT_EQ(field.offset(), 1U);
  EXPECT_EQ(field.width(), 2U);
  w.u8(0xbb);
  EXPECT_EQ(bytes_of(w), (Bytes{0xaa, 0, 0, 0xbb}));
  ASSERT_TRUE(w.patch(field, 0x1234));
  EXPECT_EQ(bytes_of(w), (Bytes{0xaa, 0x12, 0x34, 0xbb}));
}

TEST(ByteWriter, PatchesEachWidth) {
  ByteWriter w;
  auto f8 = w.reserve_u8();
  auto f16 = w.reserve_u16();
  auto f32 = w.reserve_u32();
  ASSERT_TRUE(w.patch(f8, 0xff));
  ASSERT_TRUE(w.patch(f16, 0xffff));
  ASSERT_TRUE(w.patch(f32, 0xfffffffe));
  EXPECT_EQ(bytes_of(w), (Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe}));
}

TEST(ByteWriter, PatchRefusesValueThatDoesNotFitAndWritesNothing) {
  ByteWriter w;
  auto f8 = w.reserve_u8();
  auto f16 = w.reserve_u16();
  auto f32 = w.reserve_u32();
  auto r8 = w.patch(f8, 0x100);
  ASSERT_FALSE(r8);
  EXPECT_EQ(r8.error().message, "length 256 does not fit in a 8-bit field");
  auto r16 = w.patch(f16, 0x10000);
  ASSERT_FALSE(r16);
  EXPECT_EQ(r16.error().message, "length 65536 does not fit in a 16-bit field");
  EXPECT_FALSE(w.patch(f32, 0x100000000ULL));
  EXPECT_EQ(bytes_of(w), Bytes(7, 0));
}

TEST(ByteWriter, PatchRefusesFieldOutsideTheMessage) {
  ByteWriter big;
  big.zeros(8);
  auto far_field = big.reserve_u32();  // offset 8
  ByteWriter small;
  small.zeros(4);
  EXPECT_FALSE(small.patch(far_field, 1));
  ByteWriter just_short;
  just_short.zeros(10);  // field would need bytes 8..11
  EXPECT_FALSE(just_short.patch(far_field, 1));
  EXPECT_EQ(bytes_of(just_short), Bytes(10, 0));
  // A writer that was emptied by take() no longer holds the field.
  auto taken = big.take();
  EXPECT_FALSE(big.patch(far_field, 1));
}

TEST(ByteWriter, PatchLengthSinceCountsFromTheGivenOffset) {
  // An IKE-style payload: the length covers its own 4-byte header.
  ByteWriter w;
  w.u32(0xcafebabe);  // something before the payload
  const std::size_t start = w.size();
  w.u8(0x21).u8(0);
  auto length = w.reserve_u16();
  w.text("body!");
  ASSERT_TRUE(w.patch_length_since(length, start));
  ByteReader r(w.view());
  ASSERT_TRUE(r.skip(6));
  EXPECT_EQ(r.u16(), 9U);

  EXPECT_FALSE(w.patch_length_since(length, w.size() + 1));
  ASSERT_TRUE(w.patch_length_since(length, w.size()));  // empty span: length 0
  ByteReader r2(w.view());
  ASSERT_TRUE(r2.skip(6));
  EXPECT_EQ(r2.u16(), 0U);
}

TEST(ByteWriter, PatchLengthSinceRefusesOverflow) {
  ByteWriter w;
  const std::size_t start = w.size();
  auto length = w.reserve_u8();
  w.zeros(255);  // 256 bytes in all
  EXPECT_FALSE(w.patch_length_since(length, start));
  EXPECT_TRUE(w.patch_length_since(length, start + 1));
  EXPECT_EQ(w.view()[0], 255);
}

TEST(ByteWriter, RoundTripsThroughReader) {
  ByteWriter w(64);
  w.u8(7).u16(65535).u32(123456789).u64(0x8000000000000001ULL).u32_host(42).text("xy");
  const Bytes out = w.take();
  ByteReader r(out);
  EXPECT_EQ(r.u8(), 7);
  EXPECT_EQ(r.u16(), 65535);
  EXPECT_EQ(r.u32(), 123456789U);
  EXPECT_EQ(r.u64(), 0x8000000000000001ULL);
  EXPECT_EQ(r.u32_host(), 42U);
  auto text = r.bytes(2);
  ASSERT_TRUE(text);
  EXPECT_EQ(rc::buf::as_text(*text), "xy");
  EXPECT_TRUE(r.empty());
}

}  // namespace
