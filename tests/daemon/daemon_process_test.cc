// The fixture daemon run the way rc scripts run racoon2's daemons: in the
// foreground and detached, twice with one pid file, side by side with two,
// stopped with -k, failing at start-up, and sent SIGHUP.
#include <sys/prctl.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "child_process.h"
#include "support/temp_dir.h"

namespace rc::daemon::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

std::string link_target(const std::string& path) {
  std::error_code error;
  return std::filesystem::read_symlink(path, error).string();
}

class DaemonProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
#if defined(__linux__)
    // Detached daemons are re-parented to us, so we can reap them and see
    // their exit status instead of guessing from the process table.
    ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
#endif
  }

  void TearDown() override {
    for (const pid_t pid : started_) {
      if (::kill(pid, SIGKILL) == 0) (void)wait_exit(pid, 5s);
    }
  }

  std::string path(std::string_view name) const {
    return dir_.path(name);
  }

  std::vector<std::string> instance_args(std::string_view name) const {
    return {"--pid-file", path(std::string(name) + ".pid"), "--run-dir",
            path(std::string(name) + ".run")};
  }

  // Starts a detached instance; returns the daemon's pid from its pid file.
  pid_t start_daemon(std::vector<std::string> args) {
    Child parent = spawn_fixture(args);
    const std::string errors = read_to_eof(parent.err.get());
    const auto status = wait_exit(parent.pid);
    EXPECT_EQ(status, 0) << errors;
    EXPECT_EQ(errors, "");
    const std::string pid_file = args[1];
    const pid_t pid = static_cast<pid_t>(std::atoi(slurp(pid_file).c_str()));
    EXPECT_GT(pid, 1);
    if (pid > 1) started_.push_back(pid);
    EXPECT_NE(pid, parent.pid) << "the pid file must name the daemon, not the starter";
    return pid;
  }

  const rc::testing::TempDir dir_{"rc-daemon"};
  std::vector<pid_t> started_;
};

TEST_F(DaemonProcessTest, ForegroundRunsUntilSigterm) {
  const std::string pid_file = path("fg.pid");
  Child child = spawn_fixture({"-F", "--pid-file", pid_file, "--run-dir", path("fg.run")});
  started_.push_back(child.pid);
  const auto line = read_line(child.out.get());
  ASSERT_TRUE(line) << read_to_eof(child.err.get(), 1s);
  EXPECT_EQ(*line, "ready " + std::to_string(child.pid));
  EXPECT_EQ(slurp(pid_file), std::to_string(child.pid));

  struct stat run_dir {};
  ASSERT_EQ(::stat(path("fg.run").c_str(), &run_dir), 0);
  EXPECT_EQ(run_dir.st_mode & 07777, 0700U);

  ASSERT_EQ(::kill(child.pid, SIGTERM), 0);
  EXPECT_EQ(wait_exit(child.pid), 0);
  EXPECT_FALSE(exists(pid_file)) << "removed on a clean exit";
  // --foreground logs to stderr (for systemd's journal), tagged as plog did.
  EXPECT_EQ(read_to_eof(child.err.get(), 2s),
            "[INFO]: daemon_fixture started (pid " + std::to_string(child.pid) + ")\n");
}

TEST_F(DaemonProcessTest, SigintAlsoStopsCleanly) {
  const std::string pid_file = path("int.pid");
  Child child = spawn_fixture({"-F", "--pid-file", pid_file, "--run-dir", path("int.run")});
  started_.push_back(child.pid);
  ASSERT_TRUE(read_line(child.out.get()));
  ASSERT_EQ(::kill(child.pid, SIGINT), 0);
  EXPECT_EQ(wait_exit(child.pid), 0);
  EXPECT_FALSE(exists(pid_file));
}

TEST_F(DaemonProcessTest, DetachedDaemonIsReadyWhenTheStarterExits) {
  const pid_t daemon = start_daemon(instance_args("bg"));
  ASSERT_GT(daemon, 1);
  EXPECT_EQ(::kill(daemon, 0), 0) << "running when the starter has returned";
#if defined(__linux__)
  const std::string proc = "/proc/" + std::to_string(daemon);
  EXPECT_EQ(link_target(proc + "/cwd"), "/");
  for (const char* fd : {"/fd/0", "/fd/1", "/fd/2"}) EXPECT_EQ(link_target(proc + fd), "/dev/null");
  EXPECT_NE(slurp(proc + "/status").find("Umask:\t0022"), std::string::npos);
  // Not a session leader (second fork), so it can never get a terminal.
  EXPECT_NE(::getsid(daemon), daemon);
#endif
  ASSERT_EQ(::kill(daemon, SIGTERM), 0);
#if defined(__linux__)
  EXPECT_EQ(wait_exit(daemon), 0);
#endif
  EXPECT_TRUE(eventually([&] { return !exists(path("bg.pid")); }));
}

TEST_F(DaemonProcessTest, StarterWaitsForReadinessAndItsDeathDoesNotKillTheDaemon) {
  const std::string gate = path("gate");
  const std::string hup_file = path("gate.log");
  std::vector<std::string> args = instance_args("g");
  args.insert(args.end(), {"--start-gate", gate, "--hup-file", hup_file});
  Child starter = spawn_fixture(args);
  // The pid file is written before the gate, so the daemon is known...
  ASSERT_TRUE(eventually([&] { return std::atoi(slurp(path("g.pid")).c_str()) > 1; }));
  const pid_t daemon = static_cast<pid_t>(std::atoi(slurp(path("g.pid")).c_str()));
  started_.push_back(daemon);
  // ...but until it reports ready, the starter must still be waiting.
  EXPECT_EQ(wait_exit(starter.pid, 200ms), std::nullopt);

  // An impatient rc script killed the starter: the daemon's "ready" then
  // goes nowhere, and must not cost it its life (no SIGPIPE).
  ASSERT_EQ(::kill(starter.pid, SIGKILL), 0);
  EXPECT_EQ(wait_exit(starter.pid), 128 + SIGKILL);
  std::ofstream(gate) << "open";
  ASSERT_EQ(::kill(daemon, SIGHUP), 0);
  EXPECT_TRUE(eventually([&] { return !slurp(hup_file).empty(); }))
      << "the daemon did not survive reporting ready";
  ASSERT_EQ(::kill(daemon, SIGTERM), 0);
#if defined(__linux__)
  EXPECT_EQ(wait_exit(daemon), 0);
#endif
}

TEST_F(DaemonProcessTest, SecondInstanceWithTheSamePidFileIsRefused) {
  const pid_t daemon = start_daemon(instance_args("one"));
  ASSERT_GT(daemon, 1);
  const std::string expected = "daemon_fixture: already running (pid " + std::to_string(daemon) +
                               "), see " + path("one.pid");

  // Detached: the failure happens in the daemon and reaches the starter.
  Child detached = spawn_fixture(instance_args("one"));
  EXPECT_EQ(read_to_eof(detached.err.get()), expected + "\n");
  EXPECT_EQ(wait_exit(detached.pid), 1);

  std::vector<std::string> foreground = instance_args("one");
  foreground.insert(foreground.begin(), "-F");
  Child attached = spawn_fixture(foreground);
  EXPECT_EQ(read_to_eof(attached.err.get()), expected + "\n");
  EXPECT_EQ(wait_exit(attached.pid), 1);

  EXPECT_EQ(slurp(path("one.pid")), std::to_string(daemon)) << "the refused ones leave it alone";
  EXPECT_EQ(::kill(daemon, 0), 0);
}

TEST_F(DaemonProcessTest, InstancesWithTheirOwnPidFileAndRunDirCoexist) {
  const pid_t first = start_daemon(instance_args("a"));
  const pid_t second = start_daemon(instance_args("b"));
  ASSERT_GT(first, 1);
  ASSERT_GT(second, 1);
  EXPECT_NE(first, second);
  EXPECT_EQ(::kill(first, 0), 0);
  EXPECT_EQ(::kill(second, 0), 0);
  ASSERT_EQ(::kill(first, SIGTERM), 0);
  EXPECT_TRUE(eventually([&] { return !exists(path("a.pid")); }));
  EXPECT_EQ(::kill(second, 0), 0) << "stopping one must not touch the other";
  EXPECT_TRUE(exists(path("b.pid")));
}

TEST_F(DaemonProcessTest, KillOptionStopsTheRunningDaemon) {
  const pid_t daemon = start_daemon(instance_args("k"));
  ASSERT_GT(daemon, 1);
  std::vector<std::string> args = instance_args("k");
  args.insert(args.begin(), "-k");
  Child killer = spawn_fixture(args);
  EXPECT_EQ(read_to_eof(killer.err.get()), "");
  EXPECT_EQ(wait_exit(killer.pid), 0);
  EXPECT_TRUE(eventually([&] { return !exists(path("k.pid")); }));
#if defined(__linux__)
  EXPECT_EQ(wait_exit(daemon), 0);
#endif
}

TEST_F(DaemonProcessTest, KillOptionWithoutADaemonFails) {
  std::vector<std::string> args = instance_args("none");
  args.insert(args.begin(), "--kill");
  Child killer = spawn_fixture(args);
  EXPECT_EQ(read_to_eof(killer.err.get()),
            "daemon_fixture: " + path("none.pid") + " does not exist; is the daemon running?\n");
  EXPECT_EQ(wait_exit(killer.pid), 1);
}

TEST_F(DaemonProcessTest, StartupFailureInTheDaemonFailsTheStarter) {
  const std::string pid_file = path("missing/dir/x.pid");
  Child starter = spawn_fixture({"--pid-file", pid_file, "--run-dir", path("x.run")});
  const std::string errors = read_to_eof(starter.err.get());
  EXPECT_EQ(wait_exit(starter.pid), 1);
  EXPECT_EQ(errors, "daemon_fixture: cannot create the pid file " + pid_file +
                        ": No such file or directory\n");
}

TEST_F(DaemonProcessTest, InsecureRunDirFailsTheStart) {
  const std::string run_dir = path("open.run");
  ASSERT_EQ(::mkdir(run_dir.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(run_dir.c_str(), 0755), 0);
  Child starter = spawn_fixture({"--pid-file", path("open.pid"), "--run-dir", run_dir});
  const std::string errors = read_to_eof(starter.err.get());
  EXPECT_EQ(wait_exit(starter.pid), 1);
  EXPECT_NE(errors.find("has mode 0755"), std::string::npos) << errors;
  EXPECT_NE(errors.find("chmod 700 " + run_dir), std::string::npos) << errors;
  EXPECT_FALSE(exists(path("open.pid")));
}

TEST_F(DaemonProcessTest, SighupReachesTheCallback) {
  const std::string hup_file = path("hup.log");
  std::vector<std::string> args = instance_args("h");
  args.insert(args.end(), {"--hup-file", hup_file});
  const pid_t daemon = start_daemon(args);
  ASSERT_GT(daemon, 1);
  const std::string line = "hup " + std::to_string(daemon) + "\n";
  ASSERT_EQ(::kill(daemon, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return slurp(hup_file) == line; })) << slurp(hup_file);
  ASSERT_EQ(::kill(daemon, SIGHUP), 0);
  ASSERT_TRUE(eventually([&] { return slurp(hup_file) == line + line; })) << slurp(hup_file);
  EXPECT_EQ(::kill(daemon, 0), 0) << "SIGHUP must not stop the daemon";
}

TEST_F(DaemonProcessTest, BadOptionExitsWithTheMessage) {
  Child child = spawn_fixture({"--key-engine", "foo"});
  EXPECT_EQ(read_to_eof(child.err.get()),
            "daemon_fixture: option --key-engine: expected auto, pfkey, xfrm or pfkeyd, got "
            "'foo'\n");
  EXPECT_EQ(wait_exit(child.pid), 2);
}

TEST_F(DaemonProcessTest, HelpListsTheDaemonsOwnOption) {
  Child child = spawn_fixture({"--help"});
  const std::string help = read_to_eof(child.out.get());
  EXPECT_EQ(wait_exit(child.pid), 0);
  EXPECT_NE(help.find("--hup-file FILE"), std::string::npos) << help;
  EXPECT_NE(help.find("--pid-file PATH"), std::string::npos) << help;
}

}  // namespace
}  // namespace rc::daemon::testing
