#include <netinet/in.h>

#include <gtest/gtest.h>

#include "tools/rcsetkey/command.h"

namespace rcsetkey {
namespace {

namespace rct = rc::rct;
namespace kernel = rc::kernel;

std::vector<Command> parse_ok(std::string_view text) {
  auto commands = parse_commands(text, "t");
  EXPECT_TRUE(commands) << (commands ? "" : commands.error().message);
  if (!commands) return {};
  return std::move(*commands);
}

std::string parse_error(std::string_view text) {
  auto commands = parse_commands(text, "t");
  EXPECT_FALSE(commands) << text;
  return commands ? "" : commands.error().message;
}

rc::addr::Prefix prefix(const char* text) {
  return *rc::addr::Prefix::parse(text);
}
rc::addr::IpAddress ip(const char* text) {
  return *rc::addr::IpAddress::parse(text);
}

TEST(RcsetkeyParse, CommandsWithoutArguments) {
  const auto commands = parse_ok("flush; dump; spdflush;\nspddump ; ; # comment\n");
  ASSERT_EQ(commands.size(), 4U);
  EXPECT_EQ(commands[0].kind, CommandKind::Flush);
  EXPECT_FALSE(commands[0].protocol);
  EXPECT_EQ(commands[1].kind, CommandKind::Dump);
  EXPECT_EQ(commands[2].kind, CommandKind::SpdFlush);
  EXPECT_EQ(commands[3].kind, CommandKind::SpdDump);
  EXPECT_EQ(commands[3].line, 2);
}

TEST(RcsetkeyParse, FlushAndDumpTakeAProtocol) {
  const auto commands = parse_ok("flush esp; dump ah;");
  ASSERT_EQ(commands.size(), 2U);
  EXPECT_EQ(commands[0].protocol, rct::SaType::Esp);
  EXPECT_EQ(commands[1].protocol, rct::SaType::Ah);
}

TEST(RcsetkeyParse, AddWithCipherAndIntegrity) {
  const auto commands = parse_ok(
      "add -4 192.0.2.1 192.0.2.2 esp 0x1000 -m tunnel -u 7 -r 64 -lh 3600 -ls 3000\n"
      "  -E rijndael-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha256 \"abc\";");
  ASSERT_EQ(commands.size(), 1U);
  const kernel::SaParams& sa = commands[0].sa;
  EXPECT_EQ(commands[0].kind, CommandKind::Add);
  EXPECT_EQ(sa.id.src, ip("192.0.2.1"));
  EXPECT_EQ(sa.id.dst, ip("192.0.2.2"));
  EXPECT_EQ(sa.id.type, rct::SaType::Esp);
  EXPECT_EQ(sa.id.spi, 0x1000U);
  EXPECT_EQ(sa.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(sa.reqid, 7U);
  EXPECT_EQ(sa.replay_window, 64);
  EXPECT_EQ(sa.lifetimes.hard.add_seconds, 3600U);
  EXPECT_EQ(sa.lifetimes.soft.add_seconds, 3000U);
  EXPECT_EQ(sa.encryption, rct::EncAlg::RijndaelCbc);
  ASSERT_EQ(sa.encryption_key.size(), 16U);
  EXPECT_EQ(sa.encryption_key.reveal()[15], 0xff);
  EXPECT_EQ(sa.integrity, rct::AuthAlg::HmacSha2_256);
  ASSERT_EQ(sa.integrity_key.size(), 3U);
  EXPECT_EQ(sa.integrity_key.reveal()[0], 'a');
}

TEST(RcsetkeyParse, AddAeadNullAndCompression) {
  const auto commands = parse_ok(
      "add 2001:db8::1 2001:db8::2 esp 4096 -E aes-gcm-16 "
      "0x0102030405060708090a0b0c0d0e0f1011121314;"
      "add 192.0.2.1 192.0.2.2 esp 257 -E null \"\" -A hmac-sha1 0x00;"
      "add 192.0.2.1 192.0.2.2 ipcomp 300 -C deflate -R;"
      "add 192.0.2.1 192.0.2.2 ah 301 -A aes-xcbc-mac 0x00112233445566778899aabbccddeeff;");
  ASSERT_EQ(commands.size(), 4U);
  EXPECT_EQ(commands[0].sa.encryption, rct::EncAlg::AesGcm16);
  EXPECT_EQ(commands[0].sa.encryption_key.size(), 20U);
  EXPECT_EQ(commands[0].sa.id.spi, 4096U);
  EXPECT_EQ(commands[1].sa.encryption, rct::EncAlg::NullEnc);
  EXPECT_TRUE(commands[1].sa.encryption_key.empty());
  EXPECT_EQ(commands[2].sa.id.type, rct::SaType::Ipcomp);
  EXPECT_EQ(commands[2].sa.compression, rct::CompAlg::Deflate);
  EXPECT_EQ(commands[3].sa.id.type, rct::SaType::Ah);
  EXPECT_EQ(commands[3].sa.integrity, rct::AuthAlg::AesXcbc);
}

TEST(RcsetkeyParse, GetDeleteDeleteAll) {
  const auto commands = parse_ok(
      "get 192.0.2.1 192.0.2.2 esp 0x1000; delete 192.0.2.1 192.0.2.2 ah 5;"
      "deleteall 192.0.2.1 192.0.2.2 esp;");
  ASSERT_EQ(commands.size(), 3U);
  EXPECT_EQ(commands[0].kind, CommandKind::Get);
  EXPECT_EQ(commands[0].sa.id.spi, 0x1000U);
  EXPECT_EQ(commands[1].kind, CommandKind::Delete);
  EXPECT_EQ(commands[1].sa.id.type, rct::SaType::Ah);
  EXPECT_EQ(commands[2].kind, CommandKind::DeleteAll);
  EXPECT_EQ(commands[2].sa.id.dst, ip("192.0.2.2"));
}

TEST(RcsetkeyParse, SpdAddTransportWithPorts) {
  const auto commands =
      parse_ok("spdadd 10.0.0.1/32[500] 10.0.0.2[any] udp -P out ipsec esp/transport//require;");
  ASSERT_EQ(commands.size(), 1U);
  const kernel::PolicyParams& policy = commands[0].policy;
  EXPECT_EQ(policy.selector.src, prefix("10.0.0.1/32"));
  EXPECT_EQ(policy.selector.dst, prefix("10.0.0.2/32"));
  EXPECT_EQ(policy.selector.src_port, 500);
  EXPECT_EQ(policy.selector.dst_port, 0);
  EXPECT_EQ(policy.selector.protocol, IPPROTO_UDP);
  EXPECT_EQ(policy.direction, rct::Direction::Outbound);
  EXPECT_EQ(policy.action, kernel::PolicyAction::Ipsec);
  ASSERT_EQ(policy.templates.size(), 1U);
  EXPECT_EQ(policy.templates[0].protocol, rct::SaType::Esp);
  EXPECT_EQ(policy.templates[0].mode, rct::IpsecMode::Transport);
  EXPECT_EQ(policy.templates[0].level, rct::IpsecLevel::Require);
  EXPECT_FALSE(policy.templates[0].tunnel_src);
}

TEST(RcsetkeyParse, SpdAddTunnelUniqueAndBundle) {
  const auto commands = parse_ok(
      "spdadd 10.0.0.0/24 10.0.1.0/24 any -P in priority 10 ipsec\n"
      "  ipcomp/tunnel/192.0.2.2-192.0.2.1/use esp/tunnel/192.0.2.2-192.0.2.1/unique:5;");
  ASSERT_EQ(commands.size(), 1U);
  const kernel::PolicyParams& policy = commands[0].policy;
  EXPECT_EQ(policy.selector.protocol, kernel::kAnyProtocol);
  EXPECT_EQ(policy.direction, rct::Direction::Inbound);
  EXPECT_EQ(policy.priority, 10U);
  ASSERT_EQ(policy.templates.size(), 2U);
  EXPECT_EQ(policy.templates[0].protocol, rct::SaType::Ipcomp);
  EXPECT_EQ(policy.templates[0].level, rct::IpsecLevel::Use);
  EXPECT_EQ(policy.templates[1].mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(policy.templates[1].tunnel_src, ip("192.0.2.2"));
  EXPECT_EQ(policy.templates[1].tunnel_dst, ip("192.0.2.1"));
  EXPECT_EQ(policy.templates[1].level, rct::IpsecLevel::Unique);
  EXPECT_EQ(policy.templates[1].reqid, 5U);
}

TEST(RcsetkeyParse, AnyNoneDiscardAndProtocols) {
  const auto commands = parse_ok(
      "spdadd any 2001:db8::/32 icmp6 -P out none;"
      "spdadd any any tcp -P fwd discard;"
      "spdadd 192.0.2.0/24 any 47 -P out discard;");
  ASSERT_EQ(commands.size(), 3U);
  EXPECT_EQ(commands[0].policy.selector.src, prefix("::/0"));
  EXPECT_EQ(commands[0].policy.selector.protocol, IPPROTO_ICMPV6);
  EXPECT_EQ(commands[0].policy.action, kernel::PolicyAction::Bypass);
  EXPECT_EQ(commands[1].policy.selector.src, prefix("0.0.0.0/0"));
  EXPECT_EQ(commands[1].policy.selector.protocol, IPPROTO_TCP);
  EXPECT_EQ(commands[1].policy.direction, rct::Direction::Fwd);
  EXPECT_EQ(commands[1].policy.action, kernel::PolicyAction::Discard);
  EXPECT_EQ(commands[2].policy.selector.dst, prefix("0.0.0.0/0"));
  EXPECT_EQ(commands[2].policy.selector.protocol, 47);
}

TEST(RcsetkeyParse, SpdDeleteNeedsOnlyTheDirection) {
  const auto commands = parse_ok("spddelete 10.0.0.0/24 10.0.1.0/24 any -P in;");
  ASSERT_EQ(commands.size(), 1U);
  EXPECT_EQ(commands[0].kind, CommandKind::SpdDelete);
  EXPECT_EQ(commands[0].policy.direction, rct::Direction::Inbound);
  EXPECT_EQ(commands[0].policy.selector.src, prefix("10.0.0.0/24"));
}

TEST(RcsetkeyParse, UpdateIsAddOnAnExistingSa) {
  const auto commands =
      parse_ok("update 192.0.2.2 192.0.2.1 ah 0x5000 -m tunnel -u 102 -A hmac-sha1 0x0102;");
  ASSERT_EQ(commands.size(), 1U);
  EXPECT_EQ(commands[0].kind, CommandKind::Update);
  EXPECT_EQ(commands[0].sa.id.type, rct::SaType::Ah);
  EXPECT_EQ(commands[0].sa.id.spi, 0x5000U);
  EXPECT_EQ(commands[0].sa.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(commands[0].sa.reqid, 102U);
  EXPECT_EQ(commands[0].sa.integrity, rct::AuthAlg::HmacSha1);
  EXPECT_EQ(parse_error("update 192.0.2.1 192.0.2.2 esp 1;"),
            "t:1:33: update needs an algorithm (-E, -A or -C)");
  EXPECT_EQ(parse_error("update 192.0.2.1 192.0.2.2 esp 1 -x;"),
            "t:1:34: unknown option '-x' in update");
}

TEST(RcsetkeyParse, GetSpiWithAndWithoutRange) {
  const auto commands = parse_ok(
      "getspi 192.0.2.2 192.0.2.1 esp 0x100 0x1ff -m tunnel -u 7;"
      "getspi 2001:db8::1 2001:db8::2 ah;"
      "getspi 192.0.2.2 192.0.2.1 ipcomp -u 9 ;");
  ASSERT_EQ(commands.size(), 3U);
  const kernel::SpiRequest& first = commands[0].spi_request;
  EXPECT_EQ(commands[0].kind, CommandKind::GetSpi);
  EXPECT_EQ(first.type, rct::SaType::Esp);
  EXPECT_EQ(first.src, ip("192.0.2.2"));
  EXPECT_EQ(first.dst, ip("192.0.2.1"));
  EXPECT_EQ(first.min, 0x100U);
  EXPECT_EQ(first.max, 0x1ffU);
  EXPECT_EQ(first.mode, rct::IpsecMode::Tunnel);
  EXPECT_EQ(first.reqid, 7U);
  // Without a range: the engine's whole range, transport, no reqid.
  const kernel::SpiRequest& second = commands[1].spi_request;
  EXPECT_EQ(second.type, rct::SaType::Ah);
  EXPECT_EQ(second.dst, ip("2001:db8::2"));
  EXPECT_EQ(second.min, kernel::SpiRequest{}.min);
  EXPECT_EQ(second.max, 0xffffffffU);
  EXPECT_EQ(second.mode, rct::IpsecMode::Transport);
  EXPECT_EQ(second.reqid, 0U);
  EXPECT_EQ(commands[2].spi_request.type, rct::SaType::Ipcomp);
  EXPECT_EQ(commands[2].spi_request.reqid, 9U);
}

TEST(RcsetkeyParse, GetSpiErrors) {
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp 0x200 0x100;"),
            "t:1:32: the SPI range must be MIN MAX with 0 < MIN <= MAX");
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp 0 5;"),
            "t:1:32: the SPI range must be MIN MAX with 0 < MIN <= MAX");
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp 0x100;"),
            "t:1:37: expected the highest SPI, got ';'");
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp 0x100 many;"),
            "t:1:38: the highest SPI must be a number (decimal or 0x hex), got 'many'");
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp -E null;"),
            "t:1:32: unknown option '-E' in getspi");
  EXPECT_EQ(parse_error("getspi 192.0.2.2 192.0.2.1 esp -m sideways;"),
            "t:1:35: expected transport, tunnel or any, got 'sideways'");
}

TEST(RcsetkeyParse, SpdUpdateIsSpdAddThatReplaces) {
  const auto commands = parse_ok(
      "spdupdate 203.0.113.0/24 any any -P out priority 7 none;"
      "spdupdate 10.0.0.0/24 10.0.1.0/24 any -P in ipsec esp/transport//use;");
  ASSERT_EQ(commands.size(), 2U);
  EXPECT_EQ(commands[0].kind, CommandKind::SpdUpdate);
  EXPECT_EQ(commands[0].policy.selector.src, prefix("203.0.113.0/24"));
  EXPECT_EQ(commands[0].policy.priority, 7U);
  EXPECT_EQ(commands[0].policy.action, kernel::PolicyAction::Bypass);
  EXPECT_EQ(commands[1].kind, CommandKind::SpdUpdate);
  ASSERT_EQ(commands[1].policy.templates.size(), 1U);
  EXPECT_EQ(commands[1].policy.templates[0].level, rct::IpsecLevel::Use);
}

TEST(RcsetkeyParse, PacketBetweenTwoHosts) {
  const auto commands = parse_ok(
      "packet 10.0.0.1[4000] 10.0.2.7[53] udp -b 1400;"
      "packet 2001:db8::1 2001:db8::2 icmp6 -d in;"
      "packet -4 10.0.0.1/32 10.0.1.1 any -d fwd -b 0x10;");
  ASSERT_EQ(commands.size(), 3U);
  const PacketCommand& udp = commands[0].packet;
  EXPECT_EQ(commands[0].kind, CommandKind::Packet);
  EXPECT_EQ(udp.packet.src, prefix("10.0.0.1/32"));
  EXPECT_EQ(udp.packet.dst, prefix("10.0.2.7/32"));
  EXPECT_EQ(udp.packet.src_port, 4000);
  EXPECT_EQ(udp.packet.dst_port, 53);
  EXPECT_EQ(udp.packet.protocol, IPPROTO_UDP);
  EXPECT_EQ(udp.direction, rct::Direction::Outbound);
  EXPECT_EQ(udp.bytes, 1400U);
  const PacketCommand& icmp = commands[1].packet;
  EXPECT_EQ(icmp.packet.src, prefix("2001:db8::1/128"));
  EXPECT_EQ(icmp.packet.protocol, IPPROTO_ICMPV6);
  EXPECT_EQ(icmp.direction, rct::Direction::Inbound);
  EXPECT_EQ(icmp.bytes, 0U);
  EXPECT_EQ(commands[2].packet.direction, rct::Direction::Fwd);
  EXPECT_EQ(commands[2].packet.packet.protocol, kernel::kAnyProtocol);
  EXPECT_EQ(commands[2].packet.bytes, 16U);
}

TEST(RcsetkeyParse, PacketErrors) {
  EXPECT_EQ(parse_error("packet 10.0.0.0/24 10.0.1.1 udp;"),
            "t:1:8: a packet goes between two addresses, not ranges");
  EXPECT_EQ(parse_error("packet 10.0.0.1 any udp;"),
            "t:1:17: a packet goes between two addresses, not ranges");
  EXPECT_EQ(parse_error("packet 10.0.0.1 2001:db8::1 udp;"),
            "t:1:17: source and destination differ in address family");
  EXPECT_EQ(parse_error("packet 10.0.0.1 10.0.0.2 udp -d up;"),
            "t:1:33: expected in, out or fwd, got 'up'");
  EXPECT_EQ(parse_error("packet 10.0.0.1 10.0.0.2 udp -b lots;"),
            "t:1:33: -b takes a number, got 'lots'");
  EXPECT_EQ(parse_error("packet 10.0.0.1 10.0.0.2 udp -P out;"),
            "t:1:30: unknown option '-P' in packet");
}

TEST(RcsetkeyParse, ErrorsCarryLineAndColumn) {
  EXPECT_EQ(parse_error("flush;\n  frobnicate;"), "t:2:3: unknown command 'frobnicate'");
  EXPECT_EQ(parse_error("spddump"), "t:1:8: expected ';', got end of input");
  EXPECT_EQ(parse_error("spdadd 10.0.0.1 10.0.0.2 any -P sideways discard;"),
            "t:1:33: expected in, out or fwd, got 'sideways'");
  EXPECT_EQ(parse_error("spdadd 10.0.0.1[70000] any any -P out none;"),
            "t:1:8: bad port '70000': expected 0..65535 or any");
  EXPECT_EQ(parse_error("add 192.0.2.1 192.0.2.2 esp 1 -E aes-cbc 0x123;"),
            "t:1:42: expected a key: 0x followed by an even number of hex digits, or a \"quoted "
            "string\"");
  EXPECT_EQ(parse_error("add 192.0.2.1 192.0.2.2 esp 1 -E rot13 0x00;"),
            "t:1:34: unknown encryption algorithm 'rot13'");
  EXPECT_EQ(parse_error("add 192.0.2.1 192.0.2.2 esp 1;"),
            "t:1:30: add needs an algorithm (-E, -A or -C)");
  EXPECT_EQ(parse_error("spdadd any any any -P out ipsec esp/tunnel//require;"),
            "t:1:33: tunnel mode needs its endpoints: esp/tunnel/src-dst/require");
  EXPECT_EQ(parse_error("spdadd any any any -P out ipsec;"),
            "t:1:32: ipsec needs at least one request (esp/transport//require)");
  EXPECT_EQ(parse_error("get 192.0.2.1 2001:db8::1 esp 1;"),
            "t:1:15: source and destination differ in address family");
  EXPECT_EQ(parse_error("add 192.0.2.1 192.0.2.2 esp 1 -A hmac-sha1 \"open"),
            "t:1:44: unterminated string");
  EXPECT_EQ(parse_error("delete 192.0.2.1 192.0.2.2 esp spi;"),
            "t:1:32: the SPI must be a number (decimal or 0x hex)");
}

}  // namespace
}  // namespace rcsetkey
