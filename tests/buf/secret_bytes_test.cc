#include "buf/secret_bytes.h"

#include <algorithm>
#include <span>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "buf/bytes.h"

namespace {

using rc::buf::Bytes;
using rc::buf::SecretBytes;

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);
// Only reveal() leads to the bytes: no implicit view, no implicit construction.
static_assert(!std::is_convertible_v<SecretBytes, std::span<const std::uint8_t>>);
static_assert(!std::is_convertible_v<const SecretBytes&, std::span<const std::uint8_t>>);
static_assert(!std::is_convertible_v<Bytes, SecretBytes>);
static_assert(!std::equality_comparable<SecretBytes>);

// What the wipe observer saw: each freed buffer's size and whether it was
// all zero when the observer was called.
struct Wiped {
  std::size_t size;
  bool all_zero;
};
std::vector<Wiped> g_wiped;

void record_wipe(std::span<const std::uint8_t> wiped) {
  g_wiped.push_back({wiped.size(), std::all_of(wiped.begin(), wiped.end(),
                                               [](std::uint8_t b) { return b == 0; })});
}

class SecretBytesWipe : public ::testing::Test {
 protected:
  void SetUp() override {
    g_wiped.clear();
    rc::buf::testing::set_wipe_observer(record_wipe);
  }
  void TearDown() override { rc::buf::testing::set_wipe_observer(nullptr); }
};

const Bytes kKey{0x11, 0x22, 0x33, 0x44, 0x55};

TEST(SecretBytes, CopiesFromASpan) {
  SecretBytes s(kKey);
  EXPECT_EQ(s.size(), 5U);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(Bytes(s.reveal().begin(), s.reveal().end()), kKey);
  EXPECT_NE(s.reveal().data(), kKey.data());
}

TEST(SecretBytes, DefaultIsEmpty) {
  SecretBytes s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0U);
  EXPECT_TRUE(s.reveal().empty());
}

TEST(SecretBytes, ZerosIsWritable) {
  SecretBytes s = SecretBytes::zeros(4);
  EXPECT_EQ(Bytes(s.reveal().begin(), s.reveal().end()), Bytes(4, 0));
  s.reveal_writable()[2] = 0x7f;
  EXPECT_EQ(s.reveal()[2], 0x7f);
  EXPECT_TRUE(SecretBytes::zeros(0).empty());
}

TEST(SecretBytes, MoveLeavesSourceEmpty) {
  SecretBytes a(kKey);
  const std::uint8_t* storage = a.reveal().data();
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the state after a move is the point
  EXPECT_EQ(b.reveal().data(), storage);
  SecretBytes c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.reveal().data(), storage);
}

TEST(SecretBytes, CloneIsAnIndependentCopy) {
  SecretBytes a(kKey);
  SecretBytes b = a.clone();
  EXPECT_NE(a.reveal().data(), b.reveal().data());
  EXPECT_TRUE(equal(a, b));
  b.reveal_writable()[0] ^= 1U;
  EXPECT_FALSE(equal(a, b));
  EXPECT_EQ(a.reveal()[0], 0x11);
}

TEST(SecretBytes, EqualIsByContentAndLength) {
  EXPECT_TRUE(equal(SecretBytes(kKey), SecretBytes(kKey)));
  Bytes other = kKey;
  other.back() ^= 0x80U;
  EXPECT_FALSE(equal(SecretBytes(kKey), SecretBytes(other)));
  EXPECT_FALSE(equal(SecretBytes(kKey), SecretBytes(std::span(kKey).first(4))));
  EXPECT_TRUE(equal(SecretBytes(), SecretBytes()));
  EXPECT_FALSE(equal(SecretBytes(), SecretBytes(kKey)));
}

TEST(SecretBytes, RandomHasTheAskedSizeAndVaries) {
  auto a = SecretBytes::random(32);
  auto b = SecretBytes::random(32);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->size(), 32U);
  // Two 256-bit draws colliding means the generator is broken.
  EXPECT_FALSE(equal(*a, *b));
  EXPECT_FALSE(
      std::all_of(a->reveal().begin(), a->reveal().end(), [](std::uint8_t x) { return x == 0; }));
  auto none = SecretBytes::random(0);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SecretBytesWipe, WipedBeforeFreeOnDestruction) {
  { SecretBytes s(kKey); }
  ASSERT_EQ(g_wiped.size(), 1U);
  EXPECT_EQ(g_wiped[0].size, kKey.size());
  EXPECT_TRUE(g_wiped[0].all_zero);
}

TEST_F(SecretBytesWipe, OldValueWipedOnReassignment) {
  SecretBytes s(kKey);
  s = SecretBytes(Bytes{1, 2});
  ASSERT_EQ(g_wiped.size(), 1U);  // the old 5-byte value; the moved-from temporary held nothing
  EXPECT_EQ(g_wiped[0].size, 5U);
  EXPECT_TRUE(g_wiped[0].all_zero);
  EXPECT_EQ(s.size(), 2U);
}

TEST_F(SecretBytesWipe, ClearWipesAtOnce) {
  SecretBytes s(kKey);
  s.clear();
  EXPECT_TRUE(s.empty());
  ASSERT_EQ(g_wiped.size(), 1U);
  EXPECT_TRUE(g_wiped[0].all_zero);
  s.clear();  // idempotent: nothing left to wipe
  EXPECT_EQ(g_wiped.size(), 1U);
}

TEST_F(SecretBytesWipe, MovedFromObjectFreesNothing) {
  {
    SecretBytes a(kKey);
    SecretBytes b(std::move(a));
  }
  EXPECT_EQ(g_wiped.size(), 1U);  // one buffer, wiped once
}

TEST_F(SecretBytesWipe, CloneAndRandomAreWipedToo) {
  {
    SecretBytes a(kKey);
    SecretBytes b = a.clone();
    auto r = SecretBytes::random(16);
    ASSERT_TRUE(r);
  }
  ASSERT_EQ(g_wiped.size(), 3U);
  for (const Wiped& w : g_wiped) EXPECT_TRUE(w.all_zero);
}

}  // namespace
