#include "tools/spmdctl/arguments.h"
#include "tools/spmdctl/usage.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <vector>

namespace spmdctl {
namespace {

namespace spmif = rc::spmif;

rc::Result<Invocation, UsageError> parse(std::initializer_list<std::string_view> words) {
  const std::vector<std::string_view> args(words);
  return parse_arguments(args);
}

// The spmif line a parsed command would send.
std::string line_of(std::initializer_list<std::string_view> words) {
  auto parsed = parse(words);
  if (!parsed) return "usage error: " + parsed.error().message;
  return std::visit(
      [](const auto& action) -> std::string {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_constructible_v<spmif::Command, T>) {
          return spmif::format_command(spmif::Command{action});
        } else {
          return std::string(action_name(Action{action}));
        }
      },
      parsed->action);
}

UsageError error_of(std::initializer_list<std::string_view> words) {
  auto parsed = parse(words);
  EXPECT_FALSE(parsed) << "parsed without error";
  if (parsed) return {};
  return parsed.error();
}

TEST(Arguments, NsCommands) {
  EXPECT_EQ(line_of({"ns", "add", "192.0.2.53"}), "NS ADD 192.0.2.53");
  EXPECT_EQ(line_of({"n", "d", "2001:DB8::1"}), "NS DELETE 2001:db8::1");
  EXPECT_EQ(line_of({"NS", "LIST"}), "NS LIST");
  EXPECT_EQ(action_name(parse({"ns", "a", "192.0.2.1"})->action), "ns add");
}

TEST(Arguments, NsMistakesShowTheNsUsage) {
  UsageError error = error_of({"ns"});
  EXPECT_EQ(error.message, "ns needs add, delete or list");
  EXPECT_NE(error.usage.find("usage: spmdctl [OPTIONS] ns add ADDR\n"), std::string::npos);
  EXPECT_NE(error.usage.find("ns list"), std::string::npos);
  EXPECT_EQ(error.usage.find("fqdn"), std::string::npos);

  error = error_of({"ns", "add"});
  EXPECT_EQ(error.message, "ns add needs one ADDR");
  EXPECT_EQ(error.usage, "usage: spmdctl [OPTIONS] ns add ADDR\n");
  EXPECT_EQ(error_of({"ns", "add", "ns.example.com"}).message,
            "ADDR 'ns.example.com' is not a numeric IP address");
  EXPECT_EQ(error_of({"ns", "list", "x"}).message, "ns list takes no arguments");
  EXPECT_EQ(error_of({"ns", "show"}).message,
            "unknown ns command 'show' (expected add, delete or list)");
}

TEST(Arguments, FqdnCommandsNormaliseTheName) {
  EXPECT_EQ(line_of({"fqdn", "add", "WWW.Example.COM"}), "FQDN ADD www.example.com.");
  EXPECT_EQ(line_of({"f", "d", "www.example.com."}), "FQDN DELETE www.example.com.");
  EXPECT_EQ(line_of({"f", "l"}), "FQDN LIST");
  EXPECT_EQ(line_of({"f", "q", "192.0.2.1"}), "FQDN QUERY 192.0.2.1");
  EXPECT_EQ(error_of({"fqdn", "query", "host"}).message, "ADDR 'host' is not a numeric IP address");
  EXPECT_EQ(error_of({"fqdn", "add"}).message, "fqdn add needs one NAME");
  EXPECT_EQ(error_of({"fqdn", "add", "."}).message,
            "NAME '.' is not a DNS name of 1 to 253 characters");
  EXPECT_EQ(error_of({"fqdn", "add", std::string(254, 'a')}).usage,
            "usage: spmdctl [OPTIONS] fqdn add NAME\n");
}

TEST(Arguments, PolicyAddTransportAndTunnel) {
  EXPECT_EQ(line_of({"policy", "add", "sel1", "3600", "transport", "10.0.0.1", "10.0.0.2"}),
            "POLICY ADD sel1 3600 TRANSPORT 10.0.0.1 10.0.0.2");
  EXPECT_EQ(line_of({"p", "a", "sel1", "0", "TU", "10.0.0.0/24", "10.0.1.0/24", "192.0.2.1",
                     "192.0.2.2"}),
            "POLICY ADD sel1 0 TUNNEL 10.0.0.0/24 10.0.1.0/24 192.0.2.1 192.0.2.2");
  // IPv6 inside IPv4 is a valid tunnel.
  EXPECT_EQ(line_of({"p", "a", "s", "60", "tunnel", "2001:db8:1::/48", "2001:db8:2::/48",
                     "192.0.2.1", "192.0.2.2"}),
            "POLICY ADD s 60 TUNNEL 2001:db8:1::/48 2001:db8:2::/48 192.0.2.1 192.0.2.2");
}

TEST(Arguments, PolicyAddMistakes) {
  EXPECT_EQ(error_of({"p", "a", "s", "60", "t", "10.0.0.1", "10.0.0.2"}).message,
            "ambiguous mode 't': transport or tunnel");
  EXPECT_EQ(
      error_of({"p", "a", "s", "60", "transport", "10.0.0.1", "10.0.0.2", "192.0.2.1", "192.0.2.2"})
          .message,
      "policy add transport needs SRC and DST");
  EXPECT_EQ(error_of({"p", "a", "s", "60", "tunnel", "10.0.0.1", "10.0.0.2"}).message,
            "policy add tunnel needs SRC, DST, SA_SRC and SA_DST");
  EXPECT_EQ(error_of({"p", "a", "s", "1h", "transport", "10.0.0.1", "10.0.0.2"}).message,
            "LIFETIME '1h' is not a number of seconds");
  EXPECT_EQ(error_of({"p", "a", "s", "60", "transport", "10.0.0.1", "2001:db8::1"}).message,
            "SRC and DST must be of one address family");
  EXPECT_EQ(error_of({"p", "a", "s", "60", "transport", "10.0.0.0/0", "10.0.0.2"}).message,
            "SRC '10.0.0.0/0': a /0 prefix cannot be sent to spmd");
  EXPECT_EQ(error_of({"p", "a", "s", "60", "transport", "10.0.0.1", "host"}).message,
            "DST 'host' is not an address or address/prefix-length");
  EXPECT_EQ(
      error_of({"p", "a", "s", "60", "tunnel", "10.0.0.1", "10.0.0.2", "192.0.2.1", "2001:db8::2"})
          .message,
      "SA_SRC and SA_DST must be of one address family");
  EXPECT_EQ(error_of({"p", "a", "a b", "60", "transport", "10.0.0.1", "10.0.0.2"}).message,
            "SLID 'a b' must be one word");
  const UsageError short_form = error_of({"policy", "add", "s"});
  EXPECT_EQ(short_form.message, "policy add needs SLID, LIFETIME, a mode and addresses");
  EXPECT_NE(short_form.usage.find("policy add SLID LIFETIME tunnel"), std::string::npos);
  EXPECT_EQ(short_form.usage.find("policy delete"), std::string::npos);
}

TEST(Arguments, PolicyDeleteShortAndLongForms) {
  EXPECT_EQ(line_of({"policy", "delete", "sel1"}), "POLICY DELETE sel1");
  EXPECT_EQ(line_of({"p", "d", "sel1", "tr", "10.0.0.1", "10.0.0.2"}),
            "POLICY DELETE sel1 TRANSPORT 10.0.0.1 10.0.0.2");
  EXPECT_EQ(
      line_of({"p", "d", "sel1", "tun", "10.0.0.0/8", "10.1.0.0/16", "192.0.2.1", "192.0.2.2"}),
      "POLICY DELETE sel1 TUNNEL 10.0.0.0/8 10.1.0.0/16 192.0.2.1 192.0.2.2");
  EXPECT_EQ(error_of({"p", "d"}).message, "policy delete needs SLID");
  EXPECT_EQ(error_of({"p", "d", "s", "transport", "10.0.0.1"}).message,
            "policy delete transport needs SRC and DST");
  EXPECT_EQ(error_of({"p", "d", "s", "sideways", "10.0.0.1", "10.0.0.2"}).message,
            "unknown mode 'sideways' (expected transport or tunnel)");
}

TEST(Arguments, PolicyShowAndAll) {
  auto show = parse({"p", "s"});
  ASSERT_TRUE(show);
  ASSERT_TRUE(std::holds_alternative<PolicyShow>(show->action));
  EXPECT_FALSE(std::get<PolicyShow>(show->action).all);
  auto all = parse({"POL", "SH", "--all"});
  ASSERT_TRUE(all);
  EXPECT_TRUE(std::get<PolicyShow>(all->action).all);
  EXPECT_EQ(error_of({"status", "--all"}).message, "--all goes only with policy show");
  EXPECT_EQ(error_of({"p", "s", "extra"}).message, "policy show takes no arguments");
  EXPECT_EQ(error_of({"policy"}).message, "policy needs add, delete or show");
}

TEST(Arguments, Migrate) {
  EXPECT_EQ(line_of({"migrate", "sel1", "192.0.2.1", "192.0.2.2", "198.51.100.1", "192.0.2.2"}),
            "MIGRATE sel1 192.0.2.1 192.0.2.2 198.51.100.1 192.0.2.2");
  EXPECT_EQ(error_of({"m", "sel1", "192.0.2.1", "192.0.2.2", "198.51.100.1"}).message,
            "migrate needs SLID, SRC0, DST0, SRC and DST");
  EXPECT_EQ(error_of({"m", "s", "192.0.2.1", "2001:db8::1", "198.51.100.1", "192.0.2.2"}).message,
            "SRC0 and DST0 must be of one address family");
  EXPECT_EQ(error_of({"m", "s", "192.0.2.1", "192.0.2.2", "x", "192.0.2.2"}).message,
            "SRC 'x' is not a numeric IP address");
}

TEST(Arguments, StatusReloadInteractive) {
  EXPECT_EQ(line_of({"status"}), "STAT");
  EXPECT_EQ(line_of({"s"}), "STAT");
  EXPECT_EQ(line_of({"r"}), "reload");
  EXPECT_EQ(line_of({"i"}), "interactive");
  EXPECT_EQ(line_of({"interactive"}), "interactive");
  // The original's spelling, and its prefixes beyond "s" (which is status).
  EXPECT_EQ(line_of({"sc_interactive"}), "interactive");
  EXPECT_EQ(line_of({"sc"}), "interactive");
  EXPECT_EQ(error_of({"status", "now"}).message, "status takes no arguments");
  EXPECT_EQ(error_of({"reload", "now"}).usage, "usage: spmdctl [OPTIONS] reload\n");
}

TEST(Arguments, UnknownOrMissingCommandShowsEveryUsage) {
  UsageError error = error_of({"flush"});
  EXPECT_EQ(error.message,
            "unknown command 'flush' (expected ns, fqdn, policy, migrate, status, reload or "
            "interactive)");
  EXPECT_NE(error.usage.find("ns add ADDR"), std::string::npos);
  EXPECT_NE(error.usage.find("interactive"), std::string::npos);
  EXPECT_EQ(error_of({}).message, "no command given");
  EXPECT_EQ(error_of({"-d"}).message, "no command given");
}

TEST(Arguments, GlobalOptions) {
  auto parsed = parse({"-d", "-f", "/etc/r2.conf", "--json", "--key-engine=pfkeyd", "--pid-file",
                       "/run/spmd.pid", "status"});
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->options, (GlobalOptions{.trace = true,
                                            .config_file = "/etc/r2.conf",
                                            .json = true,
                                            .key_engine = "pfkeyd",
                                            .pid_file = "/run/spmd.pid"}));
  // Options may follow the command; both value spellings work.
  auto after = parse({"status", "--json", "--key-engine", "xfrm", "--pid-file=/p"});
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->options.json);
  EXPECT_EQ(after->options.key_engine, "xfrm");
  EXPECT_EQ(after->options.pid_file, "/p");
}

TEST(Arguments, OptionMistakes) {
  EXPECT_EQ(error_of({"--key-engine=kame", "status"}).message,
            "--key-engine: expected auto, pfkey, xfrm or pfkeyd, got 'kame'");
  EXPECT_EQ(error_of({"status", "-f"}).message, "-f needs a racoon2.conf file");
  EXPECT_EQ(error_of({"status", "--pid-file"}).message, "--pid-file needs a value");
  EXPECT_EQ(error_of({"--pid-file=", "reload"}).message, "--pid-file needs a path");
  EXPECT_EQ(error_of({"-x", "status"}).message, "unknown option '-x'");
  EXPECT_EQ(error_of({"--json", "interactive"}).message,
            "interactive relays spmd's replies as they come; --json does not apply");
}

TEST(Arguments, DoubleDashEndsOptions) {
  EXPECT_EQ(line_of({"policy", "delete", "--", "-odd-selector"}), "POLICY DELETE -odd-selector");
}

TEST(Arguments, HelpAndVersionWinOverEverythingElse) {
  EXPECT_TRUE(std::holds_alternative<Help>(parse({"-h"})->action));
  EXPECT_TRUE(std::holds_alternative<Help>(parse({"ns", "add", "--help"})->action));
  EXPECT_TRUE(std::holds_alternative<Version>(parse({"-V"})->action));
  EXPECT_TRUE(std::holds_alternative<Version>(parse({"--version", "bogus"})->action));
}

TEST(Arguments, HelpListsEveryCommandForm) {
  const std::string help = help_text();
  for (const char* form :
       {"ns add ADDR", "ns delete ADDR", "ns list", "fqdn add NAME", "fqdn delete NAME",
        "fqdn list", "fqdn query ADDR", "policy add SLID LIFETIME transport",
        "policy add SLID LIFETIME tunnel", "policy delete SLID\n", "policy show [--all]",
        "migrate SLID SRC0 DST0 SRC DST", "status", "reload", "interactive", "--json",
        "--key-engine=ENGINE", "--pid-file PATH", "Exit status"}) {
    EXPECT_NE(help.find(form), std::string::npos) << form;
  }
}

}  // namespace
}  // namespace spmdctl
