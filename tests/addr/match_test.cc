#include "addr/expand.h"
#include "parse_helpers.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::addr {
namespace {

using rc::addr::test_support::entry;
using rc::addr::test_support::ip;

InterfaceAddress on(std::string ifname, std::string_view address) {
  InterfaceAddress a;
  a.ifname = std::move(ifname);
  a.address = ip(address);
  a.up = true;
  return a;
}

class MatchTest : public ::testing::Test {
 protected:
  bool matches(std::string_view pattern, std::string_view address) {
    auto result = match(entry(pattern), ip(address), source_);
    EXPECT_TRUE(result) << pattern << ": " << result.error().message;
    return result && *result;
  }

  FixedInterfaceSource source_{std::vector<InterfaceAddress>{
      on("lo", "127.0.0.1"), on("eth0", "192.0.2.10"), on("eth0", "2001:db8::10"),
      on("eth0", "fe80::10%2"), on("eth1", "198.51.100.1")}};
};

TEST_F(MatchTest, NumericEntriesMatchByPrefix) {
  EXPECT_TRUE(matches("10.0.0.0/8", "10.200.1.2"));
  EXPECT_FALSE(matches("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(matches("10.1.2.3/8", "10.9.9.9"));  // host bits in the pattern do not matter
  EXPECT_TRUE(matches("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_FALSE(matches("2001:db8::/32", "2001:db9::1"));
  EXPECT_FALSE(matches("10.0.0.0/8", "::ffff:10.0.0.1"));  // families must agree
}

TEST_F(MatchTest, HostEntriesMatchExactly) {
  // The original's rcs_matchaddr skipped /32 and /128 entries, so a peer
  // configured by its plain address never matched; here it does.
  EXPECT_TRUE(matches("192.0.2.1", "192.0.2.1"));
  EXPECT_FALSE(matches("192.0.2.1", "192.0.2.2"));
  EXPECT_TRUE(matches("2001:db8::1", "2001:db8::1"));
  EXPECT_FALSE(matches("2001:db8::1", "2001:db8::2"));
}

TEST_F(MatchTest, UnspecifiedAddressMatchesItsWholeFamily) {
  EXPECT_TRUE(matches("0.0.0.0", "203.0.113.9"));
  EXPECT_TRUE(matches("0.0.0.0/32", "203.0.113.9"));
  EXPECT_FALSE(matches("0.0.0.0", "2001:db8::1"));
  EXPECT_TRUE(matches("::", "2001:db8::1"));
  EXPECT_FALSE(matches("::", "192.0.2.1"));
  EXPECT_TRUE(matches("10.0.0.0/0", "192.0.2.1"));
}

TEST_F(MatchTest, WildcardMacrosMatchEverything) {
  for (const char* wildcard : {"IP_ANY", "IP_RW", "IP_UNSPECIFIED"}) {
    EXPECT_TRUE(matches(wildcard, "192.0.2.77")) << wildcard;
    EXPECT_TRUE(matches(wildcard, "2001:db8::77")) << wildcard;
  }
}

TEST_F(MatchTest, InterfaceMacrosMatchThisHostsAddresses) {
  EXPECT_TRUE(matches("MY_IP", "192.0.2.10"));
  EXPECT_TRUE(matches("MY_IP", "127.0.0.1"));
  EXPECT_FALSE(matches("MY_IP", "192.0.2.11"));
  EXPECT_TRUE(matches("MY_IPV4", "198.51.100.1"));
  EXPECT_FALSE(matches("MY_IPV4", "2001:db8::10"));
  EXPECT_TRUE(matches("MY_IPV6_GLOBAL", "2001:db8::10"));
  EXPECT_FALSE(matches("MY_IPV6_GLOBAL", "fe80::10"));
  EXPECT_TRUE(matches("MY_IPV4%eth1", "198.51.100.1"));
  EXPECT_FALSE(matches("MY_IPV4%eth1", "192.0.2.10"));
}

TEST_F(MatchTest, ScopeFormDoesNotMatter) {
  // The kernel reports an index, the config names the interface.
  EXPECT_TRUE(matches("MY_IPV6_LINKLOCAL", "fe80::10"));
  EXPECT_TRUE(matches("MY_IPV6_LINKLOCAL", "fe80::10%eth0"));
  EXPECT_TRUE(matches("fe80::10%eth0", "fe80::10%2"));
}

TEST_F(MatchTest, NamesAndPathsNeverMatch) {
  EXPECT_FALSE(matches("vpn.example.com", "192.0.2.10"));
  auto path = AddrEntry::unix_socket("/run/spmif");
  ASSERT_TRUE(path);
  auto result = match(*path, ip("192.0.2.10"), source_);
  ASSERT_TRUE(result);
  EXPECT_FALSE(*result);
  EXPECT_EQ(source_.snapshot_count(), 0U);
}

TEST_F(MatchTest, UnknownInterfaceIsAnError) {
  auto result = match(entry("MY_IP%eth9"), ip("192.0.2.10"), source_);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "MY_IP%eth9: this host has no interface named eth9");
}

TEST_F(MatchTest, ListsMatchWhenAnyEntryDoes) {
  const AddrList peers = {entry("vpn.example.com"), entry("10.0.0.0/8"), entry("MY_IPV4%eth1")};
  auto hit = match(peers, ip("198.51.100.1"), source_);
  ASSERT_TRUE(hit);
  EXPECT_TRUE(*hit);
  auto miss = match(peers, ip("203.0.113.1"), source_);
  ASSERT_TRUE(miss);
  EXPECT_FALSE(*miss);
  const AddrList broken = {entry("MY_IP%eth9")};
  EXPECT_FALSE(match(broken, ip("203.0.113.1"), source_));
}

}  // namespace
}  // namespace rc::addr
