// PidFile and signal_running against real files and locks.
#include "daemon/pid_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace rc::daemon {
namespace {

class PidFileTest : public ::testing::Test {
 protected:
  std::string path(std::string_view name) const { return dir_.path(name); }

  const rc::testing::TempDir dir_{"rc-pidfile"};

  static std::string slurp(const std::string& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

TEST_F(PidFileTest, WritesOurPidReadableByOthers) {
  auto pid_file = PidFile::open(path("d.pid"));
  ASSERT_TRUE(pid_file) << pid_file.error().message;
  ASSERT_TRUE(pid_file->write());
  EXPECT_EQ(slurp(path("d.pid")), std::to_string(::getpid()));
  struct stat info {};
  ASSERT_EQ(::stat(path("d.pid").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777 & ~0022U, 0644U & ~0022U);
  EXPECT_EQ(pid_file->path(), path("d.pid"));
}

TEST_F(PidFileTest, SecondOpenWhileLockedIsRefused) {
  auto first = PidFile::open(path("d.pid"));
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->write());
  auto second = PidFile::open(path("d.pid"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, EEXIST);
  EXPECT_EQ(second.error().message,
            "already running (pid " + std::to_string(::getpid()) + "), see " + path("d.pid"));
  EXPECT_EQ(slurp(path("d.pid")), std::to_string(::getpid())) << "the refusal must not truncate";
}

TEST_F(PidFileTest, StaleFileFromACrashIsTakenOver) {
  std::ofstream(path("d.pid")) << "99999\n";
  auto pid_file = PidFile::open(path("d.pid"));
  ASSERT_TRUE(pid_file) << pid_file.error().message;
  ASSERT_TRUE(pid_file->write());
  EXPECT_EQ(slurp(path("d.pid")), std::to_string(::getpid()));
}

TEST_F(PidFileTest, RemovedOnDestructionAndByRemove) {
  {
    auto pid_file = PidFile::open(path("a.pid"));
    ASSERT_TRUE(pid_file);
    ASSERT_TRUE(pid_file->write());
  }
  EXPECT_FALSE(std::filesystem::exists(path("a.pid")));

  auto pid_file = PidFile::open(path("b.pid"));
  ASSERT_TRUE(pid_file);
  ASSERT_TRUE(pid_file->write());
  pid_file->remove();
  EXPECT_FALSE(std::filesystem::exists(path("b.pid")));
  EXPECT_FALSE(pid_file->write()) << "nothing left to write to";
  // Unlocked now: a new instance may start.
  EXPECT_TRUE(PidFile::open(path("b.pid")));
}

TEST_F(PidFileTest, AForkedChildDoesNotRemoveTheParentsFile) {
  auto pid_file = PidFile::open(path("d.pid"));
  ASSERT_TRUE(pid_file);
  ASSERT_TRUE(pid_file->write());
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    { const PidFile gone = std::move(*pid_file); }
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(std::filesystem::exists(path("d.pid")));
}

TEST_F(PidFileTest, OpenFailsInAMissingDirectory) {
  auto pid_file = PidFile::open(path("no/such/d.pid"));
  ASSERT_FALSE(pid_file);
  EXPECT_EQ(pid_file.error().code, ENOENT);
  EXPECT_EQ(pid_file.error().message,
            "cannot create the pid file " + path("no/such/d.pid") + ": No such file or directory");
}

TEST_F(PidFileTest, SignalRunningFindsTheLockedPid) {
  auto pid_file = PidFile::open(path("d.pid"));
  ASSERT_TRUE(pid_file);
  ASSERT_TRUE(pid_file->write());
  auto signalled = signal_running(path("d.pid"), 0);  // 0: existence check only
  ASSERT_TRUE(signalled) << signalled.error().message;
  EXPECT_EQ(*signalled, ::getpid());
}

TEST_F(PidFileTest, SignalRunningRefusesAStaleFile) {
  // Our own pid, but unlocked: a stale file whose number could be anyone's.
  std::ofstream(path("d.pid")) << ::getpid();
  auto signalled = signal_running(path("d.pid"), 0);
  ASSERT_FALSE(signalled);
  EXPECT_EQ(signalled.error().code, ESRCH);
  EXPECT_EQ(signalled.error().message, path("d.pid") + " is stale: no running process holds it");
}

TEST_F(PidFileTest, SignalRunningExplainsAMissingFile) {
  auto signalled = signal_running(path("d.pid"));
  ASSERT_FALSE(signalled);
  EXPECT_EQ(signalled.error().code, ENOENT);
  EXPECT_EQ(signalled.error().message, path("d.pid") + " does not exist; is the daemon running?");
}

TEST_F(PidFileTest, SignalRunningRefusesGarbage) {
  auto pid_file = PidFile::open(path("d.pid"));
  ASSERT_TRUE(pid_file);  // locked, but nothing written yet
  auto signalled = signal_running(path("d.pid"), 0);
  ASSERT_FALSE(signalled);
  EXPECT_EQ(signalled.error().message, path("d.pid") + " does not hold a process id");
}

}  // namespace
}  // namespace rc::daemon
