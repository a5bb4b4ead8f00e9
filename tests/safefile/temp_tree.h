// A private temporary directory for one test, with helpers to create files
// of an exact mode (umask does not apply) and owner.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace rc::testing {

class TempTree : public ::testing::Test {
 protected:
  // Creates (or replaces) a regular file with this content and exact mode.
  std::string make_file(std::string_view name, std::string_view content, mode_t mode) {
    const std::string path = (root_ / name).string();
    ::unlink(path.c_str());  // a read-only predecessor could not be truncated
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0) << path;
    if (fd < 0) return path;
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    EXPECT_EQ(::fchmod(fd, mode), 0);
    ::close(fd);
    return path;
  }

  std::string make_dir(std::string_view name, mode_t mode) {
    const std::string path = (root_ / name).string();
    EXPECT_EQ(::mkdir(path.c_str(), 0700), 0) << path;
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);  // mkdir's mode is masked by umask
    return path;
  }

  std::string make_symlink(std::string_view name, const std::string& target) {
    const std::string path = (root_ / name).string();
    EXPECT_EQ(::symlink(target.c_str(), path.c_str()), 0) << path;
    return path;
  }

  std::string path(std::string_view name) const { return (root_ / name).string(); }

  const TempDir dir_{"rc-safefile"};
  const std::filesystem::path& root_ = dir_.root();
};

// Another uid than ours, for wrong-owner checks that need no root.
inline uid_t other_uid() {
  return ::geteuid() == 1000 ? 1001 : 1000;
}

}  // namespace rc::testing
