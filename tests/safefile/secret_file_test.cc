#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "safefile/safefile.h"
#include "temp_tree.h"

namespace {

using rc::testing::other_uid;

class SecretFile : public rc::testing::TempTree {};

std::string read_all(int fd) {
  std::string out;
  char chunk[64];
  ssize_t n = 0;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) out.append(chunk, static_cast<std::size_t>(n));
  return out;
}

TEST_F(SecretFile, GoodFileOpens) {
  for (mode_t mode : std::initializer_list<mode_t>{0600, 0400, 0700}) {
    SCOPED_TRACE(mode);
    const std::string file = make_file("key", "psk", mode);
    auto fd = rc::safefile::open_secret_file(file);
    ASSERT_TRUE(fd) << fd.error().message;
    EXPECT_EQ(read_all(fd->get()), "psk");
  }
}

TEST_F(SecretFile, DescriptorIsBlockingAndCloseOnExec) {
  auto fd = rc::safefile::open_secret_file(make_file("key", "psk", 0600));
  ASSERT_TRUE(fd);
  EXPECT_EQ(::fcntl(fd->get(), F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(fd->get(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST_F(SecretFile, WrongOwnerSaysHowToFix) {
  const std::string file = make_file("key", "psk", 0600);
  const uid_t expected = other_uid();
  auto fd = rc::safefile::open_secret_file(file, expected);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message,
            fmt::format("{} is owned by uid {}, must be owned by uid {} (run: chown {} {})", file,
                        ::geteuid(), expected, expected, file));
  EXPECT_EQ(fd.error().code, 0);
}

TEST_F(SecretFile, WrongOwnerByRealChown) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another uid";
  const std::string file = make_file("key", "psk", 0600);
  ASSERT_EQ(::chown(file.c_str(), 1000, 1000), 0);
  auto fd = rc::safefile::open_secret_file(file);
  ASSERT_FALSE(fd);
  EXPECT_EQ(
      fd.error().message,
      fmt::format("{} is owned by uid 1000, must be owned by uid 0 (run: chown 0 {})", file, file));
}

TEST_F(SecretFile, ExampleModeMessage) {
  const std::string file = make_file("key", "psk", 0644);
  auto fd = rc::safefile::open_secret_file(file);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message,
            fmt::format("{} has mode 0644; a secret file must not be readable by group or others "
                        "(run: chmod 600 {})",
                        file, file));
}

TEST_F(SecretFile, EveryGroupAndOtherBitIsRefused) {
  struct Case {
    mode_t bit;
    const char* word;
  };
  for (const Case c :
       {Case{S_IRGRP, "readable"}, Case{S_IWGRP, "writable"}, Case{S_IXGRP, "accessible"},
        Case{S_IROTH, "readable"}, Case{S_IWOTH, "writable"}, Case{S_IXOTH, "accessible"}}) {
    const mode_t mode = 0600 | c.bit;
    SCOPED_TRACE(fmt::format("{:04o}", mode));
    const std::string file = make_file("key", "psk", mode);
    auto fd = rc::safefile::open_secret_file(file);
    ASSERT_FALSE(fd);
    EXPECT_EQ(fd.error().message,
              fmt::format("{} has mode {:04o}; a secret file must not be {} by group or others "
                          "(run: chmod 600 {})",
                          file, mode, c.word, file));
  }
}

TEST_F(SecretFile, SymlinkToAGoodFileIsRefused) {
  const std::string real = make_file("key", "psk", 0600);
  const std::string link = make_symlink("link", real);
  auto fd = rc::safefile::open_secret_file(link);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ELOOP);
  EXPECT_EQ(fd.error().message, link + " is a symbolic link; give the real file's path");
}

TEST_F(SecretFile, DanglingSymlinkIsRefusedAsSymlink) {
  const std::string link = make_symlink("link", path("nowhere"));
  auto fd = rc::safefile::open_secret_file(link);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, link + " is a symbolic link; give the real file's path");
}

TEST_F(SecretFile, DirectoryIsRefused) {
  const std::string dir = make_dir("psk", 0700);
  auto fd = rc::safefile::open_secret_file(dir);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, dir + " is not a regular file (it is a directory)");
}

TEST_F(SecretFile, FifoIsRefusedWithoutBlocking) {
  const std::string fifo = path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without O_NONBLOCK this open would wait forever for a writer.
  auto fd = rc::safefile::open_secret_file(fifo);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, fifo + " is not a regular file (it is a FIFO)");
}

TEST_F(SecretFile, DeviceIsRefused) {
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  auto fd = rc::safefile::open_secret_file("/dev/null", info.st_uid);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().message, "/dev/null is not a regular file (it is a character device)");
}

TEST_F(SecretFile, MissingFileKeepsErrno) {
  const std::string missing = path("missing");
  auto fd = rc::safefile::open_secret_file(missing);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().code, ENOENT);
  EXPECT_EQ(fd.error().message, "cannot open " + missing + ": No such file or directory");
}

TEST_F(SecretFile, ReadKeepsTheWholeContentIncludingTrailingNewline) {
  const std::string file = make_file("key", "secret\n", 0600);
  auto key = rc::safefile::read_secret_file(file, 1024);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(rc::buf::as_text(key->reveal()), "secret\n");
}

TEST_F(SecretFile, ReadKeepsBinaryContent) {
  using namespace std::string_view_literals;
  const std::string file = make_file("key", "\0\xff\n\r "sv, 0600);
  auto key = rc::safefile::read_secret_file(file, 1024);
  ASSERT_TRUE(key);
  EXPECT_EQ(rc::buf::to_hex(key->reveal()), "00ff0a0d20");
}

TEST_F(SecretFile, ReadHonoursTheSizeLimit) {
  const std::string file = make_file("key", "12345", 0600);
  auto at_limit = rc::safefile::read_secret_file(file, 5);
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->size(), 5U);
  auto over = rc::safefile::read_secret_file(file, 4);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message, file + " is 5 bytes long; a key file may hold at most 4 bytes");
}

TEST_F(SecretFile, ReadRefusesAnEmptyFile) {
  const std::string file = make_file("key", "", 0600);
  auto key = rc::safefile::read_secret_file(file, 1024);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message, file + " is empty; it must hold the key");
}

TEST_F(SecretFile, ReadAppliesTheSameChecks) {
  EXPECT_FALSE(rc::safefile::read_secret_file(make_file("loose", "psk", 0640), 1024));
  EXPECT_FALSE(rc::safefile::read_secret_file(make_file("mine", "psk", 0600), 1024, other_uid()));
  auto missing = rc::safefile::read_secret_file(path("none"), 1024);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ENOENT);
}

}  // namespace
