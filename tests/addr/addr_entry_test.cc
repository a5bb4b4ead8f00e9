#include "addr/addr_entry.h"
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rc::addr {
namespace {

using rc::addr::test_support::entry;
using rc::addr::test_support::ip;

std::string parse_error(std::string_view text) {
  auto result = parse_address(text);
  EXPECT_FALSE(result) << text << " parsed as " << result->to_string();
  return result ? std::string() : result.error().message;
}

TEST(AddrTypeTest, KeepsTheOriginalRctNumbers) {
  EXPECT_EQ(static_cast<unsigned>(AddrType::inet), 0x1000U);
  EXPECT_EQ(static_cast<unsigned>(AddrType::fqdn), 0x2000U);
  EXPECT_EQ(static_cast<unsigned>(AddrType::macro), 0x4000U);
  EXPECT_EQ(static_cast<unsigned>(AddrType::file), 0x8000U);
}

TEST(ParseAddressTest, LiteralWithoutPrefixGetsTheHostPrefix) {
  const AddrEntry v4 = entry("192.0.2.1");
  EXPECT_EQ(v4.type(), AddrType::inet);
  ASSERT_NE(v4.as_inet(), nullptr);
  EXPECT_EQ(v4.as_inet()->address, ip("192.0.2.1"));
  EXPECT_EQ(v4.as_inet()->prefix_length, 32);
  const AddrEntry v6 = entry("2001:db8::1");
  ASSERT_NE(v6.as_inet(), nullptr);
  EXPECT_EQ(v6.as_inet()->prefix_length, 128);
  EXPECT_EQ(v6.as_fqdn(), nullptr);
  EXPECT_EQ(v6.as_macro(), nullptr);
  EXPECT_EQ(v6.as_file(), nullptr);
}

TEST(ParseAddressTest, KeepsHostBitsAsWritten) {
  const AddrEntry e = entry("10.1.2.3/8");
  ASSERT_NE(e.as_inet(), nullptr);
  EXPECT_EQ(e.as_inet()->address, ip("10.1.2.3"));
  EXPECT_EQ(e.as_inet()->prefix_length, 8);
  EXPECT_EQ(e.to_string(), "10.1.2.3/8");
}

TEST(ParseAddressTest, PrefixEdgeCases) {
  EXPECT_EQ(entry("0.0.0.0/0").as_inet()->prefix_length, 0);
  EXPECT_EQ(entry("::/0").as_inet()->prefix_length, 0);
  EXPECT_EQ(entry("192.0.2.1/32").as_inet()->prefix_length, 32);
  EXPECT_EQ(entry("2001:db8::1/128").as_inet()->prefix_length, 128);
  EXPECT_EQ(parse_error("192.0.2.1/33"),
            "prefix length 33 is out of range for an IPv4 address (0..32)");
  EXPECT_EQ(parse_error("2001:db8::/129"),
            "prefix length 129 is out of range for an IPv6 address (0..128)");
  EXPECT_EQ(parse_error("192.0.2.0/"), "the prefix length after '/' is empty");
  EXPECT_EQ(parse_error("192.0.2.0/x"), "the prefix length \"x\" is not a number");
}

TEST(ParseAddressTest, KeepsTheScope) {
  const AddrEntry e = entry("fe80::1%eth0");
  ASSERT_NE(e.as_inet(), nullptr);
  EXPECT_EQ(e.as_inet()->address.scope_name(), "eth0");
  EXPECT_EQ(e.to_string(), "fe80::1%eth0");
  const AddrEntry with_prefix = entry("fe80::1%eth0/64");
  EXPECT_EQ(with_prefix.as_inet()->address.scope_name(), "eth0");
  EXPECT_EQ(with_prefix.as_inet()->prefix_length, 64);
  EXPECT_EQ(entry("fe80::1%3").as_inet()->address.scope_id(), 3U);
}

TEST(ParseAddressTest, RejectsBadNumbersInsteadOfTakingThemForNames) {
  EXPECT_EQ(parse_error("10.0.0.256"),
            "\"10.0.0.256\" is not a valid IPv4 address (expected four numbers 0..255 "
            "separated by dots)");
  EXPECT_EQ(parse_error("10.1"),
            "\"10.1\" is not a valid IPv4 address (expected four numbers 0..255 separated by "
            "dots)");
  EXPECT_EQ(parse_error("2001:db8::g"), "\"2001:db8::g\" is not a valid IPv6 address");
  EXPECT_EQ(parse_error("10.0.0.1%eth0"),
            "\"10.0.0.1%eth0\": only an IPv6 address can have a scope (the part after '%')");
}

TEST(ParseAddressTest, RejectsMissingAddress) {
  EXPECT_EQ(parse_error(""), "the address is empty");
  EXPECT_EQ(parse_error("/24"), "\"/24\" has no address in front of the '/'");
  EXPECT_EQ(parse_error("%eth0"), "\"%eth0\" has no address in front of the '%'");
}

struct MacroCase {
  const char* text;
  Macro macro;
};

class ParseMacroTest : public ::testing::TestWithParam<MacroCase> {};

TEST_P(ParseMacroTest, ParsesEveryMacroName) {
  const MacroCase& c = GetParam();
  const AddrEntry e = entry(c.text, 500);
  EXPECT_EQ(e.type(), AddrType::macro);
  ASSERT_NE(e.as_macro(), nullptr);
  EXPECT_EQ(e.as_macro()->macro, c.macro);
  EXPECT_TRUE(e.as_macro()->ifname.empty());
  EXPECT_EQ(e.port(), 500);
  EXPECT_EQ(e.to_string(), c.text);
  EXPECT_EQ(macro_name(c.macro), c.text);
  EXPECT_EQ(macro_from_name(c.text), c.macro);
}

INSTANTIATE_TEST_SUITE_P(All, ParseMacroTest,
                         ::testing::Values(MacroCase{"MY_IP", Macro::my_ip},
                                           MacroCase{"MY_IPV4", Macro::my_ipv4},
                                           MacroCase{"MY_IPV6", Macro::my_ipv6},
                                           MacroCase{"MY_IPV6_GLOBAL", Macro::my_ipv6_global},
                                           MacroCase{"MY_IPV6_LINKLOCAL", Macro::my_ipv6_linklocal},
                                           MacroCase{"MY_HOA", Macro::my_hoa},
                                           MacroCase{"IP_ANY", Macro::ip_any},
                                           MacroCase{"IP_RW", Macro::ip_rw},
                                           MacroCase{"IP_UNSPECIFIED", Macro::ip_unspecified}));

TEST(ParseAddressTest, InterfaceMacrosTakeAnInterface) {
  for (const char* name :
       {"MY_IP", "MY_IPV4", "MY_IPV6", "MY_IPV6_GLOBAL", "MY_IPV6_LINKLOCAL", "MY_HOA"}) {
    const std::string text = std::string(name) + "%eth0:1";
    const AddrEntry e = entry(text);
    ASSERT_NE(e.as_macro(), nullptr) << text;
    EXPECT_EQ(e.as_macro()->ifname, "eth0:1");
    EXPECT_EQ(e.to_string(), text);
  }
}

TEST(ParseAddressTest, WildcardMacrosRejectAnInterface) {
  EXPECT_EQ(parse_error("IP_ANY%eth0"),
            "\"IP_ANY%eth0\": only the MY_* macros can be limited to one interface; IP_ANY "
            "stands for every address");
  EXPECT_EQ(parse_error("IP_RW%eth0"),
            "\"IP_RW%eth0\": only the MY_* macros can be limited to one interface; IP_RW stands "
            "for every address");
  EXPECT_EQ(parse_error("IP_UNSPECIFIED%eth0"),
            "\"IP_UNSPECIFIED%eth0\": only the MY_* macros can be limited to one interface; "
            "IP_UNSPECIFIED stands for every address");
}

TEST(ParseAddressTest, RejectsBadMacroSuffixes) {
  EXPECT_EQ(parse_error("MY_IP%"), "the interface name after '%' in \"MY_IP%\" is empty");
  EXPECT_EQ(parse_error("MY_IPV6%abcdefghijklmnop"),
            "the interface name \"abcdefghijklmnop\" is longer than 15 characters");
  EXPECT_EQ(parse_error("MY_IP/24"),
            "\"MY_IP/24\": a prefix length cannot follow the macro MY_IP, which stands for "
            "whole addresses");
  EXPECT_EQ(parse_error("IP_ANY/0"),
            "\"IP_ANY/0\": a prefix length cannot follow the macro IP_ANY, which stands for "
            "whole addresses");
}

TEST(ParseAddressTest, MacrosAreCaseSensitiveLikeTheOriginal) {
  const AddrEntry e = entry("my_ip");
  EXPECT_EQ(e.type(), AddrType::fqdn);
  EXPECT_FALSE(macro_from_name("Ip_Any").has_value());
}

TEST(ParseAddressTest, OtherTextIsAHostName) {
  const AddrEntry e = entry("vpn.example.com.", 4500);
  EXPECT_EQ(e.type(), AddrType::fqdn);
  ASSERT_NE(e.as_fqdn(), nullptr);
  EXPECT_EQ(e.as_fqdn()->name, "vpn.example.com.");
  EXPECT_EQ(e.port(), 4500);
  EXPECT_EQ(e.to_string(), "vpn.example.com.");
  EXPECT_EQ(entry("1.2.3.4a").type(), AddrType::fqdn);
}

TEST(ParseAddressTest, RejectsBadHostNames) {
  EXPECT_EQ(parse_error("vpn.example.com%eth0"),
            "\"vpn.example.com%eth0\": '%' can only follow an IPv6 address or a MY_* macro, not "
            "the host name \"vpn.example.com\"");
  EXPECT_EQ(parse_error("vpn.example.com/24"),
            "\"vpn.example.com/24\": a prefix length can only follow a numeric address, not the "
            "host name \"vpn.example.com\"");
  EXPECT_EQ(parse_error("vpn..example.com"),
            "the host name \"vpn..example.com\" has an empty label (two dots in a row, or a "
            "leading dot)");
  EXPECT_EQ(parse_error("vpn*.example.com"),
            "the host name \"vpn*.example.com\" contains the character \"*\"; only letters, "
            "digits, '-', '_' and dots between labels are allowed");
}

TEST(AddrEntryTest, TellsRwFromAny) {
  const AddrEntry rw = entry("IP_RW");
  const AddrEntry any = entry("IP_ANY");
  const AddrEntry unspecified = entry("IP_UNSPECIFIED");
  EXPECT_TRUE(rw.is_rw());
  EXPECT_FALSE(rw.is_any());
  EXPECT_TRUE(any.is_any());
  EXPECT_FALSE(any.is_rw());
  EXPECT_FALSE(unspecified.is_rw());
  EXPECT_FALSE(unspecified.is_any());
  for (const auto& wildcard : {rw, any, unspecified}) EXPECT_TRUE(wildcard.is_wildcard());
  EXPECT_FALSE(entry("MY_IP").is_wildcard());
  EXPECT_FALSE(entry("0.0.0.0").is_wildcard());
  EXPECT_NE(rw, any);
  EXPECT_TRUE(is_interface_macro(Macro::my_hoa));
  EXPECT_FALSE(is_interface_macro(Macro::ip_rw));
}

TEST(AddrEntryTest, FactoriesCheckTheirArguments) {
  auto too_long = AddrEntry::inet(ip("10.0.0.0"), 33);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().message,
            "prefix length 33 is out of range for an IPv4 address (0..32)");
  auto ok = AddrEntry::inet(ip("2001:db8::"), 32, 500);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->to_string(), "2001:db8::/32");
  EXPECT_EQ(ok->port(), 500);
  EXPECT_FALSE(AddrEntry::fqdn("bad name"));
  EXPECT_FALSE(AddrEntry::macro(Macro::ip_any, "eth0"));
  auto macro = AddrEntry::macro(Macro::my_ipv6, "eth0", 500);
  ASSERT_TRUE(macro);
  EXPECT_EQ(macro->to_string(), "MY_IPV6%eth0");
}

TEST(AddrEntryTest, UnixSocketPaths) {
  auto spmif = AddrEntry::unix_socket("/var/run/racoon2/spmif");
  ASSERT_TRUE(spmif);
  EXPECT_EQ(spmif->type(), AddrType::file);
  ASSERT_NE(spmif->as_file(), nullptr);
  EXPECT_EQ(spmif->as_file()->path, "/var/run/racoon2/spmif");
  EXPECT_EQ(spmif->to_string(), "unix \"/var/run/racoon2/spmif\"");
  EXPECT_EQ(fmt::format("{}", *spmif), "unix \"/var/run/racoon2/spmif\"");

  auto empty = AddrEntry::unix_socket("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "the UNIX socket path is empty");
  EXPECT_TRUE(AddrEntry::unix_socket(std::string(107, 'p')));
  auto too_long = AddrEntry::unix_socket(std::string(108, 'p'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().message,
            "the UNIX socket path \"" + std::string(64, 'p') +
                "...\" is 108 bytes long; a socket address holds at most 107");
  auto nul = AddrEntry::unix_socket(std::string_view("/a\0b", 4));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().message, "the UNIX socket path \"/a\\x00b\" contains a NUL byte");
}

TEST(AddrEntryTest, PortIsSeparateFromTheText) {
  AddrEntry e = entry("MY_IP");
  EXPECT_EQ(e.port(), 0);
  e.set_port(4500);
  EXPECT_EQ(e.port(), 4500);
  EXPECT_EQ(e.to_string(), "MY_IP");
  EXPECT_NE(e, entry("MY_IP"));
  EXPECT_EQ(e, entry("MY_IP", 4500));
}

TEST(AddrEntryTest, TextRoundTrips) {
  for (const char* text :
       {"192.0.2.1", "10.0.0.0/8", "10.1.2.3/8", "0.0.0.0/0", "::/0", "2001:db8::/32",
        "fe80::1%eth0", "fe80::1%eth0/64", "fe80::1%7", "::ffff:192.0.2.1", "MY_IPV6%eth0", "IP_RW",
        "example.com", "example.com."}) {
    const AddrEntry first = entry(text);
    EXPECT_EQ(first.to_string(), text);
    EXPECT_EQ(entry(first.to_string()), first) << text;
    EXPECT_EQ(fmt::format("{}", first), text);
  }
  // A host prefix is implied, so it is not printed.
  EXPECT_EQ(entry("192.0.2.1/32").to_string(), "192.0.2.1");
  EXPECT_EQ(entry("2001:DB8::1/128").to_string(), "2001:db8::1");
}

}  // namespace
}  // namespace rc::addr
