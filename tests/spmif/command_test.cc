#include "spmif/command.h"
#include "support/addr_literals.h"

#include <gtest/gtest.h>

namespace rc::spmif {
namespace {

using rc::testing::ip;
using rc::testing::net;

Command parsed(std::string_view line) {
  auto command = parse_command(line);
  EXPECT_TRUE(command) << line << " -> " << (command ? "" : command.error().text);
  return command ? *command : Command(StatCommand{});
}

CommandError refused(std::string_view line) {
  auto command = parse_command(line);
  EXPECT_FALSE(command) << line << " was accepted";
  return command ? CommandError{0, "accepted"} : command.error();
}

// The original's answers.
CommandError syntax_error() {
  return {500, "Syntax Error"};
}
CommandError not_implemented() {
  return {502, "Command not implemented"};
}
CommandError bad_address() {
  return {550, "Operation Failed"};
}

TEST(ParseCommand, Login) {
  EXPECT_EQ(parsed("LOGIN 0123ABCD"), Command(LoginCommand{"0123ABCD"}));
  EXPECT_EQ(parsed("login 0123abcd"), Command(LoginCommand{"0123abcd"}));
  EXPECT_EQ(refused("LOGIN"), syntax_error());
  EXPECT_EQ(refused("LOGIN a b"), syntax_error());
}

TEST(ParseCommand, KeywordsAreCaseInsensitiveWholeWords) {
  EXPECT_EQ(parsed("sTaT"), Command(StatCommand{}));
  EXPECT_EQ(parsed("  \tSTAT \t "), Command(StatCommand{}));
  EXPECT_EQ(refused("STATS"), not_implemented());
  EXPECT_EQ(refused("POLICYX DUMP"), not_implemented());
  EXPECT_EQ(refused("LOG 1"), not_implemented());
  EXPECT_EQ(refused("HELO"), not_implemented());
  EXPECT_EQ(refused(""), syntax_error());
  EXPECT_EQ(refused("   "), syntax_error());
}

TEST(ParseCommand, ControlCharactersRefused) {
  EXPECT_EQ(refused(std::string_view("SLID 1\r", 7)), syntax_error());
  EXPECT_EQ(refused(std::string_view("POLICY DELETE a\nb", 17)), syntax_error());
  EXPECT_EQ(refused(std::string_view("STAT \0", 6)), syntax_error());
  EXPECT_EQ(refused("STAT \x7f"), syntax_error());
}

TEST(ParseCommand, Ns) {
  EXPECT_EQ(parsed("NS LIST"), Command(NsCommand{}));
  EXPECT_EQ(parsed("ns list"), Command(NsCommand{}));
  EXPECT_EQ(parsed("NS ADD 192.0.2.53"), Command(NsCommand{NsCommand::Op::Add, ip("192.0.2.53")}));
  EXPECT_EQ(parsed("NS DELETE 2001:db8::53"),
            Command(NsCommand{NsCommand::Op::Delete, ip("2001:db8::53")}));
  EXPECT_EQ(parsed("NS change 10.0.0.1"),
            Command(NsCommand{NsCommand::Op::Change, ip("10.0.0.1")}));
  EXPECT_EQ(refused("NS"), syntax_error());
  EXPECT_EQ(refused("NS LIST x"), syntax_error());
  EXPECT_EQ(refused("NS ADD"), syntax_error());
  EXPECT_EQ(refused("NS FOO 10.0.0.1"), syntax_error());
  EXPECT_EQ(refused("NS ADD ns.example.com"), bad_address());
  EXPECT_EQ(refused("NS ADD 10.0.0.256"), bad_address());
}

TEST(ParseCommand, Fqdn) {
  EXPECT_EQ(parsed("FQDN LIST"), Command(FqdnCommand{}));
  EXPECT_EQ(parsed("FQDN ADD Host.Example.COM"),
            Command(FqdnCommand{FqdnCommand::Op::Add, "host.example.com.", {}}));
  EXPECT_EQ(parsed("FQDN DELETE host.example.com."),
            Command(FqdnCommand{FqdnCommand::Op::Delete, "host.example.com.", {}}));
  EXPECT_EQ(parsed("FQDN ADD _sip-1.x"),
            Command(FqdnCommand{FqdnCommand::Op::Add, "_sip-1.x.", {}}));
  EXPECT_EQ(parsed("FQDN QUERY 192.0.2.1"),
            Command(FqdnCommand{FqdnCommand::Op::Query, "", ip("192.0.2.1")}));
  EXPECT_EQ(refused("FQDN QUERY host.example.com"), bad_address());
  EXPECT_EQ(refused("FQDN"), syntax_error());
  EXPECT_EQ(refused("FQDN ADD"), syntax_error());
  EXPECT_EQ(refused("FQDN LIST x"), syntax_error());
  EXPECT_EQ(refused("FQDN RENAME a b"), syntax_error());
}

TEST(ParseCommand, FqdnNameValidation) {
  for (const std::string_view bad :
       {"FQDN ADD .", "FQDN ADD ..", "FQDN ADD a..b", "FQDN ADD .a", "FQDN ADD a.b..",
        "FQDN ADD a/b", "FQDN ADD a*b", "FQDN ADD caf\xc3\xa9.fr", "FQDN DELETE a:b"}) {
    EXPECT_EQ(refused(bad), syntax_error()) << bad;
  }
  const std::string label63(63, 'a');
  EXPECT_EQ(parsed("FQDN ADD " + label63 + ".com"),
            Command(FqdnCommand{FqdnCommand::Op::Add, label63 + ".com.", {}}));
  EXPECT_EQ(refused("FQDN ADD " + label63 + "a.com"), syntax_error());
  // 253 characters is the longest name; 254 is one too many.
  std::string name;
  while (name.size() < 253) name += name.empty() ? "a" : ".a";
  ASSERT_EQ(name.size(), 253U);
  EXPECT_EQ(parsed("FQDN ADD " + name), Command(FqdnCommand{FqdnCommand::Op::Add, name + ".", {}}));
  EXPECT_EQ(parsed("FQDN ADD " + name + "."),
            Command(FqdnCommand{FqdnCommand::Op::Add, name + ".", {}}));
  EXPECT_EQ(refused("FQDN ADD " + name + "b"), syntax_error());
}

TEST(ParseCommand, Slid) {
  EXPECT_EQ(parsed("SLID 0"), Command(SlidCommand{0}));
  EXPECT_EQ(parsed("slid 4294967295"), Command(SlidCommand{4294967295U}));
  EXPECT_EQ(refused("SLID 4294967296"), syntax_error());
  EXPECT_EQ(refused("SLID -1"), syntax_error());
  EXPECT_EQ(refused("SLID +1"), syntax_error());
  EXPECT_EQ(refused("SLID 0x10"), syntax_error());
  EXPECT_EQ(refused("SLID 12abc"), syntax_error());
  EXPECT_EQ(refused("SLID"), syntax_error());
  EXPECT_EQ(refused("SLID 1 2"), syntax_error());
}

TEST(ParseCommand, PolicyAddTransport) {
  PolicyAddCommand expected;
  expected.slid = "sel_out";
  expected.lifetime = 3600;
  expected.addresses = {
      rct::IpsecMode::Transport, net("192.0.2.1/32"), net("198.51.100.0/24"), {}, {}};
  EXPECT_EQ(parsed("POLICY ADD sel_out 3600 TRANSPORT 192.0.2.1 198.51.100.7/24"),
            Command(expected));
  EXPECT_EQ(parsed("policy add sel_out 3600 transport 192.0.2.1/0 198.51.100.0/24"),
            Command(expected));
  EXPECT_EQ(parsed("POLICY ADD sel_out 3600 TRANSPORT 192.0.2.1/32 198.51.100.0/24"),
            Command(expected));
}

TEST(ParseCommand, PolicyAddTunnel) {
  PolicyAddCommand expected;
  expected.slid = "gw";
  expected.lifetime = 18446744073709551615ULL;
  expected.addresses = {rct::IpsecMode::Tunnel, net("2001:db8:1::/48"), net("2001:db8:2::1/128"),
                        ip("192.0.2.1"), ip("192.0.2.2")};
  EXPECT_EQ(parsed("POLICY ADD gw 18446744073709551615 TUNNEL 2001:db8:1::/48 2001:db8:2::1 "
                   "192.0.2.1 192.0.2.2"),
            Command(expected));
}

TEST(ParseCommand, PolicyAddRefusals) {
  EXPECT_EQ(refused("POLICY ADD s 0 TUNNEL 10.0.0.1 10.0.0.2"), syntax_error());  // no SA pair
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4"),
            syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 BEET 10.0.0.1 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORTX 10.0.0.1 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s x TRANSPORT 10.0.0.1 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s -1 TRANSPORT 10.0.0.1 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 18446744073709551616 TRANSPORT 10.0.0.1 10.0.0.2"),
            syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1/33 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 2001:db8::/129 2001:db8::1"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1/ 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1/-8 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1/8x 10.0.0.2"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1 2001:db8::1"), syntax_error());  // families
  EXPECT_EQ(refused("POLICY ADD s 0 TUNNEL 10/8 10.0.0.2 10.0.0.3 2001:db8::1"), bad_address());
  EXPECT_EQ(refused("POLICY ADD s 0 TUNNEL 10.0.0.0/8 10.0.0.2 10.0.0.3 2001:db8::1"),
            syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT host.example 10.0.0.2"), bad_address());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1 10.0.0.2/24x"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD s 0 TUNNEL 10.0.0.1 10.0.0.2 gw.example 10.0.0.4"), bad_address());
  EXPECT_EQ(refused("POLICY ADD s 0 TRANSPORT 10.0.0.1"), syntax_error());
  EXPECT_EQ(refused("POLICY ADD"), syntax_error());
  EXPECT_EQ(refused("POLICY"), syntax_error());
  EXPECT_EQ(refused("POLICY LIST"), syntax_error());
}

TEST(ParseCommand, PolicyDelete) {
  EXPECT_EQ(parsed("POLICY DELETE sel_in"), Command(PolicyDeleteCommand{"sel_in", {}}));
  PolicyDeleteCommand tunnel{
      "gw", PolicyAddresses{rct::IpsecMode::Tunnel, net("10.1.0.0/16"), net("10.2.0.0/16"),
                            ip("192.0.2.1"), ip("192.0.2.2")}};
  EXPECT_EQ(parsed("POLICY DELETE gw TUNNEL 10.1.0.0/16 10.2.0.0/16 192.0.2.1 192.0.2.2"),
            Command(tunnel));
  PolicyDeleteCommand transport{
      "t",
      PolicyAddresses{rct::IpsecMode::Transport, net("192.0.2.1/32"), net("192.0.2.2/32"), {}, {}}};
  EXPECT_EQ(parsed("POLICY DELETE t transport 192.0.2.1 192.0.2.2"), Command(transport));
  EXPECT_EQ(refused("POLICY DELETE"), syntax_error());
  EXPECT_EQ(refused("POLICY DELETE t TRANSPORT"), syntax_error());
  EXPECT_EQ(refused("POLICY DELETE t TRANSPORT 192.0.2.1"), syntax_error());
  EXPECT_EQ(refused("POLICY DELETE t TUNNEL 192.0.2.1 192.0.2.2"), syntax_error());
  EXPECT_EQ(refused("POLICY DELETE t TRANSPORT 192.0.2.1 192.0.2.2 1.1.1.1"), syntax_error());
}

TEST(ParseCommand, PolicyDump) {
  EXPECT_EQ(parsed("POLICY DUMP"), Command(PolicyDumpCommand{}));
  EXPECT_EQ(refused("POLICY DUMP all"), syntax_error());
}

TEST(ParseCommand, Migrate) {
  EXPECT_EQ(parsed("MIGRATE mip 2001:db8::1 2001:db8::2 2001:db8:1::1 2001:db8::2"),
            Command(MigrateCommand{"mip", ip("2001:db8::1"), ip("2001:db8::2"), ip("2001:db8:1::1"),
                                   ip("2001:db8::2")}));
  // The original server's off-by-one form (six arguments) is refused.
  EXPECT_EQ(refused("MIGRATE mip 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 extra"), syntax_error());
  EXPECT_EQ(refused("MIGRATE mip 10.0.0.1 10.0.0.2 10.0.0.3"), syntax_error());
  EXPECT_EQ(refused("MIGRATE mip 10.0.0.1 10.0.0.2 10.0.0.3 nowhere"), bad_address());
}

TEST(ParseCommand, StatQuitExit) {
  EXPECT_EQ(parsed("STAT"), Command(StatCommand{}));
  EXPECT_EQ(parsed("QUIT"), Command(QuitCommand{}));
  EXPECT_EQ(parsed("exit"), Command(QuitCommand{}));
  EXPECT_EQ(refused("STAT x"), syntax_error());
  EXPECT_EQ(refused("QUIT now"), syntax_error());
}

TEST(CommandVerb, Keywords) {
  EXPECT_EQ(command_verb("login x"), Verb::Login);
  EXPECT_EQ(command_verb("  NS garbage"), Verb::Ns);
  EXPECT_EQ(command_verb("Exit"), Verb::Exit);
  EXPECT_EQ(command_verb("POLICY"), Verb::Policy);
  EXPECT_FALSE(command_verb("NSX"));
  EXPECT_FALSE(command_verb(""));
  EXPECT_FALSE(command_verb(" \t "));
}

TEST(FormatCommand, Texts) {
  EXPECT_EQ(format_command(SlidCommand{42}), "SLID 42");
  EXPECT_EQ(format_command(NsCommand{}), "NS LIST");
  EXPECT_EQ(format_command(FqdnCommand{FqdnCommand::Op::Query, "", ip("2001:db8::1")}),
            "FQDN QUERY 2001:db8::1");
  PolicyAddCommand add{"sel", 600,
                       PolicyAddresses{rct::IpsecMode::Tunnel, net("10.0.0.0/8"),
                                       net("192.0.2.7/32"), ip("192.0.2.1"), ip("192.0.2.2")}};
  EXPECT_EQ(format_command(add),
            "POLICY ADD sel 600 TUNNEL 10.0.0.0/8 192.0.2.7 192.0.2.1 192.0.2.2");
  EXPECT_EQ(format_command(PolicyDeleteCommand{"sel", {}}), "POLICY DELETE sel");
  EXPECT_EQ(format_command(QuitCommand{}), "QUIT");
}

// Every command kind (and every op) formats to a line that parses back to
// the same value.
TEST(FormatCommand, RoundTripEveryCommand) {
  const std::vector<Command> commands{
      LoginCommand{"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"},
      NsCommand{},
      NsCommand{NsCommand::Op::Add, ip("192.0.2.53")},
      NsCommand{NsCommand::Op::Delete, ip("2001:db8::53")},
      NsCommand{NsCommand::Op::Change, ip("fe80::1%eth0")},
      FqdnCommand{},
      FqdnCommand{FqdnCommand::Op::Add, "www.example.com.", {}},
      FqdnCommand{FqdnCommand::Op::Delete, "www.example.com.", {}},
      FqdnCommand{FqdnCommand::Op::Query, "", ip("198.51.100.1")},
      SlidCommand{0},
      SlidCommand{4294967295U},
      PolicyAddCommand{
          "in", 0,
          PolicyAddresses{
              rct::IpsecMode::Transport, net("192.0.2.1/32"), net("192.0.2.0/24"), {}, {}}},
      PolicyAddCommand{
          "out", 86400,
          PolicyAddresses{rct::IpsecMode::Tunnel, net("2001:db8:a::/48"), net("2001:db8:b::7/128"),
                          ip("2001:db8::1"), ip("2001:db8::2")}},
      PolicyDeleteCommand{"in", {}},
      PolicyDeleteCommand{
          "in",
          PolicyAddresses{
              rct::IpsecMode::Transport, net("10.0.0.1/32"), net("10.0.0.2/32"), {}, {}}},
      PolicyDeleteCommand{
          "gw", PolicyAddresses{rct::IpsecMode::Tunnel, net("10.1.0.0/16"), net("10.2.0.0/16"),
                                ip("192.0.2.1"), ip("192.0.2.2")}},
      PolicyDumpCommand{},
      MigrateCommand{"m", ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4")},
      StatCommand{},
      QuitCommand{},
  };
  for (const Command& command : commands) {
    const std::string line = format_command(command);
    auto back = parse_command(line);
    ASSERT_TRUE(back) << line << ": " << back.error().text;
    EXPECT_EQ(*back, command) << line;
  }
}

TEST(FormatCommand, ZeroLengthPrefixCannotBeExpressed) {
  // The original reads /0 as a host prefix, so ::/0 does not survive the
  // wire; Client::request refuses such a command instead of sending it.
  const PolicyAddresses any{rct::IpsecMode::Transport, net("::/0"), net("::/0"), {}, {}};
  const Command command = PolicyDeleteCommand{"x", any};
  const std::string line = format_command(command);
  EXPECT_EQ(line, "POLICY DELETE x TRANSPORT ::/0 ::/0");
  auto back = parse_command(line);
  ASSERT_TRUE(back);
  EXPECT_NE(*back, command);
}

TEST(CommandName, Names) {
  EXPECT_EQ(command_name(LoginCommand{"SECRETHASH"}), "LOGIN");
  EXPECT_EQ(command_name(NsCommand{NsCommand::Op::Change, ip("10.0.0.1")}), "NS CHANGE");
  EXPECT_EQ(command_name(FqdnCommand{FqdnCommand::Op::Query, "", ip("10.0.0.1")}), "FQDN QUERY");
  EXPECT_EQ(command_name(PolicyAddCommand{}), "POLICY ADD");
  EXPECT_EQ(command_name(PolicyDeleteCommand{}), "POLICY DELETE");
  EXPECT_EQ(command_name(MigrateCommand{}), "MIGRATE");
  EXPECT_EQ(command_name(QuitCommand{}), "QUIT");
}

}  // namespace
}  // namespace rc::spmif
