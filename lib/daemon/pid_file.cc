#include "daemon/pid_file.h"

#include <bsd/libutil.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <string>

#include <fmt/format.h>

#include "base/unique_fd.h"

namespace rc::daemon {

void PidFile::Closer::operator()(pidfh* handle) const noexcept {
  ::pidfile_close(handle);
}

Result<PidFile> PidFile::open(std::string path) {
  pid_t other = -1;
  pidfh* handle = ::pidfile_open(path.c_str(), 0644, &other);
  if (handle == nullptr) {
    const int error = errno;
    if (error == EEXIST) {
      // pidfile_open gives -1 when the holder has not written its pid yet.
      const std::string who = other > 0 ? fmt::format("pid {}", other) : "pid unknown";
      return fail(Error{EEXIST, fmt::format("already running ({}), see {}", who, path)});
    }
    return fail(Error::from_errno(error, "cannot create the pid file " + path));
  }
  return PidFile(std::move(path), handle);
}

PidFile::~PidFile() {
  if (writer_ == ::getpid()) remove();
}

Result<void> PidFile::write() {
  if (!handle_) return fail(Error::invalid("the pid file " + path_ + " was already removed"));
  if (::pidfile_write(handle_.get()) != 0) {
    return fail(Error::from_errno(errno, "cannot write the pid file " + path_));
  }
  writer_ = ::getpid();
  return ok();
}

void PidFile::remove() noexcept {
  if (!handle_) return;
  // pidfile_remove unlinks and closes (so releases the lock) in one go.
  ::pidfile_remove(handle_.release());
  writer_ = 0;
}

namespace {

Result<pid_t> parse_pid(std::string_view text, std::string_view path) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (error != std::errc() || end != text.data() + text.size() || pid <= 1) {
    return fail(Error::invalid(fmt::format("{} does not hold a process id", path)));
  }
  return pid;
}

}  // namespace

Result<pid_t> signal_running(std::string_view pid_file_path, int signo) {
  const std::string path(pid_file_path);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    const int error = errno;
    if (error == ENOENT) {
      return fail(Error{ENOENT, fmt::format("{} does not exist; is the daemon running?", path)});
    }
    return fail(Error::from_errno(error, "cannot open the pid file " + path));
  }
  // pidfile(3) holds an exclusive flock for the daemon's life; getting even
  // a shared lock means nobody holds it and the pid inside may be reused.
  if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0) {
    return fail(Error{ESRCH, fmt::format("{} is stale: no running process holds it", path)});
  }
  if (errno != EWOULDBLOCK)
    return fail(Error::from_errno(errno, "cannot check the lock of " + path));

  std::array<char, 32> buffer{};
  ssize_t got = 0;
  do {
    got = ::read(fd.get(), buffer.data(), buffer.size());
  } while (got < 0 && errno == EINTR);
  if (got < 0) return fail(Error::from_errno(errno, "cannot read the pid file " + path));
  auto pid = parse_pid(std::string_view(buffer.data(), static_cast<std::size_t>(got)), path);
  if (!pid) return pid;
  if (::kill(*pid, signo) != 0) {
    return fail(Error::from_errno(errno, fmt::format("cannot signal pid {} from {}", *pid, path)));
  }
  return *pid;
}

}  // namespace rc::daemon
