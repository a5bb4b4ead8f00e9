#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "safefile/safefile.h"
#include "temp_tree.h"

namespace {

using rc::testing::other_uid;

class ConfigFile : public rc::testing::TempTree {};

TEST_F(ConfigFile, ReadableByOthersIsFine) {
  for (mode_t mode : std::initializer_list<mode_t>{0600, 0640, 0644, 0444, 0755}) {
    SCOPED_TRACE(mode);
    auto fd = rc::safefile::open_config_file(make_file("racoon2.conf", "x", mode));
    EXPECT_TRUE(fd) << fd.error().message;
  }
}

TEST_F(ConfigFile, WritableByGroupOrOthersIsRefused) {
  // The original did not check the mode of configuration files at all.
  for (mode_t mode : std::initializer_list<mode_t>{0620, 0602, 0666, 0664}) {
    SCOPED_TRACE(fmt::format("{:04o}", mode));
    const std::string file = make_file("racoon2.conf", "x", mode);
    auto fd = rc::safefile::open_config_file(file);
    ASSERT_FALSE(fd);
    EXPECT_EQ(fd.error().message,
              fmt::format("{} has mode {:04o}; a configuration file must not be writable by group "
                          "or others (run: chmod go-w {})",
                          file, mode, file));
  }
}

TEST_F(ConfigFile, WrongOwnerSaysHowToFix) {
  const std::string file = make_file("racoon2.conf", "x", 0644);
  const uid_t expected = other_uid();
  auto fd = rc::safefile::open_config_file(file, expected);
  if (::geteuid() == 0) {
    // Our own file is root's, and root-owned configuration is accepted.
    EXPECT_TRUE(fd);
    return;
  }
  ASSERT_FALSE(fd);
  EXPECT_EQ(
      fd.error().message,
      fmt::format("{} is owned by uid {}, must be owned by uid {} or by root (run: chown {} {})",
                  file, ::geteuid(), expected, expected, file));
}

TEST_F(ConfigFile, RootOwnedIsAcceptedForAnyUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to create a root-owned file";
  const std::string file = make_file("racoon2.conf", "x", 0644);
  EXPECT_TRUE(rc::safefile::open_config_file(file, 1000));
}

TEST_F(ConfigFile, OtherUsersFileIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another uid";
  const std::string file = make_file("racoon2.conf", "x", 0644);
  ASSERT_EQ(::chown(file.c_str(), 1000, 1000), 0);
  auto fd = rc::safefile::open_config_file(file);
  ASSERT_FALSE(fd);
  EXPECT_EQ(
      fd.error().message,
      fmt::format("{} is owned by uid 1000, must be owned by uid 0 (run: chown 0 {})", file, file));
  // The owner itself may use it.
  EXPECT_TRUE(rc::safefile::open_config_file(file, 1000));
}

TEST_F(ConfigFile, SymlinkAndDirectoryAreRefused) {
  const std::string real = make_file("racoon2.conf", "x", 0644);
  auto link = rc::safefile::open_config_file(make_symlink("link.conf", real));
  ASSERT_FALSE(link);
  EXPECT_EQ(link.error().code, ELOOP);
  auto dir = rc::safefile::open_config_file(make_dir("conf.d", 0755));
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().message, path("conf.d") + " is not a regular file (it is a directory)");
}

TEST_F(ConfigFile, MissingKeepsErrno) {
  auto fd = rc::safefile::open_config_file(path("none.conf"));
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ENOENT);
}

}  // namespace
