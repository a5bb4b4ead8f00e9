#include "addr/names.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::addr {
namespace {

std::string dns_error(std::string_view name) {
  auto result = check_dns_name(name);
  EXPECT_FALSE(result) << name << " accepted";
  return result ? std::string() : result.error().message;
}

std::string ifname_error(std::string_view name) {
  auto result = check_interface_name(name);
  EXPECT_FALSE(result) << name << " accepted";
  return result ? std::string() : result.error().message;
}

std::string labels(std::size_t count, std::size_t length) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0) out += '.';
    out += std::string(length, 'a');
  }
  return out;
}

TEST(DnsNameTest, AcceptsHostNames) {
  for (const char* name : {"example.com", "example.com.", "a", "A-1.b_2.example",
                           "_sip._udp.example.org", "xn--bcher-kva.example", "1.2.3.4a"}) {
    EXPECT_TRUE(check_dns_name(name)) << name;
  }
  EXPECT_TRUE(check_dns_name(std::string(63, 'x') + ".example"));
  // 4 labels of 62 + 3 dots = 251, plus ".a" = 253.
  EXPECT_TRUE(check_dns_name(labels(4, 62) + ".a"));
  EXPECT_TRUE(check_dns_name(labels(4, 62) + ".a."));
}

TEST(DnsNameTest, RejectsWithExactMessages) {
  EXPECT_EQ(dns_error(""), "the host name is empty");
  EXPECT_EQ(dns_error("."), "\".\" is not a host name: it has no labels");
  EXPECT_EQ(dns_error("a..b"),
            "the host name \"a..b\" has an empty label (two dots in a row, or a leading dot)");
  EXPECT_EQ(dns_error(".a"),
            "the host name \".a\" has an empty label (two dots in a row, or a leading dot)");
  EXPECT_EQ(dns_error("a.."),
            "the host name \"a..\" has an empty label (two dots in a row, or a leading dot)");
  EXPECT_EQ(dns_error(std::string(64, 'x') + ".example"),
            "the label \"" + std::string(64, 'x') + "\" of the host name \"" +
                std::string(64, 'x') + "...\" is longer than 63 characters");
  EXPECT_EQ(dns_error(labels(4, 62) + ".ab"),
            "the host name \"" + labels(4, 62).substr(0, 64) +
                "...\" is 254 characters long; a DNS name can have at most 253");
  EXPECT_EQ(dns_error("exa mple.com"),
            "the host name \"exa mple.com\" contains the character \" \"; only letters, digits, "
            "'-', '_' and dots between labels are allowed");
  EXPECT_EQ(dns_error("host!.com"),
            "the host name \"host!.com\" contains the character \"!\"; only letters, digits, "
            "'-', '_' and dots between labels are allowed");
  EXPECT_EQ(dns_error("-bad.example"),
            "the label \"-bad\" of the host name \"-bad.example\" starts or ends with '-', which "
            "DNS does not allow");
  EXPECT_EQ(dns_error("bad-.example"),
            "the label \"bad-\" of the host name \"bad-.example\" starts or ends with '-', which "
            "DNS does not allow");
  EXPECT_EQ(dns_error("caf\xc3\xa9.example"),
            "the host name \"caf\\xc3\\xa9.example\" contains the character \"\\xc3\"; only "
            "letters, digits, '-', '_' and dots between labels are allowed");
}

TEST(InterfaceNameTest, AcceptsLinuxAndBsdNames) {
  for (const char* name :
       {"eth0", "eth0:1", "br-lan", "wlp3s0", "fxp0", "veth.peer", "a", "abcdefghijklmno"}) {
    EXPECT_TRUE(check_interface_name(name)) << name;
  }
}

TEST(InterfaceNameTest, RejectsWithExactMessages) {
  EXPECT_EQ(ifname_error(""), "the interface name is empty");
  EXPECT_EQ(ifname_error("abcdefghijklmnop"),
            "the interface name \"abcdefghijklmnop\" is longer than 15 characters");
  EXPECT_EQ(ifname_error("."), "\".\" is not a valid interface name");
  EXPECT_EQ(ifname_error(".."), "\"..\" is not a valid interface name");
  EXPECT_EQ(ifname_error("a/b"),
            "the interface name \"a/b\" contains the character \"/\", which is not allowed");
  EXPECT_EQ(ifname_error("a%b"),
            "the interface name \"a%b\" contains the character \"%\", which is not allowed");
  EXPECT_EQ(ifname_error("a\tb"),
            "the interface name \"a\\x09b\" contains the character \"\\x09\", which is not "
            "allowed");
}

TEST(QuotedTest, EscapesAndShortens) {
  EXPECT_EQ(quote_text("plain"), "\"plain\"");
  EXPECT_EQ(quote_text("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quote_text(std::string_view("\0\x7f", 2)), "\"\\x00\\x7f\"");
  EXPECT_EQ(quote_text(std::string(70, 'z')), "\"" + std::string(64, 'z') + "...\"");
}

}  // namespace
}  // namespace rc::addr
