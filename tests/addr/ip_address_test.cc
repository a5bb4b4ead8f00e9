#include "addr/ip_address.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::addr {
namespace {

IpAddress parsed(std::string_view text) {
  auto result = IpAddress::parse(text);
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  return result ? *result : IpAddress();
}

std::string parse_error(std::string_view text) {
  auto result = IpAddress::parse(text);
  EXPECT_FALSE(result) << text << " parsed";
  return result ? std::string() : result.error().message;
}

TEST(IpAddressTest, DefaultIsIpv4Unspecified) {
  const IpAddress a;
  EXPECT_TRUE(a.is_v4());
  EXPECT_TRUE(a.is_unspecified());
  EXPECT_EQ(a.to_string(), "0.0.0.0");
}

TEST(IpAddressTest, ParsesIpv4) {
  const IpAddress a = parsed("192.0.2.1");
  EXPECT_EQ(a.family(), Family::v4);
  EXPECT_EQ(a.af(), AF_INET);
  ASSERT_EQ(a.bytes().size(), 4U);
  EXPECT_EQ(a.bytes()[0], 192);
  EXPECT_EQ(a.bytes()[3], 1);
  EXPECT_EQ(a.max_prefix_length(), 32U);
  EXPECT_EQ(a, IpAddress::v4(0xc0000201));
  EXPECT_EQ(a.to_string(), "192.0.2.1");
}

TEST(IpAddressTest, ParsesIpv6AndPrintsCanonically) {
  const IpAddress a = parsed("2001:0DB8:0:0::1");
  EXPECT_EQ(a.family(), Family::v6);
  EXPECT_EQ(a.af(), AF_INET6);
  EXPECT_EQ(a.bytes().size(), 16U);
  EXPECT_EQ(a.max_prefix_length(), 128U);
  EXPECT_EQ(a.to_string(), "2001:db8::1");
  EXPECT_FALSE(a.has_scope());
}

TEST(IpAddressTest, ParsesEmbeddedIpv4InIpv6) {
  const IpAddress a = parsed("::ffff:192.0.2.1");
  EXPECT_TRUE(a.is_v6());
  EXPECT_EQ(a.to_string(), "::ffff:192.0.2.1");
  EXPECT_EQ(a.unmapped(), parsed("192.0.2.1"));
  EXPECT_EQ(parsed("2001:db8::1").unmapped(), parsed("2001:db8::1"));
}

TEST(IpAddressTest, KeepsScopeNameWithoutLookingItUp) {
  // The interface does not exist; parsing must not care.
  const IpAddress a = parsed("fe80::1%nosuchif0");
  EXPECT_EQ(a.scope_name(), "nosuchif0");
  EXPECT_EQ(a.scope_id(), 0U);
  EXPECT_TRUE(a.has_scope());
  EXPECT_EQ(a.to_string(), "fe80::1%nosuchif0");
  EXPECT_EQ(a.without_scope().to_string(), "fe80::1");
}

TEST(IpAddressTest, NumericScopeIsAnIndex) {
  const IpAddress a = parsed("fe80::1%7");
  EXPECT_EQ(a.scope_id(), 7U);
  EXPECT_TRUE(a.scope_name().empty());
  EXPECT_EQ(a.to_string(), "fe80::1%7");
  EXPECT_EQ(parsed("fe80::1%4294967295").scope_id(), 4294967295U);
  // %0 is "no scope".
  EXPECT_FALSE(parsed("fe80::1%0").has_scope());
}

TEST(IpAddressTest, NamePrintsWhenBothScopeFormsAreSet) {
  auto a = parsed("fe80::1").with_scope_id(3).with_scope_name("eth0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->scope_id(), 3U);
  EXPECT_EQ(a->to_string(), "fe80::1%eth0");
}

TEST(IpAddressTest, ScopesAreIgnoredForIpv4Setters) {
  EXPECT_EQ(parsed("192.0.2.1").with_scope_id(3).scope_id(), 0U);
  auto named = parsed("192.0.2.1").with_scope_name("eth0");
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().message, "the IPv4 address 192.0.2.1 cannot have a scope (\"eth0\")");
}

TEST(IpAddressTest, RejectsBadTextWithExactMessages) {
  EXPECT_EQ(parse_error(""), "the address is empty");
  EXPECT_EQ(parse_error("2001:db8::zz"), "\"2001:db8::zz\" is not a valid IPv6 address");
  EXPECT_EQ(parse_error("1.2.3.256"),
            "\"1.2.3.256\" is not a valid IPv4 address (expected four numbers 0..255 "
            "separated by dots)");
  EXPECT_EQ(parse_error("10.1"),
            "\"10.1\" is not a valid IPv4 address (expected four numbers 0..255 separated by "
            "dots)");
  EXPECT_EQ(parse_error("host.example"), "\"host.example\" is not a numeric IPv4 or IPv6 address");
  EXPECT_EQ(parse_error("10.0.0.1%eth0"),
            "\"10.0.0.1%eth0\": only an IPv6 address can have a scope (the part after '%')");
  EXPECT_EQ(parse_error("fe80::1%"), "the scope after '%' in \"fe80::1%\" is empty");
  EXPECT_EQ(parse_error("fe80::1%4294967296"),
            "the scope id 4294967296 in \"fe80::1%4294967296\" is out of range (0..4294967295)");
  EXPECT_EQ(parse_error("fe80::1%averyveryverylongname"),
            "the interface name \"averyveryverylongname\" is longer than 15 characters");
  EXPECT_EQ(parse_error("fe80::1%e th0"),
            "the interface name \"e th0\" contains the character \" \", which is not allowed");
  EXPECT_EQ(parse_error(" 10.0.0.1"), "\" 10.0.0.1\" is not a numeric IPv4 or IPv6 address");
  EXPECT_EQ(parse_error("10.0.0.0/8"), "\"10.0.0.0/8\" is not a numeric IPv4 or IPv6 address");
  // Longer than any IPv6 text: must not overflow the inet_pton buffer.
  EXPECT_EQ(parse_error(std::string(100, ':')),
            "\"" + std::string(64, ':') + "...\" is not a valid IPv6 address");
}

TEST(IpAddressTest, ControlBytesInErrorsAreEscaped) {
  EXPECT_EQ(parse_error(std::string_view("1\n2\0", 4)),
            "\"1\\x0a2\\x00\" is not a numeric IPv4 or IPv6 address");
}

struct Classification {
  const char* text;
  bool unspecified, loopback, link_local, site_local, multicast, v4_mapped, v4_compat;
};

class IpAddressClassificationTest : public ::testing::TestWithParam<Classification> {};

TEST_P(IpAddressClassificationTest, Classifies) {
  const Classification& c = GetParam();
  const IpAddress a = parsed(c.text);
  EXPECT_EQ(a.is_unspecified(), c.unspecified) << c.text;
  EXPECT_EQ(a.is_loopback(), c.loopback) << c.text;
  EXPECT_EQ(a.is_link_local(), c.link_local) << c.text;
  EXPECT_EQ(a.is_site_local(), c.site_local) << c.text;
  EXPECT_EQ(a.is_multicast(), c.multicast) << c.text;
  EXPECT_EQ(a.is_v4_mapped(), c.v4_mapped) << c.text;
  EXPECT_EQ(a.is_v4_compat(), c.v4_compat) << c.text;
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(All, IpAddressClassificationTest, ::testing::Values(
    //              text                 unspec loop   link   site   mcast  mapped compat
    Classification{"0.0.0.0",            true,  false, false, false, false, false, false},
    Classification{"127.0.0.1",          false, true,  false, false, false, false, false},
    Classification{"127.255.0.9",        false, true,  false, false, false, false, false},
    Classification{"169.254.3.4",        false, false, true,  false, false, false, false},
    Classification{"224.0.0.1",          false, false, false, false, true,  false, false},
    Classification{"239.255.255.255",    false, false, false, false, true,  false, false},
    Classification{"192.0.2.1",          false, false, false, false, false, false, false},
    Classification{"::",                 true,  false, false, false, false, false, false},
    Classification{"::1",                false, true,  false, false, false, false, false},
    Classification{"fe80::1",            false, false, true,  false, false, false, false},
    Classification{"febf:ffff::1",       false, false, true,  false, false, false, false},
    Classification{"fec0::1",            false, false, false, true,  false, false, false},
    Classification{"feff::1",            false, false, false, true,  false, false, false},
    Classification{"ff02::1",            false, false, false, false, true,  false, false},
    Classification{"::ffff:192.0.2.1",   false, false, false, false, false, true,  false},
    Classification{"::192.0.2.1",        false, false, false, false, false, false, true},
    Classification{"::2",                false, false, false, false, false, false, true},
    Classification{"2001:db8::1",        false, false, false, false, false, false, false},
    Classification{"fd00::1",            false, false, false, false, false, false, false}));
// clang-format on

TEST(IpAddressTest, OrdersIpv4BeforeIpv6AndByBytes) {
  EXPECT_LT(parsed("255.255.255.255"), parsed("::"));
  EXPECT_LT(parsed("10.0.0.1"), parsed("10.0.0.2"));
  EXPECT_LT(parsed("2001:db8::1"), parsed("2001:db8::2"));
  EXPECT_EQ(parsed("2001:db8::1"), parsed("2001:DB8:0::1"));
}

TEST(IpAddressTest, ScopeTakesPartInEquality) {
  EXPECT_NE(parsed("fe80::1%eth0"), parsed("fe80::1%eth1"));
  EXPECT_NE(parsed("fe80::1%eth0"), parsed("fe80::1"));
  EXPECT_NE(parsed("fe80::1%2"), parsed("fe80::1%3"));
}

TEST(IpAddressTest, MasksHostBits) {
  EXPECT_EQ(parsed("10.1.2.3").masked(8), parsed("10.0.0.0"));
  EXPECT_EQ(parsed("10.255.2.3").masked(9), parsed("10.128.0.0"));
  EXPECT_EQ(parsed("10.1.2.3").masked(0), parsed("0.0.0.0"));
  EXPECT_EQ(parsed("10.1.2.3").masked(32), parsed("10.1.2.3"));
  EXPECT_EQ(parsed("10.1.2.3").masked(99), parsed("10.1.2.3"));
  EXPECT_EQ(parsed("2001:db8:ffff::1").masked(36), parsed("2001:db8:f000::"));
  EXPECT_EQ(parsed("fe80::1%eth0").masked(64), parsed("fe80::%eth0"));
}

TEST(IpAddressTest, ConvertsFromAndToInAddr) {
  const IpAddress v4 = parsed("198.51.100.7");
  EXPECT_EQ(IpAddress::from_in_addr(v4.to_in_addr()), v4);
  const IpAddress v6 = parsed("2001:db8::7");
  EXPECT_EQ(IpAddress::from_in6_addr(v6.to_in6_addr()), v6);
  EXPECT_EQ(IpAddress::from_in6_addr(v6.to_in6_addr(), 4).scope_id(), 4U);
  EXPECT_EQ(IpAddress::unspecified(Family::v6).to_string(), "::");
}

TEST(IpAddressTest, FormatsWithFmtIntoAFixedBuffer) {
  EXPECT_EQ(fmt::format("peer {} here", parsed("fe80::1%eth0")), "peer fe80::1%eth0 here");
  // The longest possible text fits the buffer.
  const IpAddress longest = parsed("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe%abcdefghijklmno");
  IpAddress::TextBuffer buffer{};
  EXPECT_EQ(longest.format(buffer), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe%abcdefghijklmno");
  EXPECT_EQ(parsed("fe80::1%4294967295").format(buffer), "fe80::1%4294967295");
}

TEST(IpAddressTest, NamesFamilies) {
  EXPECT_EQ(family_name(Family::v4), "IPv4");
  EXPECT_EQ(family_name(Family::v6), "IPv6");
  EXPECT_EQ(max_prefix_length(Family::v4), 32U);
  EXPECT_EQ(max_prefix_length(Family::v6), 128U);
}

}  // namespace
}  // namespace rc::addr
