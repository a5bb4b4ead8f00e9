#include "daemon/daemonize.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <string>

namespace rc::daemon {

namespace {

// The report on the channel: one status byte, then for a failure the message.
constexpr char kReady = 'R';
constexpr char kFailed = 'F';

// `to_socket`: the report channel, where MSG_NOSIGNAL keeps a starter that
// was killed meanwhile from killing the daemon with SIGPIPE.
void write_all(int fd, std::string_view data, bool to_socket) noexcept {
  while (!data.empty()) {
    const ssize_t written = to_socket ? ::send(fd, data.data(), data.size(), MSG_NOSIGNAL)
                                      : ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // the parent is gone; nobody to tell
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

// The original process: relays the daemon's report and exits with it.
[[noreturn]] void wait_for_report(UniqueFd report, pid_t first_child) {
  std::string received;
  std::array<char, 512> chunk{};
  for (;;) {
    const ssize_t got = ::read(report.get(), chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    received.append(chunk.data(), static_cast<std::size_t>(got));
    if (received.front() == kReady) break;
  }
  int status = 0;
  while (::waitpid(first_child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!received.empty() && received.front() == kReady) ::_exit(0);
  std::string message = received.empty() || received.front() != kFailed
                            ? std::string("the daemon exited during start-up without reporting why")
                            : received.substr(1);
  message += '\n';
  write_all(STDERR_FILENO, message, false);
  ::_exit(1);
}

// In the daemon: failures before the caller gets its handle are reported
// the same way the caller would report them.
[[noreturn]] void report_and_exit(DaemonHandle& handle, const std::string& what) {
  handle.fail(what);
  ::_exit(1);
}

void redirect_std_streams(DaemonHandle& handle) {
  const UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null) report_and_exit(handle, Error::from_errno(errno, "cannot open /dev/null").message);
  for (const int target : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::dup2(null.get(), target) < 0) {
      report_and_exit(handle,
                      Error::from_errno(errno, "cannot redirect the standard streams").message);
    }
  }
}

}  // namespace

void DaemonHandle::ready() noexcept {
  if (!report_) return;
  write_all(report_.get(), std::string_view(&kReady, 1), true);
  report_.reset();
}

void DaemonHandle::fail(std::string_view message) noexcept {
  if (!report_) {
    std::string line(message);
    line += '\n';
    write_all(STDERR_FILENO, line, false);
    return;
  }
  std::string report(1, kFailed);
  report += message;
  write_all(report_.get(), report, true);
  report_.reset();
}

Result<DaemonHandle> daemonize() {
  std::array<int, 2> ends{-1, -1};
  // CLOEXEC: a program the daemon runs (a hook script) must not hold the
  // daemon's end, or the parent would wait for it instead of the daemon.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends.data()) != 0) {
    return fail(Error::from_errno(errno, "cannot create the start-up report channel"));
  }
  UniqueFd read_end(ends[0]);
  UniqueFd write_end(ends[1]);
  std::fflush(nullptr);  // or buffered output would be written twice

  const pid_t first = ::fork();
  if (first < 0) return fail(Error::from_errno(errno, "cannot fork the daemon"));
  if (first > 0) {
    write_end.reset();
    wait_for_report(std::move(read_end), first);
  }

  read_end.reset();
  DaemonHandle handle(std::move(write_end));
  if (::setsid() < 0) report_and_exit(handle, Error::from_errno(errno, "setsid").message);
  const pid_t second = ::fork();
  if (second < 0)
    report_and_exit(handle, Error::from_errno(errno, "cannot fork the daemon").message);
  if (second > 0) ::_exit(0);  // the session leader leaves; the daemon is orphaned

  if (::chdir("/") != 0)
    report_and_exit(handle, Error::from_errno(errno, "cannot chdir to /").message);
  ::umask(022);
  redirect_std_streams(handle);
  return handle;
}

}  // namespace rc::daemon
