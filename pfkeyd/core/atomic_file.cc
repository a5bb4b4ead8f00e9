#include "atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "base/unique_fd.h"

namespace rc::pfkeyd {
namespace {

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Result<void> write_all(int fd, std::span<const std::uint8_t> content, const std::string& name) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, "cannot write " + name));
    }
    content = content.subspan(static_cast<std::size_t>(n));
  }
  return ok();
}

// Removes the temporary file unless the rename took it.
class TempFile {
 public:
  explicit TempFile(std::string name) : name_(std::move(name)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!name_.empty()) ::unlink(name_.c_str());
  }
  void keep() { name_.clear(); }

 private:
  std::string name_;
};

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::span<const std::uint8_t> content) {
  std::string temp_name = path + ".tmp.XXXXXX";
  std::vector<char> pattern(temp_name.begin(), temp_name.end());
  pattern.push_back('\0');
  // mkstemp creates the file with mode 0600 and O_EXCL.
  UniqueFd fd(::mkostemp(pattern.data(), O_CLOEXEC));
  if (!fd) return fail(Error::from_errno(errno, "cannot create a temporary file beside " + path));
  temp_name.assign(pattern.data());
  TempFile guard(temp_name);
  if (::fchmod(fd.get(), S_IRUSR | S_IWUSR) != 0) {
    return fail(Error::from_errno(errno, "cannot set the mode of " + temp_name));
  }
  if (auto written = write_all(fd.get(), content, temp_name); !written) return written;
  if (::fsync(fd.get()) != 0) return fail(Error::from_errno(errno, "cannot fsync " + temp_name));
  fd.reset();
  if (::rename(temp_name.c_str(), path.c_str()) != 0) {
    return fail(Error::from_errno(errno, "cannot rename " + temp_name + " to " + path));
  }
  guard.keep();
  const std::string dir = directory_of(path);
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd || ::fsync(dir_fd.get()) != 0) {
    return fail(Error::from_errno(errno, "cannot fsync the directory " + dir));
  }
  return ok();
}

}  // namespace rc::pfkeyd
