// Detaching a daemon from its terminal without hiding start-up failures:
// the starting process waits until the daemon says "ready" (exit 0) or
// reports why it could not start (the message on stderr, exit 1), so an rc
// script or `systemctl start` of a forking unit sees a failed start.
//
//   auto detached = rc::daemon::daemonize();     // the parent never returns
//   if (!detached) { print error; return 1; }     // fork or socketpair failed
//   DaemonHandle& handle = *detached;
//   ... open pid file, sockets, read keys ...
//   if (!started) { handle.fail("spmd: " + error.message); return 1; }
//   handle.ready();
#pragma once

#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::daemon {

// The daemon's end of the start-up report. Default-constructed it stands
// for a foreground process: ready() does nothing and fail() prints the
// message on stderr, so callers need no "if (foreground)".
class DaemonHandle {
 public:
  DaemonHandle() = default;
  explicit DaemonHandle(UniqueFd report) : report_(std::move(report)) {}

  // Start-up succeeded: the waiting parent exits 0.
  void ready() noexcept;
  // Start-up failed: the waiting parent prints `message` and exits 1. The
  // caller then exits (non-zero) itself.
  void fail(std::string_view message) noexcept;

  // True while a parent waits for the report.
  [[nodiscard]] bool detached() const { return report_.valid(); }

 private:
  UniqueFd report_;
};

// Double fork with setsid in between (so the daemon is not a session leader
// and can never acquire a controlling terminal), then chdir("/") (so it pins
// no mount point), umask 022 and stdin/stdout/stderr on /dev/null. umask
// 022: files the daemon creates without an explicit mode, such as the pid
// file, are readable by rc scripts and status tools but writable only by
// the daemon; secrets and the run directory get explicit 0600/0700 modes.
// Returns in the daemon only; the original process waits for the report
// and _exit()s. Fails, in the original process, only if socketpair() or the
// first fork() fails.
Result<DaemonHandle> daemonize();

}  // namespace rc::daemon
