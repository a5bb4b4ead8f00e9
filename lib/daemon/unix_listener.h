// A daemon's listening UNIX socket at a path inside a private directory:
// pfkeyd's (SOCK_SEQPACKET, one PF_KEYv2 message per datagram) and spmd's
// spmif socket (SOCK_STREAM). Only the superuser — or the user the daemon
// runs as, which is root in production — may talk to it: PF_KEY and the SPD
// are root's. The directory keeps others out; the peer's credentials are
// checked again at accept, before a byte is read.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::daemon {

struct Peer {
  UniqueFd fd;  // non-blocking, close-on-exec
  pid_t pid = 0;
  uid_t uid = 0;
};

class UnixListener {
 public:
  // Checks the directory holding `path` (created 0700 if missing; refused,
  // with how to fix it, if group or others may enter it), refuses when
  // another `program` answers there, removes a stale socket left by a
  // crash, binds (mode 0600) and listens. `type`: SOCK_STREAM or
  // SOCK_SEQPACKET.
  static Result<UnixListener> open(std::string path, int type, std::string_view program);

  UnixListener(UnixListener&&) noexcept = default;
  UnixListener& operator=(UnixListener&&) noexcept = default;
  UnixListener(const UnixListener&) = delete;
  UnixListener& operator=(const UnixListener&) = delete;
  // Removes the socket file (only if it is still ours).
  ~UnixListener();

  [[nodiscard]] int fd() const noexcept { return fd_.get(); }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // One waiting connection. EAGAIN when there is none; EPERM (the
  // connection already closed) for a peer that is neither root nor us.
  Result<Peer> accept();

  // Every waiting connection, each handed to `take`. Refused peers and
  // connections lost before accept are logged and skipped (a lost
  // connection is that client's problem, not the server's); out of
  // descriptors or memory, the rest wait for the next readiness. Returns
  // how many peers were refused.
  std::size_t accept_all(const std::function<void(Peer)>& take);

 private:
  UnixListener(UniqueFd fd, std::string path, ino_t inode, std::string program)
      : fd_(std::move(fd)), path_(std::move(path)), inode_(inode), program_(std::move(program)) {}

  UniqueFd fd_;
  std::string path_;
  ino_t inode_ = 0;  // of the socket file we bound, so we never unlink another's
  std::string program_;
};

}  // namespace rc::daemon
