// PidFile: the daemon's pid file, created with libbsd's pidfile(3) so it is
// flock()ed for the daemon's whole life. The lock, not the file's
// existence, says "running": a file left by a crash is simply taken over,
// and a second instance is refused while the first holds the lock.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

struct pidfh;  // libbsd's handle, kept out of this header

namespace rc::daemon {

class PidFile {
 public:
  // Creates (or takes over) and locks the file, mode 0644 so rc scripts and
  // status tools can read it. Refuses with EEXIST and
  //   "already running (pid N), see PATH"
  // while another process holds it. Open before daemonize() if you like:
  // the lock is inherited by the forked daemon; write() after it.
  static Result<PidFile> open(std::string path);

  PidFile(PidFile&&) noexcept = default;
  PidFile& operator=(PidFile&&) noexcept = default;
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;
  // Removes the file, but only in the process that wrote it: a forked
  // helper that exits through its destructors must not delete it.
  ~PidFile();

  // Writes getpid() into the file (replacing older content).
  Result<void> write();
  // Removes the file now (clean shutdown); later calls do nothing.
  void remove() noexcept;

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(pidfh* handle) const noexcept;
  };
  PidFile(std::string path, pidfh* handle) : path_(std::move(path)), handle_(handle) {}

  std::string path_;
  std::unique_ptr<pidfh, Closer> handle_;
  pid_t writer_ = 0;  // the process that wrote the pid, 0 before write()
};

// For -k/--kill: sends `signo` to the daemon named by the pid file, after
// checking that the file is still locked (so the pid is not a stale number
// now used by an unrelated process). Returns the pid signalled. Errors:
//   "PATH does not exist; is the daemon running?"        (ENOENT)
//   "PATH is stale: no running process holds it"          (ESRCH)
Result<pid_t> signal_running(std::string_view pid_file_path, int signo = SIGTERM);

}  // namespace rc::daemon
