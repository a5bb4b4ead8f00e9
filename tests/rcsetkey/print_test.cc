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

TEST(RcsetkeyPrint, EnginesAesCbcByKeyLengthIsStillAesCbc) {
  rc::kernel::SaInfo info;
  info.params.id = {rc::rct::SaType::Esp, *rc::addr::IpAddress::parse("2001:db8::1"),
                    *rc::addr::IpAddress::parse("2001:db8::2"), 0x4001};
  info.params.mode = rc::rct::IpsecMode::Tunnel;
  info.params.reqid = 401;
  info.params.replay_window = 16;
  info.params.encryption = rc::rct::EncAlg::Aes256Cbc;
  const std::vector<std::uint8_t> key(32, 0xab);
  info.params.encryption_key = rc::buf::SecretBytes(key);
  info.params.lifetimes.hard.add_seconds = 3600;
  info.state = rc::kernel::SaState::Larval;
  info.current.bytes = 1484;
  info.current.packets = 2;
  EXPECT_EQ(format_sa(info),
            "2001:db8::1 2001:db8::2\n"
            "\tesp mode=tunnel spi=16385(0x00004001) reqid=401(0x00000191)\n"
            "\tE: aes-cbc  abababab abababab abababab abababab abababab abababab abababab "
            "abababab\n"
            "\tstate=larval replay=16\n"
            "\tcurrent: 1484(bytes) 2(packets) hard: 3600(s) soft: 0(s)\n");
}

TEST(RcsetkeyPrint, GetSpiAnswer) {
  auto commands = parse_commands("getspi 192.0.2.2 192.0.2.1 ah 0x5000 0x5000;", "t");
  ASSERT_TRUE(commands);
  EXPECT_EQ(format_spi((*commands)[0].spi_request, 0x5000),
            "192.0.2.2 192.0.2.1 ah spi=20480(0x00005000)\n");
}

#ifdef __linux__
TEST(RcsetkeyPrint, PacketVerdicts) {
  using rc::kernel::pfkey::PacketOutcome;
  using rc::kernel::pfkey::PacketVerdict;
  EXPECT_EQ(format_verdict(PacketVerdict{}), "no policy\n");
  EXPECT_EQ(format_verdict({PacketOutcome::Bypass, 9, std::nullopt}), "bypass, spid=9\n");
  EXPECT_EQ(format_verdict({PacketOutcome::Discard, 10, std::nullopt}), "discard, spid=10\n");
  EXPECT_EQ(format_verdict({PacketOutcome::Acquire, 11, std::nullopt}), "acquire sent, spid=11\n");
  const rc::kernel::SaId sa{rc::rct::SaType::Esp, *rc::addr::IpAddress::parse("192.0.2.1"),
                            *rc::addr::IpAddress::parse("192.0.2.2"), 0x1000};
  EXPECT_EQ(format_verdict({PacketOutcome::Protected, 11, sa}),
            "protected by SA esp 192.0.2.1 192.0.2.2 spi=4096(0x00001000), spid=11\n");
}
#endif

}  // namespace
}  // namespace rcsetkey
