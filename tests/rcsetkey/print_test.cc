#include <netinet/in.h>

#include <gtest/gtest.h>

#include "tools/rcsetkey/command.h"
#include "tools/rcsetkey/print.h"

namespace rcsetkey {
namespace {

TEST(RcsetkeyPrint, PolicyInSetkeyShape) {
  auto commands = parse_commands(
      "spdadd 10.0.0.0/24[500] any udp -P in ipsec esp/tunnel/192.0.2.2-192.0.2.1/unique:5;", "t");
  ASSERT_TRUE(commands);
  rc::kernel::PolicyInfo info;
  info.params = (*commands)[0].policy;
  info.params.spid = 8;
  EXPECT_EQ(format_policy(info),
            "10.0.0.0/24[500] 0.0.0.0/0[any] udp\n"
            "\tin prio 0 ipsec\n"
            "\tesp/tunnel/192.0.2.2-192.0.2.1/unique:5\n"
            "\tspid=8\n");
}

TEST(RcsetkeyPrint, SaWithKeys) {
  auto commands = parse_commands(
      "add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-cbc 0x00112233445566778899aabbccddeeff "
      "-A hmac-sha256 0x0102;",
      "t");
  ASSERT_TRUE(commands);
  rc::kernel::SaInfo info;
  info.params = std::move((*commands)[0].sa);
  EXPECT_EQ(format_sa(info),
            "192.0.2.1 192.0.2.2\n"
            "\tesp mode=transport spi=4096(0x00001000) reqid=0(0x00000000)\n"
            "\tE: aes-cbc  00112233 44556677 8899aabb ccddeeff\n"
            "\tA: hmac-sha256  0102\n"
            "\tstate=mature replay=32\n"
            "\tcurrent: 0(bytes) 0(packets) hard: 0(s) soft: 0(s)\n");
}

}  // namespace
}  // namespace rcsetkey
