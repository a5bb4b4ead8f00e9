// Runs against this machine's real interfaces: only what every Linux host
// with a loopback interface has is asserted.
#include "addr/system_interfaces.h"

#include <net/if.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "addr/expand.h"
#include "parse_helpers.h"

namespace rc::addr {
namespace {

using rc::addr::test_support::entry;
using rc::addr::test_support::ip;

using ::testing::Contains;
using ::testing::Each;
using ::testing::Field;

bool has_address(const InterfaceSnapshot& snapshot, std::string_view ifname,
                 const IpAddress& address) {
  return std::any_of(
      snapshot.addresses.begin(), snapshot.addresses.end(),
      [&](const InterfaceAddress& a) { return a.ifname == ifname && a.address == address; });
}

TEST(SystemInterfacesTest, FindsLoopback) {
  const SystemInterfaceSource source;
  auto snapshot = source.snapshot();
  ASSERT_TRUE(snapshot) << snapshot.error().message;
  EXPECT_TRUE(snapshot->has_interface("lo"));
  auto lo = std::find_if(snapshot->addresses.begin(), snapshot->addresses.end(),
                         [](const InterfaceAddress& a) { return a.address == ip("127.0.0.1"); });
  ASSERT_NE(lo, snapshot->addresses.end());
  EXPECT_EQ(lo->ifname, "lo");
  EXPECT_TRUE(lo->loopback);
  EXPECT_TRUE(lo->up);
  // Linux cannot report the BSD address states.
  EXPECT_FALSE(lo->duplicated || lo->detached || lo->anycast || lo->tentative);
}

TEST(SystemInterfacesTest, MyIpv4IncludesLoopback) {
  const SystemInterfaceSource source;
  auto result = expand(entry("MY_IPV4"), source);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(*result, Contains(Endpoint{ip("127.0.0.1"), 32, 0}));
  EXPECT_THAT(*result,
              Each(Field(&Endpoint::address, ::testing::Property(&IpAddress::is_v4, true))));
}

TEST(SystemInterfacesTest, MyIpv6IncludesLoopbackWhenTheHostHasIt) {
  const SystemInterfaceSource source;
  auto snapshot = source.snapshot();
  ASSERT_TRUE(snapshot);
  if (!has_address(*snapshot, "lo", ip("::1"))) {
    GTEST_SKIP() << "IPv6 is disabled on lo here";
  }
  auto result = expand(entry("MY_IPV6%lo"), source);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(*result, Contains(Endpoint{ip("::1"), 128, 0}));
}

TEST(SystemInterfacesTest, InterfaceSuffixKeepsOnlyThatInterface) {
  const SystemInterfaceSource source;
  auto result = expand(entry("MY_IP%lo"), source);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_FALSE(result->empty());
  for (const auto& e : *result) EXPECT_TRUE(e.address.is_loopback()) << fmt::format("{}", e);
}

TEST(SystemInterfacesTest, UnknownInterfaceIsAnError) {
  const SystemInterfaceSource source;
  auto result = expand(entry("MY_IP%nosuchif0"), source);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "MY_IP%nosuchif0: this host has no interface named nosuchif0");
}

TEST(SystemInterfacesTest, LinkLocalAddressesCarryTheirScope) {
  const SystemInterfaceSource source;
  auto snapshot = source.snapshot();
  ASSERT_TRUE(snapshot);
  std::size_t seen = 0;
  for (const auto& a : snapshot->addresses) {
    if (!a.address.is_v6() || !a.address.is_link_local()) continue;
    ++seen;
    EXPECT_EQ(a.address.scope_id(), if_nametoindex(a.ifname.c_str())) << a.ifname;
    EXPECT_EQ(a.address.scope_name(), a.ifname);
  }
  if (seen == 0) GTEST_SKIP() << "no IPv6 link-local address on this host";
}

}  // namespace
}  // namespace rc::addr
