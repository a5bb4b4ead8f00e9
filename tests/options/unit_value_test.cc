#include "options/unit_value.h"

#include <gtest/gtest.h>

namespace {

using rc::options::parse_bytes;
using rc::options::parse_time;

TEST(ParseTime, UnitsAndInfinite) {
  EXPECT_EQ(*parse_time("30"), 30U);
  EXPECT_EQ(*parse_time("30 sec"), 30U);
  EXPECT_EQ(*parse_time("1 second"), 1U);
  EXPECT_EQ(*parse_time("5 mins"), 300U);
  EXPECT_EQ(*parse_time("8 hours"), 28800U);
  EXPECT_EQ(*parse_time("1 day"), 86400U);
  EXPECT_EQ(*parse_time("300 min"), 18000U);
  EXPECT_EQ(*parse_time("0x10 sec"), 16U);
  EXPECT_EQ(*parse_time("infinite"), 0U);
  EXPECT_EQ(*parse_time("  1\tsec "), 1U);
}

TEST(ParseTime, Rejects) {
  EXPECT_FALSE(parse_time(""));
  EXPECT_FALSE(parse_time("30sec"));  // the unit is a word of its own
  EXPECT_FALSE(parse_time("-1 sec"));
  EXPECT_FALSE(parse_time("1 fortnight"));
  EXPECT_FALSE(parse_time("1 KB"));
  EXPECT_FALSE(parse_time("99999999999999999999 day"));
  auto r = parse_time("1 week");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "unknown time unit 'week'");
}

TEST(ParseBytes, UnitsAreBinary) {
  EXPECT_EQ(*parse_bytes("16"), 16U);
  EXPECT_EQ(*parse_bytes("16 B"), 16U);
  EXPECT_EQ(*parse_bytes("2 bytes"), 2U);
  EXPECT_EQ(*parse_bytes("4 KB"), 4096U);
  EXPECT_EQ(*parse_bytes("1 MB"), 1048576U);
  EXPECT_EQ(*parse_bytes("1 GB"), 1073741824U);
  EXPECT_EQ(*parse_bytes("infinite"), 0U);
  EXPECT_FALSE(parse_bytes("1 kb"));  // unit words are case-sensitive
  EXPECT_FALSE(parse_bytes("1 sec"));
  auto r = parse_bytes("many");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "expected a byte count or infinite, got 'many'");
}

}  // namespace
