#include "addr/expand.h"
#include "parse_helpers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rc::addr {
namespace {

using rc::addr::test_support::entry;
using rc::addr::test_support::ip;

using ::testing::ElementsAre;
using ::testing::IsEmpty;

InterfaceAddress on(std::string ifname, std::string_view address) {
  InterfaceAddress a;
  a.ifname = std::move(ifname);
  a.address = ip(address);
  a.up = true;
  return a;
}

InterfaceAddress loopback(std::string_view address) {
  InterfaceAddress a = on("lo", address);
  a.loopback = true;
  return a;
}

InterfaceAddress down(InterfaceAddress a) {
  a.up = false;
  return a;
}

// The texts of an expansion, for compact expectations.
std::vector<std::string> texts(const std::vector<Endpoint>& endpoints) {
  std::vector<std::string> out;
  out.reserve(endpoints.size());
  for (const auto& e : endpoints) out.push_back(fmt::format("{}", e));
  return out;
}

std::vector<std::string> expanded(std::string_view text, const InterfaceSource& source,
                                  std::uint16_t port = 0) {
  auto result = expand(entry(text, port), source);
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  return result ? texts(*result) : std::vector<std::string>{};
}

std::string expand_error(std::string_view text, const InterfaceSource& source) {
  auto result = expand(entry(text), source);
  EXPECT_FALSE(result) << text << " expanded";
  return result ? std::string() : result.error().message;
}

// A host with loopback, a dual-stack eth0 with an alias label, a down eth1
// and eth2 without addresses.
FixedInterfaceSource typical_host() {
  return FixedInterfaceSource(InterfaceSnapshot{
      {"eth2"},
      {loopback("127.0.0.1"), loopback("::1"), on("eth0", "192.0.2.10"), on("eth0", "2001:db8::10"),
       on("eth0", "fe80::10%2"), on("eth0:1", "198.51.100.7"), down(on("eth1", "203.0.113.5")),
       down(on("eth1", "2001:db8:1::5"))}});
}

TEST(ExpandTest, MyIpListsEveryAddressOfBothFamilies) {
  const auto source = typical_host();
  const std::vector<std::string> all = {
      "127.0.0.1[500]",  "::1[500]",          "192.0.2.10[500]",  "2001:db8::10[500]",
      "fe80::10%2[500]", "198.51.100.7[500]", "203.0.113.5[500]", "2001:db8:1::5[500]"};
  EXPECT_EQ(expanded("MY_IP", source, 500), all);
  // MY_HOA is MY_IP, as in the original.
  EXPECT_EQ(expanded("MY_HOA", source, 500), all);
}

TEST(ExpandTest, MyIpGivesHostPrefixes) {
  const auto source = typical_host();
  auto result = expand(entry("MY_IP"), source);
  ASSERT_TRUE(result);
  for (const auto& e : *result) {
    EXPECT_EQ(e.prefix_length, e.address.max_prefix_length()) << fmt::format("{}", e);
    EXPECT_TRUE(e.prefix().is_host());
  }
}

TEST(ExpandTest, MyIpv4ListsIpv4Only) {
  EXPECT_THAT(expanded("MY_IPV4", typical_host()),
              ElementsAre("127.0.0.1[0]", "192.0.2.10[0]", "198.51.100.7[0]", "203.0.113.5[0]"));
}

TEST(ExpandTest, MyIpv6ListsIpv6Only) {
  EXPECT_THAT(expanded("MY_IPV6", typical_host()),
              ElementsAre("::1[0]", "2001:db8::10[0]", "fe80::10%2[0]", "2001:db8:1::5[0]"));
}

TEST(ExpandTest, MyIpv6GlobalDropsLoopbackAndLinkLocal) {
  EXPECT_THAT(expanded("MY_IPV6_GLOBAL", typical_host()),
              ElementsAre("2001:db8::10[0]", "2001:db8:1::5[0]"));
}

TEST(ExpandTest, MyIpv6LinkLocalKeepsOnlyLinkLocalWithScope) {
  const auto source = typical_host();
  auto result = expand(entry("MY_IPV6_LINKLOCAL"), source);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->size(), 1U);
  EXPECT_EQ((*result)[0].address, ip("fe80::10%2"));
  EXPECT_EQ((*result)[0].address.scope_id(), 2U);
}

TEST(ExpandTest, LinkLocalWithoutScopeGetsItsInterfaceName) {
  const FixedInterfaceSource source({on("eth0", "fe80::1")});
  EXPECT_THAT(expanded("MY_IPV6_LINKLOCAL", source), ElementsAre("fe80::1%eth0[0]"));
}

// Each address MY_IPV6_GLOBAL must drop, alone on an interface: MY_IPV6
// keeps it, MY_IPV6_GLOBAL does not.
class GlobalFilterTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GlobalFilterTest, DropsTheAddress) {
  const FixedInterfaceSource source({on("eth0", GetParam()), on("eth0", "2001:db8::1")});
  EXPECT_EQ(expanded("MY_IPV6", source).size(), 2U);
  EXPECT_THAT(expanded("MY_IPV6_GLOBAL", source), ElementsAre("2001:db8::1[0]"));
}

INSTANTIATE_TEST_SUITE_P(EveryRule, GlobalFilterTest,
                         ::testing::Values("fe80::1",           // link-local
                                           "fec0::1",           // site-local
                                           "ff05::2",           // multicast
                                           "::1",               // loopback
                                           "::192.0.2.1",       // v4-compatible
                                           "::ffff:192.0.2.1",  // v4-mapped
                                           "::"));              // unspecified

TEST(ExpandTest, GlobalKeepsUniqueLocalAndDocumentationAddresses) {
  const FixedInterfaceSource source({on("eth0", "fd00::2"), on("eth0", "2001:db8::2")});
  EXPECT_THAT(expanded("MY_IPV6_GLOBAL", source), ElementsAre("fd00::2[0]", "2001:db8::2[0]"));
}

TEST(ExpandTest, InterfaceSuffixRestrictsToOneInterface) {
  const auto source = typical_host();
  // eth0 includes its alias label eth0:1.
  EXPECT_THAT(expanded("MY_IP%eth0", source),
              ElementsAre("192.0.2.10[0]", "2001:db8::10[0]", "fe80::10%2[0]", "198.51.100.7[0]"));
  EXPECT_THAT(expanded("MY_IPV4%eth0:1", source), ElementsAre("198.51.100.7[0]"));
  EXPECT_THAT(expanded("MY_IPV6%lo", source), ElementsAre("::1[0]"));
  EXPECT_THAT(expanded("MY_IPV6_GLOBAL%eth1", source), ElementsAre("2001:db8:1::5[0]"));
  EXPECT_THAT(expanded("MY_IPV6_LINKLOCAL%eth1", source), IsEmpty());
}

TEST(ExpandTest, KnownInterfaceWithoutAddressesIsEmpty) {
  EXPECT_THAT(expanded("MY_IP%eth2", typical_host()), IsEmpty());
}

TEST(ExpandTest, PrefixOfAnotherNameIsNotTheInterface) {
  const FixedInterfaceSource source({on("eth10", "192.0.2.1"), on("eth1", "192.0.2.2")});
  EXPECT_THAT(expanded("MY_IP%eth1", source), ElementsAre("192.0.2.2[0]"));
}

TEST(ExpandTest, UnknownInterfaceIsAnError) {
  EXPECT_EQ(expand_error("MY_IPV6%eth9", typical_host()),
            "MY_IPV6%eth9: this host has no interface named eth9");
}

struct AddressFlag {
  const char* name;
  bool InterfaceAddress::*flag;
  bool skipped;
};

class BsdFilterTest : public ::testing::TestWithParam<AddressFlag> {};

TEST_P(BsdFilterTest, AppliesToIpv6Only) {
  InterfaceAddress flagged6 = on("eth0", "2001:db8::bad");
  flagged6.*(GetParam().flag) = true;
  InterfaceAddress flagged4 = on("eth0", "192.0.2.99");
  flagged4.*(GetParam().flag) = true;
  const FixedInterfaceSource source({flagged6, flagged4, on("eth0", "2001:db8::1")});
  const std::vector<std::string> kept = expanded("MY_IP", source);
  if (GetParam().skipped) {
    EXPECT_THAT(kept, ElementsAre("192.0.2.99[0]", "2001:db8::1[0]")) << GetParam().name;
  } else {
    EXPECT_THAT(kept, ElementsAre("2001:db8::bad[0]", "192.0.2.99[0]", "2001:db8::1[0]"))
        << GetParam().name;
  }
  // Every MY_* macro applies the filter, not only MY_IP.
  EXPECT_EQ(expanded("MY_IPV6_GLOBAL", source).size(), GetParam().skipped ? 1U : 2U);
}

INSTANTIATE_TEST_SUITE_P(
    EveryFlag, BsdFilterTest,
    ::testing::Values(AddressFlag{"duplicated", &InterfaceAddress::duplicated, true},
                      AddressFlag{"detached", &InterfaceAddress::detached, true},
                      AddressFlag{"anycast", &InterfaceAddress::anycast, true},
                      AddressFlag{"tentative", &InterfaceAddress::tentative, false}),
    [](const ::testing::TestParamInfo<AddressFlag>& param_info) {
      return std::string(param_info.param.name);
    });

class WildcardTest : public ::testing::TestWithParam<const char*> {};

TEST_P(WildcardTest, ExpandsToBothUnspecifiedAddressesWithThePort) {
  const auto source = typical_host();
  auto result = expand(entry(GetParam(), 4500), source);
  ASSERT_TRUE(result);
  EXPECT_THAT(*result, ElementsAre(Endpoint{ip("::"), 0, 4500}, Endpoint{ip("0.0.0.0"), 0, 4500}));
  EXPECT_EQ(source.snapshot_count(), 0U) << "a wildcard needs no interface listing";
}

INSTANTIATE_TEST_SUITE_P(All, WildcardTest, ::testing::Values("IP_ANY", "IP_RW", "IP_UNSPECIFIED"));

TEST(ExpandTest, RwStaysVisibleAfterExpansion) {
  // Expansion cannot tell IP_RW from IP_ANY; the entry still can.
  const auto source = typical_host();
  auto rw = expand(entry("IP_RW"), source);
  auto any = expand(entry("IP_ANY"), source);
  ASSERT_TRUE(rw);
  ASSERT_TRUE(any);
  EXPECT_EQ(*rw, *any);
  EXPECT_TRUE(entry("IP_RW").is_rw());
}

TEST(ExpandTest, NumericEntriesExpandToThemselves) {
  const auto source = typical_host();
  auto result = expand(entry("10.1.2.3/8", 500), source);
  ASSERT_TRUE(result);
  EXPECT_THAT(*result, ElementsAre(Endpoint{ip("10.1.2.3"), 8, 500}));
  EXPECT_EQ((*result)[0].prefix(), *Prefix::parse("10.0.0.0/8"));
  EXPECT_EQ(source.snapshot_count(), 0U);
}

TEST(ExpandTest, HostNamesAreLeftToTheResolver) {
  EXPECT_EQ(expand_error("vpn.example.com", typical_host()),
            "the host name vpn.example.com has no addresses yet: names are resolved by spmd's "
            "resolver, not expanded like macros");
}

TEST(ExpandTest, UnixPathsAreNotAddresses) {
  auto path = AddrEntry::unix_socket("/run/racoon2/spmif");
  ASSERT_TRUE(path);
  auto result = expand(*path, typical_host());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "unix \"/run/racoon2/spmif\" is a UNIX socket path, not an IP address");
}

class FailingSource final : public InterfaceSource {
 public:
  [[nodiscard]] Result<InterfaceSnapshot> snapshot() const override {
    return fail(
        Error{EMFILE, "cannot list the interface addresses (getifaddrs): Too many open files"});
  }
};

TEST(ExpandTest, SourceFailuresPropagate) {
  const FailingSource source;
  auto result = expand(entry("MY_IP"), source);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, EMFILE);
  // Entries that need no listing still work.
  EXPECT_TRUE(expand(entry("IP_ANY"), source));
  EXPECT_TRUE(expand(entry("192.0.2.1"), source));
}

TEST(ExpandTest, ListsConcatenateInOrder) {
  const auto source = typical_host();
  const AddrList list = {entry("MY_IPV4%lo", 500), entry("2001:db8::99"), entry("IP_ANY")};
  auto result = expand(list, source);
  ASSERT_TRUE(result);
  EXPECT_THAT(texts(*result),
              ElementsAre("127.0.0.1[500]", "2001:db8::99[0]", "::/0[0]", "0.0.0.0/0[0]"));
  const AddrList with_name = {entry("MY_IPV4%lo"), entry("vpn.example.com")};
  EXPECT_FALSE(expand(with_name, source));
}

TEST(ExpandTest, EndpointPrefixClampsAnOversizedLength) {
  const Endpoint odd{ip("10.1.2.3"), 200, 0};
  EXPECT_EQ(odd.prefix(), Prefix::host(ip("10.1.2.3")));
}

}  // namespace
}  // namespace rc::addr
