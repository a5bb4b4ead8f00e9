#include "addr/socket_address.h"
#include "parse_helpers.h"

#include <arpa/inet.h>
#include <net/if.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace rc::addr {
namespace {

using rc::addr::test_support::ip;

TEST(SocketAddressTest, BuildsSockaddrIn) {
  auto sa = SocketAddress::make(ip("192.0.2.1"), 500);
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->af(), AF_INET);
  ASSERT_EQ(sa->length(), sizeof(sockaddr_in));
  sockaddr_in sin{};
  std::memcpy(&sin, sa->get(), sizeof(sin));
  EXPECT_EQ(sin.sin_family, AF_INET);
  EXPECT_EQ(ntohs(sin.sin_port), 500);
  EXPECT_EQ(ntohl(sin.sin_addr.s_addr), 0xc0000201U);
  EXPECT_EQ(sa->address(), ip("192.0.2.1"));
  EXPECT_EQ(sa->port(), 500);
}

TEST(SocketAddressTest, BuildsSockaddrIn6WithNumericScope) {
  auto sa = SocketAddress::make(ip("fe80::1%9"), 4500);
  ASSERT_TRUE(sa);
  ASSERT_EQ(sa->length(), sizeof(sockaddr_in6));
  sockaddr_in6 sin6{};
  std::memcpy(&sin6, sa->get(), sizeof(sin6));
  EXPECT_EQ(sin6.sin6_family, AF_INET6);
  EXPECT_EQ(ntohs(sin6.sin6_port), 4500);
  EXPECT_EQ(sin6.sin6_scope_id, 9U);
  EXPECT_EQ(sa->address(), ip("fe80::1%9"));
  EXPECT_EQ(sa->port(), 4500);
}

TEST(SocketAddressTest, ResolvesScopeNameWhenConverting) {
  const unsigned lo = if_nametoindex("lo");
  ASSERT_NE(lo, 0U) << "this test needs the loopback interface";
  auto sa = SocketAddress::make(ip("fe80::1%lo"));
  ASSERT_TRUE(sa) << sa.error().message;
  EXPECT_EQ(sa->address().scope_id(), lo);
}

TEST(SocketAddressTest, ReportsAMissingScopeInterface) {
  auto sa = SocketAddress::make(ip("fe80::1%nosuchif0"));
  ASSERT_FALSE(sa);
  EXPECT_EQ(sa.error().message,
            "cannot use the address fe80::1%nosuchif0: there is no interface named nosuchif0 "
            "for its scope");
  EXPECT_NE(sa.error().code, 0);
}

TEST(SocketAddressTest, IndexWinsOverName) {
  auto named = ip("fe80::1").with_scope_id(12345).with_scope_name("nosuchif0");
  ASSERT_TRUE(named);
  auto sa = SocketAddress::make(*named);
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->address().scope_id(), 12345U);
}

TEST(SocketAddressTest, ReadsRawSockaddrs) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(500);
  ASSERT_EQ(inet_pton(AF_INET6, "2001:db8::5", &sin6.sin6_addr), 1);
  sockaddr_storage storage{};
  std::memcpy(&storage, &sin6, sizeof(sin6));
  const auto* raw = reinterpret_cast<const sockaddr*>(&storage);
  auto sa = SocketAddress::from_sockaddr(raw, sizeof(storage));
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->length(), sizeof(sockaddr_in6));
  EXPECT_EQ(sa->address(), ip("2001:db8::5"));
  EXPECT_EQ(sa->port(), 500);
  EXPECT_EQ(fmt::format("{}", *sa), "2001:db8::5[500]");
  auto from_storage = SocketAddress::from_storage(storage, sizeof(storage));
  ASSERT_TRUE(from_storage);
  EXPECT_EQ(from_storage->address(), ip("2001:db8::5"));
  EXPECT_EQ(from_storage->storage().ss_family, AF_INET6);
}

TEST(SocketAddressTest, RejectsShortOrForeignSockaddrs) {
  sockaddr_storage storage{};
  storage.ss_family = AF_INET6;
  const auto* raw = reinterpret_cast<const sockaddr*>(&storage);
  auto short_v6 = SocketAddress::from_sockaddr(raw, sizeof(sockaddr_in));
  ASSERT_FALSE(short_v6);
  EXPECT_EQ(short_v6.error().message,
            "the IPv6 socket address is 16 bytes long, shorter than the 28 bytes it needs");
  storage.ss_family = AF_UNIX;
  auto unix_sa = SocketAddress::from_sockaddr(raw, sizeof(storage));
  ASSERT_FALSE(unix_sa);
  EXPECT_EQ(unix_sa.error().message, "socket address family 1 is neither IPv4 nor IPv6");
  EXPECT_FALSE(SocketAddress::from_sockaddr(raw, 1));
  EXPECT_FALSE(SocketAddress::from_sockaddr(nullptr, sizeof(storage)));
}

TEST(SocketAddressTest, FormatsLikeTheOriginalLogs) {
  auto sa = SocketAddress::make(ip("192.0.2.1"), 500);
  ASSERT_TRUE(sa);
  EXPECT_EQ(fmt::format("{}", *sa), "192.0.2.1[500]");
}

}  // namespace
}  // namespace rc::addr
