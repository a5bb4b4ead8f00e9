#include "buf/scratch_ring.h"

#include <cstring>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace {

using Ring = rc::buf::ScratchRing<4, 16>;

TEST(ScratchRing, HandsOutCountDistinctBuffersThenRepeats) {
  std::set<char*> seen;
  char* first = Ring::next().data();
  seen.insert(first);
  for (std::size_t i = 1; i < Ring::kCount; ++i) seen.insert(Ring::next().data());
  EXPECT_EQ(seen.size(), Ring::kCount);
  EXPECT_EQ(Ring::next().data(), first);  // the (Count+1)th call reuses the first
}

TEST(ScratchRing, BufferKeepsItsTextUntilCountMoreCalls) {
  auto kept = Ring::next();
  std::strcpy(kept.data(), "kept");
  for (std::size_t i = 1; i < Ring::kCount; ++i) {
    std::strcpy(Ring::next().data(), "other");
    EXPECT_STREQ(kept.data(), "kept");
  }
  // The Count-th further call hands the same buffer out again.
  EXPECT_EQ(Ring::next().data(), kept.data());
}

TEST(ScratchRing, BuffersHaveTheStatedSize) {
  auto buffer = Ring::next();
  EXPECT_EQ(buffer.size(), 16U);
  static_assert(decltype(buffer)::extent == 16);
}

TEST(ScratchRing, EachThreadHasItsOwnRing) {
  char* mine = Ring::next().data();
  char* theirs = nullptr;
  std::thread other([&] { theirs = Ring::next().data(); });
  other.join();
  ASSERT_NE(theirs, nullptr);
  EXPECT_NE(mine, theirs);
}

TEST(ScratchRing, DifferentRingTypesDoNotShareBuffers) {
  using Other = rc::buf::ScratchRing<4, 32>;
  EXPECT_NE(static_cast<void*>(Ring::next().data()), static_cast<void*>(Other::next().data()));
}

TEST(ScratchFormat, FormatsANulTerminatedString) {
  const char* text = rc::buf::scratch_format<Ring>("{}:{}", "10.0.0.1", 500);
  EXPECT_STREQ(text, "10.0.0.1:500");
}

TEST(ScratchFormat, TruncatesToSizeMinusOne) {
  const char* text = rc::buf::scratch_format<Ring>("{}", std::string(40, 'x'));
  EXPECT_EQ(std::strlen(text), 15U);
  EXPECT_EQ(std::string(text), std::string(15, 'x'));
  const char* exact = rc::buf::scratch_format<Ring>("{}", std::string(15, 'y'));
  EXPECT_EQ(std::string(exact), std::string(15, 'y'));
}

TEST(ScratchFormat, SeveralResultsUsableInOneExpression) {
  // The point of the ring: two formatted addresses in one log call.
  const char* a = rc::buf::scratch_format<Ring>("a{}", 1);
  const char* b = rc::buf::scratch_format<Ring>("b{}", 2);
  EXPECT_EQ(std::string(a) + "->" + b, "a1->b2");
}

TEST(ScratchFormat, DefaultRingFitsAnIPv6AddressWithPort) {
  const char* text = rc::buf::scratch_format(
      "[{}%{}]:{}", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "eth0", 65535);
  EXPECT_STREQ(text, "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%eth0]:65535");
}

}  // namespace
