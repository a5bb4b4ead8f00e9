#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "safefile/safefile.h"
#include "temp_tree.h"

namespace {

using rc::testing::other_uid;

class PrivateDir : public rc::testing::TempTree {};

TEST_F(PrivateDir, GoodDirectory) {
  const std::string dir = make_dir("run", 0700);
  EXPECT_TRUE(rc::safefile::check_private_dir(dir));
  auto fd = rc::safefile::open_private_dir(dir);
  ASSERT_TRUE(fd);
  // The descriptor is the checked directory: files can be made relative to it.
  const int file = ::openat(fd->get(), "spmif.lock", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(file, 0);
  ::close(file);
  struct stat info {};
  EXPECT_EQ(::stat(path("run/spmif.lock").c_str(), &info), 0);
}

TEST_F(PrivateDir, Mode0755SaysHowToFix) {
  const std::string dir = make_dir("run", 0755);
  auto r = rc::safefile::check_private_dir(dir);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            fmt::format("{} has mode 0755; a private directory must not be accessible by group or "
                        "others (run: chmod 700 {})",
                        dir, dir));
}

TEST_F(PrivateDir, EveryGroupAndOtherBitIsRefused) {
  for (mode_t bit :
       std::initializer_list<mode_t>{S_IRGRP, S_IWGRP, S_IXGRP, S_IROTH, S_IWOTH, S_IXOTH}) {
    const std::string dir = path(fmt::format("d{:o}", bit));
    make_dir(fmt::format("d{:o}", bit), 0700 | bit);
    SCOPED_TRACE(dir);
    EXPECT_FALSE(rc::safefile::check_private_dir(dir));
  }
}

TEST_F(PrivateDir, WrongOwnerSaysHowToFix) {
  const std::string dir = make_dir("run", 0700);
  const uid_t expected = other_uid();
  auto r = rc::safefile::check_private_dir(dir, expected);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            fmt::format("{} is owned by uid {}, must be owned by uid {} (run: chown {} {})", dir,
                        ::geteuid(), expected, expected, dir));
}

TEST_F(PrivateDir, WrongOwnerByRealChown) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a directory to another uid";
  const std::string dir = make_dir("run", 0700);
  ASSERT_EQ(::chown(dir.c_str(), 1000, 1000), 0);
  auto r = rc::safefile::check_private_dir(dir);
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      fmt::format("{} is owned by uid 1000, must be owned by uid 0 (run: chown 0 {})", dir, dir));
}

TEST_F(PrivateDir, SymlinkToAGoodDirectoryIsRefused) {
  const std::string real = make_dir("run", 0700);
  const std::string link = make_symlink("link", real);
  auto r = rc::safefile::check_private_dir(link);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ELOOP);
  EXPECT_EQ(r.error().message, link + " is a symbolic link; give the real file's path");
}

TEST_F(PrivateDir, RegularFileIsNotADirectory) {
  const std::string file = make_file("run", "", 0700);
  auto r = rc::safefile::check_private_dir(file);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ENOTDIR);
  EXPECT_EQ(r.error().message, file + " is not a directory (it is a regular file)");
}

TEST_F(PrivateDir, MissingKeepsErrno) {
  auto r = rc::safefile::check_private_dir(path("none"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ENOENT);
}

}  // namespace
