// ensure_run_dir: creation, and refusal of directories others can reach.
#include "daemon/run_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace rc::daemon {
namespace {

using ::testing::HasSubstr;

class RunDirTest : public ::testing::Test {
 protected:
  std::string path(std::string_view name) const { return dir_.path(name); }

  const rc::testing::TempDir dir_{"rc-rundir"};
};

TEST_F(RunDirTest, CreatesAMissingDirectoryPrivate) {
  const mode_t old_umask = ::umask(0);  // 0700 must not depend on the umask
  auto fd = ensure_run_dir(path("run"));
  ::umask(old_umask);
  ASSERT_TRUE(fd) << fd.error().message;
  struct stat info {};
  ASSERT_EQ(::fstat(fd->get(), &info), 0);
  EXPECT_TRUE(S_ISDIR(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0700U);
}

TEST_F(RunDirTest, AcceptsAnExistingPrivateDirectory) {
  ASSERT_EQ(::mkdir(path("run").c_str(), 0700), 0);
  EXPECT_TRUE(ensure_run_dir(path("run")));
  EXPECT_TRUE(ensure_run_dir(path("run"))) << "idempotent";
}

TEST_F(RunDirTest, RefusesGroupOrOtherBitsWithoutChangingThem) {
  ASSERT_EQ(::mkdir(path("run").c_str(), 0700), 0);
  ASSERT_EQ(::chmod(path("run").c_str(), 0750), 0);
  auto fd = ensure_run_dir(path("run"));
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, "run directory " + path("run") +
                                    " has mode 0750; it must not be accessible by group or "
                                    "others (run: chmod 700 " +
                                    path("run") + ")");
  struct stat info {};
  ASSERT_EQ(::stat(path("run").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0750U);
}

TEST_F(RunDirTest, RefusesAnotherOwner) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the directory away";
  ASSERT_EQ(::mkdir(path("run").c_str(), 0700), 0);
  ASSERT_EQ(::chown(path("run").c_str(), 12345, 12345), 0);
  auto fd = ensure_run_dir(path("run"));
  ASSERT_FALSE(fd);
  EXPECT_THAT(fd.error().message, HasSubstr("is owned by uid 12345, not by uid 0"));
}

TEST_F(RunDirTest, RefusesASymbolicLink) {
  ASSERT_EQ(::mkdir(path("real").c_str(), 0700), 0);
  ASSERT_EQ(::symlink(path("real").c_str(), path("link").c_str()), 0);
  auto fd = ensure_run_dir(path("link"));
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ELOOP);
  EXPECT_THAT(fd.error().message, HasSubstr("is a symbolic link"));
}

TEST_F(RunDirTest, RefusesARegularFile) {
  std::ofstream(path("file")) << "x";
  auto fd = ensure_run_dir(path("file"));
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ENOTDIR);
  EXPECT_EQ(fd.error().message, "run directory " + path("file") + " is not a directory");
}

TEST_F(RunDirTest, MissingParentIsAnError) {
  auto fd = ensure_run_dir(path("no/run"));
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ENOENT);
  EXPECT_THAT(fd.error().message, HasSubstr("cannot create the run directory"));
}

}  // namespace
}  // namespace rc::daemon
