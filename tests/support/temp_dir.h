// TempDir: a private temporary directory for one test, removed with all its
// contents when the test ends. Shared by every suite that needs files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace rc::testing {

class TempDir {
 public:
  // Throws when mkdtemp fails: GoogleTest reports an exception thrown while
  // building a fixture as that test's failure.
  explicit TempDir(std::string_view prefix) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp " + pattern + " failed");
    }
    root_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::string path(std::string_view name) const { return (root_ / name).string(); }

 private:
  std::filesystem::path root_;
};

}  // namespace rc::testing
