// Selector <-> the ADDRESS_SRC / ADDRESS_DST pair: round trips, bytes
// written out from RFC 2367 §2.3.3 (sadb_address + sockaddr_in), and the
// pairs that do not make one selector.
#include <gtest/gtest.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "pfkey_testing.h"
#include "support/kernel_testing.h"

namespace rc::kernel::pfkey {
namespace {

using rc::testing::ip;
using rc::testing::prefix;
using testing::bytes_of;
using testing::parsed;

std::vector<std::uint8_t> with_selector(const Selector& selector) {
  MessageBuilder builder(Header{SADB_X_SPDADD, 0, SADB_SATYPE_UNSPEC, 1, 0});
  if (!add_selector(builder, selector)) throw std::runtime_error("add_selector failed");
  return bytes_of(std::move(builder).finish());
}

Result<Selector> back(const std::vector<std::uint8_t>& bytes) {
  return read_selector(parsed(bytes));
}

TEST(PfkeySelector, RoundTrips) {
  Selector udp;
  udp.src = prefix("10.0.0.0/8");
  udp.dst = prefix("192.0.2.0/24");
  udp.protocol = IPPROTO_UDP;
  udp.src_port = 4500;
  udp.dst_port = 500;
  Selector any6;
  any6.src = prefix("2001:db8::/32");
  any6.dst = prefix("2001:db8:1::1");
  Selector icmp;  // type 8 (echo request) in sport, code 0 in dport
  icmp.src = prefix("0.0.0.0/0");
  icmp.dst = prefix("0.0.0.0/0");
  icmp.protocol = IPPROTO_ICMP;
  icmp.src_port = 8;
  for (const Selector& selector : {udp, any6, icmp}) {
    auto decoded = back(with_selector(selector));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, selector);
  }
}

TEST(PfkeySelector, MatchesHandWrittenBytes) {
  if (!testing::little_endian()) GTEST_SKIP() << "little-endian bytes";
  const std::vector<std::uint8_t> expected{
      // sadb_msg: X_SPDADD 14, len 8 words, seq 1
      0x02, 0x0e, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0,
      // ADDRESS_SRC (5): 3 words, UDP 17, /8, sockaddr_in 10.0.0.0 port 4500 (0x1194)
      0x03, 0x00, 0x05, 0x00, 0x11, 0x08, 0x00, 0x00, 0x02, 0x00, 0x11, 0x94, 0x0a, 0x00, 0x00,
      0x00, 0, 0, 0, 0, 0, 0, 0, 0,
      // ADDRESS_DST (6): 3 words, UDP 17, /24, 192.0.2.0 port 500 (0x01f4)
      0x03, 0x00, 0x06, 0x00, 0x11, 0x18, 0x00, 0x00, 0x02, 0x00, 0x01, 0xf4, 0xc0, 0x00, 0x02,
      0x00, 0, 0, 0, 0, 0, 0, 0, 0};
  Selector selector;
  selector.src = prefix("10.0.0.0/8");
  selector.dst = prefix("192.0.2.0/24");
  selector.protocol = IPPROTO_UDP;
  selector.src_port = 4500;
  selector.dst_port = 500;
  EXPECT_EQ(with_selector(selector), expected);
  auto decoded = back(expected);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, selector);
}

TEST(PfkeySelector, ZeroProtocolIsAnyAndHostBitsAreCleared) {
  // What Linux writes in ACQUIRE and MIGRATE: proto 0, addresses as is.
  MessageBuilder builder(Header{SADB_X_MIGRATE, 0, SADB_SATYPE_ESP, 0, 0});
  add_address(builder, SADB_EXT_ADDRESS_SRC, AddressExtension{ip("10.1.2.3"), 0, 16, 0});
  add_address(builder, SADB_EXT_ADDRESS_DST, AddressExtension{ip("10.2.0.0"), 0, 16, 0});
  const auto bytes = bytes_of(std::move(builder).finish());
  auto decoded = back(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->protocol, kAnyProtocol);
  EXPECT_EQ(decoded->src, prefix("10.1.0.0/16"));
}

TEST(PfkeySelector, RefusesPairsThatAreNotOneSelector) {
  Selector mixed;
  mixed.src = prefix("192.0.2.1");
  mixed.dst = prefix("2001:db8::1");
  MessageBuilder builder(Header{SADB_X_SPDADD, 0, 0, 0, 0});
  auto refused = add_selector(builder, mixed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, EINVAL);

  const auto cases = std::vector<std::pair<AddressExtension, AddressExtension>>{
      // two families
      {host_address(ip("192.0.2.1")), host_address(ip("2001:db8::1"))},
      // two protocols
      {AddressExtension{ip("192.0.2.1"), 0, 32, IPPROTO_TCP},
       AddressExtension{ip("192.0.2.2"), 0, 32, IPPROTO_UDP}},
  };
  for (const auto& [src, dst] : cases) {
    MessageBuilder message(Header{SADB_X_SPDADD, 0, 0, 0, 0});
    add_address(message, SADB_EXT_ADDRESS_SRC, src);
    add_address(message, SADB_EXT_ADDRESS_DST, dst);
    EXPECT_EQ(back(bytes_of(std::move(message).finish())).error().code, EBADMSG);
  }
  MessageBuilder only_src(Header{SADB_X_SPDADD, 0, 0, 0, 0});
  add_address(only_src, SADB_EXT_ADDRESS_SRC, host_address(ip("192.0.2.1")));
  EXPECT_EQ(back(bytes_of(std::move(only_src).finish())).error().code, EBADMSG);
}

}  // namespace
}  // namespace rc::kernel::pfkey
