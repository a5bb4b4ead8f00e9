#include "buf/byte_reader.h"

#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "buf/bytes.h"

namespace {

using rc::buf::ByteReader;
using rc::buf::Bytes;

const Bytes kSample{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

TEST(ByteReader, ReadsBigEndian) {
  ByteReader r(kSample);
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.u16(), 0x0203);
  EXPECT_EQ(r.u32(), 0x04050607U);
  EXPECT_EQ(r.offset(), 7U);
  EXPECT_EQ(r.remaining(), 2U);
  ByteReader r64(kSample);
  EXPECT_EQ(r64.u64(), 0x0102030405060708ULL);
  EXPECT_EQ(r64.u8(), 0x09);
  EXPECT_TRUE(r64.empty());
}

TEST(ByteReader, ReadsHighBitsWithoutSignExtension) {
  const Bytes ff(8, 0xff);
  ByteReader r(ff);
  EXPECT_EQ(r.u16(), 0xffffU);
  EXPECT_EQ(r.u16(), 0xffffU);
  EXPECT_EQ(r.u32(), 0xffffffffU);
  ByteReader r64(ff);
  EXPECT_EQ(r64.u64(), ~0ULL);
}

TEST(ByteReader, ReadsHostOrder) {
  const std::uint32_t value = 0x11223344;
  Bytes raw(sizeof value);
  std::memcpy(raw.data(), &value, sizeof value);
  ByteReader r(raw);
  EXPECT_EQ(r.u32_host(), value);

  const std::uint16_t v16 = 0xabcd;
  const std::uint64_t v64 = 0x0102030405060708ULL;
  Bytes raw2(sizeof v16 + sizeof v64);
  std::memcpy(raw2.data(), &v16, sizeof v16);
  std::memcpy(raw2.data() + sizeof v16, &v64, sizeof v64);  // unaligned on purpose
  ByteReader r2(raw2);
  EXPECT_EQ(r2.u16_host(), v16);
  EXPECT_EQ(r2.u64_host(), v64);
  EXPECT_TRUE(r2.empty());
}

TEST(ByteReader, EmptyInputRefusesEveryRead) {
  ByteReader r{std::span<const std::uint8_t>{}};
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.u8());
  EXPECT_FALSE(r.u16());
  EXPECT_FALSE(r.u32());
  EXPECT_FALSE(r.u64());
  EXPECT_FALSE(r.u16_host());
  EXPECT_FALSE(r.u32_host());
  EXPECT_FALSE(r.u64_host());
  EXPECT_FALSE(r.peek_u8());
  EXPECT_FALSE(r.bytes(1));
  EXPECT_FALSE(r.sub(1));
  EXPECT_FALSE(r.skip(1));
  // Zero-length reads of nothing succeed.
  ASSERT_TRUE(r.bytes(0));
  EXPECT_TRUE(r.bytes(0)->empty());
  ASSERT_TRUE(r.sub(0));
  EXPECT_TRUE(r.sub(0)->empty());
  EXPECT_TRUE(r.skip(0));
  EXPECT_TRUE(r.take_rest().empty());
  EXPECT_EQ(r.offset(), 0U);
}

TEST(ByteReader, DefaultConstructedIsEmpty) {
  ByteReader r;
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.u8());
}

// For each width: exactly enough bytes succeeds and reaches the end; one
// byte short fails and leaves the cursor where it was.
template <class Read>
void check_width(std::size_t width, Read read) {
  SCOPED_TRACE(width);
  const Bytes exact(width, 0xa5);
  ByteReader at_end(exact);
  EXPECT_TRUE(read(at_end));
  EXPECT_TRUE(at_end.empty());
  EXPECT_EQ(at_end.offset(), width);

  const Bytes short_by_one(width - 1, 0xa5);
  ByteReader r(short_by_one);
  EXPECT_FALSE(read(r));
  EXPECT_EQ(r.offset(), 0U);
  EXPECT_EQ(r.remaining(), width - 1);

  // The same after a partial read: one byte consumed, then one short.
  Bytes offset_by_one(width, 0x5a);
  ByteReader r2(offset_by_one);
  ASSERT_TRUE(r2.u8());
  EXPECT_FALSE(read(r2));
  EXPECT_EQ(r2.offset(), 1U);
}

TEST(ByteReader, ExactEndAndOneByteShort) {
  check_width(1, [](ByteReader& r) { return r.u8().has_value(); });
  check_width(2, [](ByteReader& r) { return r.u16().has_value(); });
  check_width(4, [](ByteReader& r) { return r.u32().has_value(); });
  check_width(8, [](ByteReader& r) { return r.u64().has_value(); });
  check_width(2, [](ByteReader& r) { return r.u16_host().has_value(); });
  check_width(4, [](ByteReader& r) { return r.u32_host().has_value(); });
  check_width(8, [](ByteReader& r) { return r.u64_host().has_value(); });
  check_width(5, [](ByteReader& r) { return r.bytes(5).has_value(); });
  check_width(5, [](ByteReader& r) { return r.sub(5).has_value(); });
  check_width(5, [](ByteReader& r) { return r.skip(5); });
}

TEST(ByteReader, BytesIsAViewIntoTheInput) {
  ByteReader r(kSample);
  ASSERT_TRUE(r.skip(2));
  auto view = r.bytes(3);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->data(), kSample.data() + 2);
  EXPECT_EQ(Bytes(view->begin(), view->end()), (Bytes{3, 4, 5}));
}

TEST(ByteReader, HugeLengthDoesNotWrapAround) {
  ByteReader r(kSample);
  ASSERT_TRUE(r.u8());
  EXPECT_FALSE(r.bytes(SIZE_MAX));
  EXPECT_FALSE(r.skip(SIZE_MAX));
  EXPECT_FALSE(r.sub(SIZE_MAX));
  EXPECT_FALSE(r.bytes(SIZE_MAX - 1));
  EXPECT_EQ(r.offset(), 1U);
}

TEST(ByteReader, SubReaderCannotReadPastItsLength) {
  // A payload: 2-byte length 3, three body bytes, then the next payload.
  const Bytes message{0x00, 0x03, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
  ByteReader r(message);
  auto length = r.u16();
  ASSERT_TRUE(length);
  auto body = r.sub(*length);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->remaining(), 3U);
  EXPECT_EQ(body->u16(), 0xaabbU);
  EXPECT_FALSE(body->u16());  // only 0xcc left in the sub reader
  EXPECT_EQ(body->u8(), 0xcc);
  EXPECT_FALSE(body->u8());
  // The outer reader continued after the body.
  EXPECT_EQ(r.offset(), 5U);
  EXPECT_EQ(r.u16(), 0xddeeU);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReader, SubReaderOffsetsStartAtZero) {
  ByteReader r(kSample);
  ASSERT_TRUE(r.skip(4));
  auto inner = r.sub(2);
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->offset(), 0U);
  EXPECT_EQ(inner->u8(), 0x05);
  EXPECT_EQ(inner->offset(), 1U);
}

TEST(ByteReader, PeekDoesNotConsume) {
  ByteReader r(kSample);
  EXPECT_EQ(r.peek_u8(), 0x01);
  EXPECT_EQ(r.peek_u8(), 0x01);
  EXPECT_EQ(r.offset(), 0U);
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.peek_u8(), 0x02);
}

TEST(ByteReader, RestAndTakeRest) {
  ByteReader r(kSample);
  ASSERT_TRUE(r.skip(6));
  EXPECT_EQ(Bytes(r.rest().begin(), r.rest().end()), (Bytes{7, 8, 9}));
  EXPECT_EQ(r.remaining(), 3U);  // rest() consumed nothing
  auto taken = r.take_rest();
  EXPECT_EQ(taken.size(), 3U);
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.offset(), kSample.size());
  EXPECT_TRUE(r.take_rest().empty());
}

// Random operation sequences against a trivially correct model: the reader
// must agree on every value and every refusal, and never read out of bounds
// (ASan builds check the latter).
TEST(ByteReader, AgreesWithModelOnRandomOperations) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 2000; ++round) {
    Bytes data(rng() % 24);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    ByteReader r(data);
    std::size_t pos = 0;
    for (int step = 0; step < 16; ++step) {
      const std::size_t left = data.size() - pos;
      const auto op = rng() % 5;
      const std::size_t width = op == 0 ? 1 : op == 1 ? 2 : op == 2 ? 4 : op == 3 ? 8 : rng() % 10;
      std::uint64_t expected = 0;
      for (std::size_t i = 0; i < width && pos + i < data.size(); ++i) {
        expected = (expected << 8U) | data[pos + i];
      }
      bool got_value = false;
      std::uint64_t got = 0;
      switch (op) {
        case 0:
          if (auto v = r.u8()) {
            got_value = true;
            got = *v;
          }
          break;
        case 1:
          if (auto v = r.u16()) {
            got_value = true;
            got = *v;
          }
          break;
        case 2:
          if (auto v = r.u32()) {
            got_value = true;
            got = *v;
          }
          break;
        case 3:
          if (auto v = r.u64()) {
            got_value = true;
            got = *v;
          }
          break;
        default:
          if (auto v = r.bytes(width)) {
            got_value = true;
            ASSERT_EQ(v->data(), data.data() + pos);
            got = expected;
          }
          break;
      }
      ASSERT_EQ(got_value, width <= left) << "round " << round << " step " << step;
      if (got_value) {
        ASSERT_EQ(got, expected);
        pos += width;
      }
      ASSERT_EQ(r.offset(), pos);
      ASSERT_EQ(r.remaining(), data.size() - pos);
    }
  }
}

}  // namespace
