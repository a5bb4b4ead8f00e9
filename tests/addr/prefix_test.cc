#include "addr/prefix.h"
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::addr {
namespace {

using rc::addr::test_support::ip;

Prefix prefix(std::string_view text) {
  auto result = Prefix::parse(text);
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  return result ? *result : Prefix();
}

std::string parse_error(std::string_view text) {
  auto result = Prefix::parse(text);
  EXPECT_FALSE(result) << text << " parsed";
  return result ? std::string() : result.error().message;
}

TEST(PrefixTest, ClearsHostBits) {
  const Prefix p = prefix("10.1.2.3/8");
  EXPECT_EQ(p.address(), ip("10.0.0.0"));
  EXPECT_EQ(p.length(), 8U);
  EXPECT_EQ(p.to_string(), "10.0.0.0/8");
  EXPECT_EQ(p, prefix("10.0.0.0/8"));
  EXPECT_EQ(prefix("2001:db8:1:2::5/48").to_string(), "2001:db8:1::/48");
}

TEST(PrefixTest, BareAddressIsAHost) {
  const Prefix p = prefix("192.0.2.1");
  EXPECT_TRUE(p.is_host());
  EXPECT_EQ(p.length(), 32U);
  EXPECT_EQ(prefix("2001:db8::1").length(), 128U);
  EXPECT_EQ(Prefix::host(ip("2001:db8::1")), prefix("2001:db8::1/128"));
}

TEST(PrefixTest, ZeroLengthContainsTheWholeFamilyOnly) {
  const Prefix any4 = prefix("203.0.113.9/0");
  EXPECT_EQ(any4.to_string(), "0.0.0.0/0");
  EXPECT_TRUE(any4.contains(ip("0.0.0.0")));
  EXPECT_TRUE(any4.contains(ip("255.255.255.255")));
  EXPECT_FALSE(any4.contains(ip("::")));
  const Prefix any6 = prefix("::/0");
  EXPECT_TRUE(any6.contains(ip("2001:db8::1")));
  EXPECT_TRUE(any6.contains(ip("::ffff:10.0.0.1")));
  EXPECT_FALSE(any6.contains(ip("10.0.0.1")));
  EXPECT_EQ(Prefix(), any4);
}

TEST(PrefixTest, FullLengthContainsOnlyItself) {
  const Prefix host4 = prefix("192.0.2.1/32");
  EXPECT_TRUE(host4.contains(ip("192.0.2.1")));
  EXPECT_FALSE(host4.contains(ip("192.0.2.0")));
  EXPECT_FALSE(host4.contains(ip("192.0.2.2")));
  const Prefix host6 = prefix("2001:db8::1/128");
  EXPECT_TRUE(host6.contains(ip("2001:db8::1")));
  EXPECT_FALSE(host6.contains(ip("2001:db8::")));
  EXPECT_FALSE(host6.contains(ip("2001:db8::1:1")));
}

TEST(PrefixTest, ContainsAcrossPartialBytes) {
  const Prefix p = prefix("10.0.0.0/9");
  EXPECT_TRUE(p.contains(ip("10.0.0.0")));
  EXPECT_TRUE(p.contains(ip("10.127.255.255")));
  EXPECT_FALSE(p.contains(ip("10.128.0.0")));
  EXPECT_FALSE(p.contains(ip("11.0.0.0")));
  const Prefix p6 = prefix("2001:db8:8000::/33");
  EXPECT_TRUE(p6.contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(p6.contains(ip("2001:db8:7fff::1")));
}

TEST(PrefixTest, ScopeIsKeptButNotCompared) {
  const Prefix p = prefix("fe80::1%eth0/64");
  EXPECT_EQ(p.to_string(), "fe80::%eth0/64");
  EXPECT_TRUE(p.contains(ip("fe80::99%3")));
  EXPECT_TRUE(p.contains(ip("fe80::99")));
}

TEST(PrefixTest, ContainsPrefixes) {
  EXPECT_TRUE(prefix("10.0.0.0/8").contains(prefix("10.1.0.0/16")));
  EXPECT_TRUE(prefix("10.0.0.0/8").contains(prefix("10.0.0.0/8")));
  EXPECT_FALSE(prefix("10.1.0.0/16").contains(prefix("10.0.0.0/8")));
  EXPECT_FALSE(prefix("10.0.0.0/8").contains(prefix("11.0.0.0/16")));
  EXPECT_FALSE(prefix("::/0").contains(prefix("10.0.0.0/8")));
}

TEST(PrefixTest, RejectsOutOfRangeLengthsPerFamily) {
  EXPECT_EQ(parse_error("10.0.0.0/33"),
            "prefix length 33 is out of range for an IPv4 address (0..32)");
  EXPECT_EQ(parse_error("::/129"),
            "prefix length 129 is out of range for an IPv6 address (0..128)");
  EXPECT_EQ(parse_error("::/99999999999999999999999"),
            "prefix length 9999999999... is out of range for an IPv6 address (0..128)");
  auto made = Prefix::make(ip("10.0.0.0"), 40);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().message, "prefix length 40 is out of range for an IPv4 address (0..32)");
}

TEST(PrefixTest, RejectsMalformedLengths) {
  EXPECT_EQ(parse_error("10.0.0.0/"), "the prefix length after '/' is empty");
  EXPECT_EQ(parse_error("10.0.0.0/abc"), "the prefix length \"abc\" is not a number");
  EXPECT_EQ(parse_error("10.0.0.0/-1"), "the prefix length \"-1\" is not a number");
  EXPECT_EQ(parse_error("10.0.0.0/+8"), "the prefix length \"+8\" is not a number");
  EXPECT_EQ(parse_error("10.0.0.0/8/8"), "the prefix length \"8/8\" is not a number");
  EXPECT_EQ(parse_error("fe80::/64%eth0"), "the prefix length \"64%eth0\" is not a number");
  EXPECT_EQ(parse_error("/8"), "the address is empty");
}

TEST(PrefixTest, AcceptsLeadingZerosInTheLength) {
  EXPECT_EQ(prefix("10.0.0.0/08").length(), 8U);
}

TEST(PrefixTest, MatchesBits) {
  EXPECT_TRUE(prefix_match(ip("10.1.2.3"), ip("10.1.200.4"), 16));
  EXPECT_FALSE(prefix_match(ip("10.1.2.3"), ip("10.2.2.3"), 16));
  EXPECT_TRUE(prefix_match(ip("10.1.2.3"), ip("99.1.2.3"), 0));
  EXPECT_FALSE(prefix_match(ip("10.1.2.3"), ip("::ffff:10.1.2.3"), 0));
  EXPECT_TRUE(prefix_match(ip("10.1.2.3"), ip("10.1.2.3"), 500));
  EXPECT_FALSE(prefix_match(ip("10.1.2.3"), ip("10.1.2.2"), 500));
}

TEST(PrefixTest, ConvertsNetmasks) {
  EXPECT_EQ(netmask(Family::v4, 24), ip("255.255.255.0"));
  EXPECT_EQ(netmask(Family::v4, 0), ip("0.0.0.0"));
  EXPECT_EQ(netmask(Family::v4, 32), ip("255.255.255.255"));
  EXPECT_EQ(netmask(Family::v6, 64), ip("ffff:ffff:ffff:ffff::"));
  EXPECT_EQ(netmask_length(ip("255.255.255.0")), 24U);
  EXPECT_EQ(netmask_length(ip("255.255.128.0")), 17U);
  EXPECT_EQ(netmask_length(ip("ffff:ffff:ffff:ffff::")), 64U);
  EXPECT_EQ(netmask_length(ip("0.0.0.0")), 0U);
  EXPECT_FALSE(netmask_length(ip("255.0.255.0")).has_value());
}

TEST(PrefixTest, FormatsWithFmt) {
  EXPECT_EQ(fmt::format("[{}]", prefix("10.1.0.0/16")), "[10.1.0.0/16]");
  Prefix::TextBuffer buffer{};
  const Prefix longest = prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe%abcdefghijklmno/127");
  EXPECT_EQ(longest.format(buffer), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe%abcdefghijklmno/127");
}

}  // namespace
}  // namespace rc::addr
