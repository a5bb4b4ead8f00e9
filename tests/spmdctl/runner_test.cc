// spmdctl end to end, minus main(): the parsed command runs through the
// runner and the spmif client against a real spmif server session in a
// temporary directory (spmif_server.h), and policy show joins with a real
// pfkeyd's SPD.
#include "tools/spmdctl/runner.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <sstream>

#include "daemon/pid_file.h"
#include "kernel/engine_select.h"
#include "spmif_server.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace spmdctl {
namespace {

using rc::spmif::Reply;

constexpr std::array<std::uint8_t, 16> kSecret = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff, 0x10,
                                                  0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x0d, 0x0a};

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

void write_secret(const std::string& path, std::span<const std::uint8_t> bytes) {
  {
    std::ofstream file(path, std::ios::binary);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): bytes to a stream
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  ::chmod(path.c_str(), 0600);
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::chmod(dir_.root().c_str(), 0700), 0);
    write_secret(password_file_, kSecret);
    ASSERT_TRUE(server_.start()) << server_.error();
  }

  Outcome run_tool(std::initializer_list<std::string_view> words, const std::string& input = "") {
    const std::vector<std::string_view> args(words);
    auto invocation = parse_arguments(args);
    EXPECT_TRUE(invocation) << invocation.error().message;
    if (!invocation) return {};
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Environment environment{
        .connection = {.socket_path = socket_path_,
                       .password_file = password_file_,
                       .timeout = std::chrono::milliseconds(5000),
                       .trace = {}},
        .engine_policies = engine_policies_,
        .pid_file = pid_file_,
        .in = in,
        .out = out,
        .err = err,
    };
    Outcome outcome;
    outcome.status = run(*invocation, environment);
    outcome.out = out.str();
    outcome.err = err.str();
    return outcome;
  }

  rc::testing::TempDir dir_{"spmdctl-runner"};
  std::string socket_path_ = dir_.path("spmif");
  std::string password_file_ = dir_.path("spmd.pwd");
  std::string pid_file_ = dir_.path("spmd.pid");
  std::function<rc::Result<std::vector<rc::kernel::PolicyInfo>>()> engine_policies_;
  testing::ScriptedHandler spmd_;
  testing::SpmifServer server_{socket_path_, kSecret, spmd_};
};

using Lines = std::vector<std::string>;

TEST_F(RunnerTest, NsAddAddsAnUnlistedServer) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53"}});
  spmd_.on("NS ADD 192.0.2.54", Reply{250, {"192.0.2.54 Added"}});
  const Outcome outcome = run_tool({"ns", "add", "192.0.2.54"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "192.0.2.54 Added\n");
  EXPECT_EQ(outcome.err, "");
  EXPECT_EQ(spmd_.received(), (Lines{"NS LIST", "NS ADD 192.0.2.54"}));
  EXPECT_EQ(server_.quits(), 1);
}

TEST_F(RunnerTest, NsAddMakesAListedServerCurrent) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53", "2001:db8::53"}});
  spmd_.on("NS CHANGE 2001:db8::53", Reply{250, {"2001:db8::53 changed."}});
  const Outcome outcome = run_tool({"--json", "n", "a", "2001:DB8:0::53"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            R"({"ok":true,"command":"ns add","request":"NS CHANGE 2001:db8::53","code":250,)"
            R"("reply":["2001:db8::53 changed."]})"
            "\n");
  EXPECT_EQ(spmd_.received(), (Lines{"NS LIST", "NS CHANGE 2001:db8::53"}));
}

TEST_F(RunnerTest, NsAddWhenTheResolverIsOff) {
  spmd_.on("NS LIST", Reply{251, {"No Name Server(resolver off?)"}});
  spmd_.on("NS ADD 192.0.2.54", Reply{550, {"Operation Failed"}});
  const Outcome outcome = run_tool({"ns", "add", "192.0.2.54"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: NS ADD 192.0.2.54: 550 Operation Failed\n");
  EXPECT_EQ(server_.quits(), 1);
}

TEST_F(RunnerTest, NsDeleteDeletesAListedServerWhenOthersRemain) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53", "192.0.2.54"}});
  spmd_.on("NS DELETE 192.0.2.54", Reply{250, {"192.0.2.54 Deleted"}});
  const Outcome outcome = run_tool({"ns", "delete", "192.0.2.54"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "192.0.2.54 Deleted\n");
  EXPECT_EQ(spmd_.received(), (Lines{"NS LIST", "NS DELETE 192.0.2.54"}));
}

TEST_F(RunnerTest, NsDeleteRefusesTheLastServerAndUnknownOnes) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53"}});
  Outcome outcome = run_tool({"ns", "delete", "192.0.2.53"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err,
            "spmdctl: ns delete: 192.0.2.53 is spmd's only name server; add another one before "
            "deleting it\n");
  outcome = run_tool({"--json", "ns", "delete", "192.0.2.99"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: ns delete: 192.0.2.99 is not one of spmd's name servers\n");
  EXPECT_EQ(outcome.out,
            R"({"ok":false,"command":"ns delete",)"
            R"("error":"ns delete: 192.0.2.99 is not one of spmd's name servers","code":0})"
            "\n");
  EXPECT_EQ(spmd_.received(), (Lines{"NS LIST", "NS LIST"}));
  EXPECT_EQ(server_.quits(), 2);
}

TEST_F(RunnerTest, NsList) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53", "192.0.2.54"}});
  Outcome outcome = run_tool({"ns", "list"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "192.0.2.53\n192.0.2.54\n");
  outcome = run_tool({"ns", "list", "--json"});
  EXPECT_EQ(outcome.out,
            R"({"ok":true,"command":"ns list","nameservers":[)"
            R"({"address":"192.0.2.53","current":true},{"address":"192.0.2.54","current":false}]})"
            "\n");
}

TEST_F(RunnerTest, NsListWithoutDnsInNsswitch) {
  spmd_.on("NS LIST", Reply{550, {"Operation Failed(nsswitch.conf has no dns)"}});
  const Outcome outcome = run_tool({"ns", "list"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: NS LIST: 550 Operation Failed(nsswitch.conf has no dns)\n");
}

TEST_F(RunnerTest, FqdnAddDeleteList) {
  spmd_.on("FQDN ADD www.example.com.", Reply{250, {"FQDN Registered"}});
  spmd_.on("FQDN DELETE www.example.com.", Reply{250, {"FQDN Deregistered"}});
  spmd_.on("FQDN LIST", Reply{250, {"www.example.com.", "mail.example.com."}});
  EXPECT_EQ(run_tool({"fqdn", "add", "WWW.example.com"}).out, "FQDN Registered\n");
  EXPECT_EQ(run_tool({"fqdn", "delete", "www.example.com"}).out, "FQDN Deregistered\n");
  EXPECT_EQ(run_tool({"fqdn", "list"}).out, "www.example.com.\nmail.example.com.\n");
  EXPECT_EQ(run_tool({"--json", "fqdn", "list"}).out,
            R"({"ok":true,"command":"fqdn list","fqdns":[{"name":"www.example.com."},)"
            R"({"name":"mail.example.com."}]})"
            "\n");
  EXPECT_EQ(server_.quits(), 4);
}

TEST_F(RunnerTest, FqdnAddOfAKnownName) {
  spmd_.on("FQDN ADD www.example.com.", Reply{550, {"FQDN Already Exists"}});
  const Outcome outcome = run_tool({"fqdn", "add", "www.example.com"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: FQDN ADD www.example.com.: 550 FQDN Already Exists\n");
}

TEST_F(RunnerTest, FqdnQuery) {
  spmd_.on("FQDN QUERY 192.0.2.80", Reply{250, {"www.example.com.", "web.example.com."}});
  spmd_.on("FQDN QUERY 192.0.2.81", Reply{501, {"Not Cached"}});
  Outcome outcome = run_tool({"fqdn", "query", "192.0.2.80"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, "www.example.com.\nweb.example.com.\n");
  outcome = run_tool({"--json", "fqdn", "query", "192.0.2.81"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: FQDN QUERY 192.0.2.81: 501 Not Cached\n");
  EXPECT_EQ(outcome.out, R"({"ok":false,"command":"fqdn query",)"
                         R"("error":"FQDN QUERY 192.0.2.81: 501 Not Cached","code":501})"
                         "\n");
}

TEST_F(RunnerTest, PolicyAddTransportAndTunnel) {
  spmd_.on("POLICY ADD sel_out 3600 TRANSPORT 10.0.0.1 10.0.0.2",
           Reply{250, {"Policy Added sel_out and sel_in"}});
  spmd_.on("POLICY ADD tun_out 0 TUNNEL 10.0.0.0/24 10.1.0.0/24 192.0.2.1 192.0.2.2",
           Reply{250, {"Policy Added tun_out and tun_in"}});
  Outcome outcome =
      run_tool({"policy", "add", "sel_out", "3600", "transport", "10.0.0.1", "10.0.0.2"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "Policy Added sel_out and sel_in\n");
  outcome = run_tool(
      {"p", "a", "tun_out", "0", "tu", "10.0.0.0/24", "10.1.0.0/24", "192.0.2.1", "192.0.2.2"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "Policy Added tun_out and tun_in\n");
}

TEST_F(RunnerTest, PolicyAddRefused) {
  spmd_.on("POLICY ADD nosuch 60 TRANSPORT 10.0.0.1 10.0.0.2",
           Reply{550, {"Operation Failed, selector not found"}});
  const Outcome outcome =
      run_tool({"--json", "policy", "add", "nosuch", "60", "transport", "10.0.0.1", "10.0.0.2"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err,
            "spmdctl: POLICY ADD nosuch 60 TRANSPORT 10.0.0.1 10.0.0.2: 550 Operation Failed, "
            "selector not found\n");
  EXPECT_EQ(outcome.out,
            R"({"ok":false,"command":"policy add","error":"POLICY ADD nosuch 60 TRANSPORT )"
            R"(10.0.0.1 10.0.0.2: 550 Operation Failed, selector not found","code":550})"
            "\n");
  EXPECT_EQ(server_.quits(), 1);
}

TEST_F(RunnerTest, PolicyDeleteBothForms) {
  spmd_.on("POLICY DELETE sel_out", Reply{250, {"Policy Deleted"}});
  spmd_.on("POLICY DELETE sel_out TRANSPORT 10.0.0.1 10.0.0.2", Reply{250, {"Policy Deleted"}});
  EXPECT_EQ(run_tool({"policy", "delete", "sel_out"}).out, "Policy Deleted\n");
  EXPECT_EQ(run_tool({"p", "d", "sel_out", "tr", "10.0.0.1", "10.0.0.2"}).status, 0);
  EXPECT_EQ(spmd_.received(),
            (Lines{"POLICY DELETE sel_out", "POLICY DELETE sel_out TRANSPORT 10.0.0.1 10.0.0.2"}));
}

TEST_F(RunnerTest, MigrateIsSent) {
  spmd_.on("MIGRATE sel_out 192.0.2.1 192.0.2.2 198.51.100.1 192.0.2.2", Reply{250, {"OK"}});
  const Outcome outcome = run_tool(
      {"--json", "migrate", "sel_out", "192.0.2.1", "192.0.2.2", "198.51.100.1", "192.0.2.2"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            R"({"ok":true,"command":"migrate",)"
            R"("request":"MIGRATE sel_out 192.0.2.1 192.0.2.2 198.51.100.1 192.0.2.2",)"
            R"("code":250,"reply":["OK"]})"
            "\n");
}

TEST_F(RunnerTest, Status) {
  spmd_.on("STAT", Reply{250,
                         {"DNS QUERY = 3", "DNS RESPONSE = 2", "DNS QUERY PROXY = 0",
                          "DNS RESPONSE PROXY = 0", "DNS EXPIRED QUERY = 1", "DNS DUP QUERY = 0",
                          "CACHE IP ADDRESS = 4", "CACHE FQDN = 2", "CACHE TOTAL FQDN = 2"}});
  Outcome outcome = run_tool({"status"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out.rfind("DNS QUERY = 3\nDNS RESPONSE = 2\n", 0), 0U) << outcome.out;
  EXPECT_NE(outcome.out.find("CACHE TOTAL FQDN = 2\n"), std::string::npos);
  outcome = run_tool({"--json", "st"});
  EXPECT_EQ(
      outcome.out.rfind(R"({"ok":true,"command":"status","counters":[)"
                        R"({"name":"DNS QUERY","value":3},{"name":"DNS RESPONSE","value":2},)",
                        0),
      0U)
      << outcome.out;
  EXPECT_NE(outcome.out.find(R"({"name":"CACHE TOTAL FQDN","value":2}]})"), std::string::npos);
}

TEST_F(RunnerTest, TraceShowsEveryLineWithTheLoginMasked) {
  spmd_.on("NS LIST", Reply{250, {"192.0.2.53", "192.0.2.54"}});
  const Outcome outcome = run_tool({"-d", "ns", "list"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, "192.0.2.53\n192.0.2.54\n");
  for (const char* line : {"> LOGIN ****\n", "< 250 OK\n", "> NS LIST\n", "< 250-192.0.2.53\n",
                           "< 250 192.0.2.54\n", "> QUIT\n", "< 250 BYE\n"}) {
    EXPECT_NE(outcome.err.find(line), std::string::npos) << line << " not in:\n" << outcome.err;
  }
  // The greeting's challenge is shown, the response never is.
  EXPECT_NE(outcome.err.find("< 220 "), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.err.find("> LOGIN ", outcome.err.find("> LOGIN ****") + 1), std::string::npos);
}

TEST_F(RunnerTest, LoginRefused) {
  const std::string other = dir_.path("other.pwd");
  write_secret(other, std::array<std::uint8_t, 3>{1, 2, 3});
  password_file_ = other;
  spmd_.on("STAT", Reply{250, {"DNS QUERY = 0"}});
  const Outcome outcome = run_tool({"status"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err,
            "spmdctl: login refused: check that spmd.pwd (" + other + ") is the file spmd uses\n");
  EXPECT_EQ(outcome.out, "");
  EXPECT_TRUE(spmd_.received().empty());
  EXPECT_EQ(server_.login_failures(), 1);
}

TEST_F(RunnerTest, UnreadablePasswordFile) {
  password_file_ = dir_.path("missing.pwd");
  const Outcome outcome = run_tool({"status"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err.rfind("spmdctl: cannot read spmd.pwd: ", 0), 0U) << outcome.err;
}

TEST_F(RunnerTest, SpmdNotRunning) {
  socket_path_ = dir_.path("nothing-here");
  Outcome outcome = run_tool({"--json", "status"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: spmd is not running: no spmif socket at " + socket_path_ + "\n");
  EXPECT_EQ(outcome.out, R"({"ok":false,"command":"status","error":"spmd is not running: no )"
                         R"(spmif socket at )" +
                             socket_path_ + R"(","code":0})" + "\n");

  // A socket file left behind by a spmd that died: nobody listens.
  socket_path_ = dir_.path("stale");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path_.data(), socket_path_.size());
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  outcome = run_tool({"status"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err, "spmdctl: spmd is not running: no spmif socket at " + socket_path_ + "\n");
}

TEST_F(RunnerTest, InteractiveRelaysUntilQuit) {
  spmd_.on("STAT", Reply{250, {"DNS QUERY = 3", "CACHE FQDN = 1"}});
  spmd_.on("FQDN QUERY 192.0.2.80", Reply{250, {"www.example.com."}});
  const Outcome outcome = run_tool({"interactive"},
                                   "stat\r\n"
                                   "bogus words\n"
                                   "login 0123\n"
                                   "\n"
                                   "fqdn query 192.0.2.80\n"
                                   "fqdn query 192.0.2.81\n"
                                   "quit\n"
                                   "stat\n");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "250-DNS QUERY = 3\n"
            "250 CACHE FQDN = 1\n"
            "502 Command not implemented (not sent)\n"
            "250 www.example.com.\n"
            "550 unscripted: FQDN QUERY 192.0.2.81\n");
  EXPECT_EQ(outcome.err, "spmdctl: already logged in; LOGIN not sent\n");
  EXPECT_EQ(spmd_.received(), (Lines{"STAT", "FQDN QUERY 192.0.2.80", "FQDN QUERY 192.0.2.81"}));
  EXPECT_EQ(server_.quits(), 1);
}

TEST_F(RunnerTest, InteractiveEndsAtEndOfInput) {
  spmd_.on("STAT", Reply{250, {"DNS QUERY = 3"}});
  const Outcome outcome = run_tool({"sc_interactive"}, "stat");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, "250 DNS QUERY = 3\n");
  EXPECT_EQ(server_.quits(), 1);
}

// reload needs no spmif: SIGHUP to the process holding spmd's pid file.
TEST_F(RunnerTest, ReloadSignalsThePidFileHolder) {
  std::array<int, 2> ready{};
  ASSERT_EQ(::pipe(ready.data()), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, nullptr);
    auto pid_file = rc::daemon::PidFile::open(pid_file_);
    if (!pid_file || !pid_file->write()) ::_exit(2);
    ::alarm(10);  // never outlive a broken test
    const char byte = 1;
    (void)!::write(ready[1], &byte, 1);
    int signo = 0;
    ::sigwait(&hup, &signo);
    ::_exit(signo == SIGHUP ? 0 : 3);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  const Outcome outcome = run_tool({"--json", "reload"});
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, R"({"ok":true,"command":"reload","pid":)" + std::to_string(child) + "}\n");
  ASSERT_TRUE(WIFEXITED(status)) << "the child did not get SIGHUP";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(spmd_.received().empty());
}

TEST_F(RunnerTest, ReloadWithoutSpmd) {
  const Outcome outcome = run_tool({"reload"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err.rfind("spmdctl: reload: " + pid_file_, 0), 0U) << outcome.err;
}

// policy show against a real pfkeyd holding spmd's policies and one of
// someone else's.
class PolicyShowTest : public RunnerTest {
 protected:
  void SetUp() override {
    RunnerTest::SetUp();
#ifndef RACOON2_PFKEYD_BINARY
    GTEST_SKIP() << "pfkeyd is not part of this build";
#else
    ASSERT_EQ(::chmod(pfkeyd_dir_.root().c_str(), 0700), 0);
    pfkeyd_ = std::make_unique<rc::testing::PfkeydProcess>(RACOON2_PFKEYD_BINARY,
                                                           pfkeyd_dir_.root().string());
    ASSERT_TRUE(pfkeyd_->start()) << pfkeyd_->error();
    rc::kernel::EngineSettings settings;
    settings.kind = rc::kernel::EngineKind::Pfkeyd;
    settings.pfkeyd_socket = pfkeyd_->socket_path();
    auto engine = rc::kernel::open_engine(rc::kernel::EngineKind::Pfkeyd, settings);
    ASSERT_TRUE(engine) << engine.error().message;
    engine_ = std::move(*engine);
    engine_policies_ = [this] { return engine_->dump_policies(); };
#endif
  }

  rc::kernel::Spid add(const rc::kernel::PolicyParams& policy) {
    auto spid = engine_->add_policy(policy);
    EXPECT_TRUE(spid) << spid.error().message;
    return spid ? *spid : 0;
  }

  static rc::kernel::PolicyParams transport(const char* src, const char* dst,
                                            rc::rct::Direction direction) {
    rc::kernel::PolicyParams policy;
    policy.selector.src = rc::addr::Prefix::parse(src).value();
    policy.selector.dst = rc::addr::Prefix::parse(dst).value();
    policy.selector.protocol = IPPROTO_TCP;
    policy.selector.dst_port = 22;
    policy.direction = direction;
    policy.templates.push_back(rc::kernel::PolicyTemplate{});
    policy.lifetimes.hard.add_seconds = 3600;
    return policy;
  }

  rc::testing::TempDir pfkeyd_dir_{"spmdctl-pfkeyd"};
  std::unique_ptr<rc::testing::PfkeydProcess> pfkeyd_;
  std::unique_ptr<rc::kernel::KeyEngine> engine_;
};

TEST_F(PolicyShowTest, JoinsSpmdsBindingsWithTheEngine) {
  const auto out = add(transport("192.0.2.1", "192.0.2.2", rc::rct::Direction::Outbound));
  rc::kernel::PolicyParams tunnel =
      transport("10.1.0.0/16", "10.0.0.0/24", rc::rct::Direction::Inbound);
  tunnel.selector.protocol = rc::kernel::kAnyProtocol;
  tunnel.selector.dst_port = 0;
  tunnel.templates[0].mode = rc::rct::IpsecMode::Tunnel;
  tunnel.templates[0].tunnel_src = rc::addr::IpAddress::parse("192.0.2.2").value();
  tunnel.templates[0].tunnel_dst = rc::addr::IpAddress::parse("192.0.2.1").value();
  const auto in = add(tunnel);
  rc::kernel::PolicyParams bypass =
      transport("192.0.2.1", "192.0.2.9", rc::rct::Direction::Outbound);
  bypass.action = rc::kernel::PolicyAction::Bypass;
  bypass.templates.clear();
  const auto other = add(bypass);
  ASSERT_NE(out, 0U);
  ASSERT_NE(in, 0U);
  ASSERT_NE(other, 0U);
  spmd_.on(
      "POLICY DUMP",
      Reply{250, {"sel_out " + std::to_string(out), "sel_in " + std::to_string(in), "gone 99999"}});

  Outcome outcome = run_tool({"policy", "show"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  const std::string first =
      "192.0.2.1/32[any] 192.0.2.2/32[22] tcp\n\tout ipsec\n"
      "\tesp transport require\n\tcreated: ";
  EXPECT_EQ(outcome.out.rfind(first, 0), 0U) << outcome.out;
  EXPECT_NE(outcome.out.find("\tlifetime: 3600(s) validtime: 0(s)\n\tselector=sel_out spid=" +
                             std::to_string(out) + "\n"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("10.1.0.0/16[any] 10.0.0.0/24[any] any\n\tin ipsec\n"
                             "\tesp tunnel 192.0.2.2-192.0.2.1 require\n"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("\tselector=sel_in spid=" + std::to_string(in) + "\n"),
            std::string::npos);
  EXPECT_EQ(outcome.out.find("selector= "), std::string::npos) << "unmanaged shown without --all";
  EXPECT_EQ(outcome.err,
            "spmdctl: warning: spmd's policy for selector gone (spid 99999) is not in the key "
            "engine's SPD\n");

  outcome = run_tool({"policy", "show", "--all"});
  EXPECT_NE(outcome.out.find("192.0.2.1/32[any] 192.0.2.9/32[22] tcp\n\tout none\n"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("\tselector= spid=" + std::to_string(other) + "\n"),
            std::string::npos);

  outcome = run_tool({"--json", "policy", "show", "--all"});
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(
      outcome.out.rfind(R"({"ok":true,"command":"policy show","policies":[{"selector":"sel_out",)"
                        R"("managed":true,"spid":)" +
                            std::to_string(out),
                        0),
      0U)
      << outcome.out;
  EXPECT_NE(outcome.out.find(R"({"selector":"","managed":false,"spid":)" + std::to_string(other)),
            std::string::npos);
  EXPECT_NE(outcome.out.find(R"("missing":[{"selector":"gone","spid":99999}]})"),
            std::string::npos);
  EXPECT_EQ(server_.quits(), 3);
}

TEST_F(PolicyShowTest, NoPolicyAtAll) {
  spmd_.on("POLICY DUMP", Reply{251, {"NO Policy Exists"}});
  const Outcome outcome = run_tool({"--json", "p", "s"});
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.out, R"({"ok":true,"command":"policy show","policies":[],"missing":[]})"
                         "\n");
}

TEST_F(PolicyShowTest, TheEngineCannotBeRead) {
  spmd_.on("POLICY DUMP", Reply{251, {"NO Policy Exists"}});
  pfkeyd_->stop();
  const Outcome outcome = run_tool({"p", "s"});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.err.rfind("spmdctl: policy show: cannot read the SPD: ", 0), 0U) << outcome.err;
  EXPECT_EQ(server_.quits(), 1);
}

}  // namespace
}  // namespace spmdctl
