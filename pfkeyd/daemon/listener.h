// pfkeyd's listening socket: SOCK_SEQPACKET (one PF_KEYv2 message per
// datagram, as a PF_KEY socket delivers them) at a path inside a private
// directory. Only the superuser — or the user pfkeyd runs as, which is root
// in production — may talk to it, as only root may open a PF_KEY socket; the
// peer's credentials are checked at accept, before a byte is read.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::pfkeyd {

struct Peer {
  UniqueFd fd;  // non-blocking, close-on-exec
  pid_t pid = 0;
  uid_t uid = 0;
};

class Listener {
 public:
  // Checks the directory holding `path` (created 0700 if missing; refused
  // if group or others may enter it), refuses when another pfkeyd answers
  // there, removes a stale socket left by a crash, binds (mode 0600) and
  // listens.
  static Result<Listener> open(std::string path);

  Listener(Listener&&) noexcept = default;
  Listener& operator=(Listener&&) noexcept = default;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  // Removes the socket file (only if it is still ours).
  ~Listener();

  [[nodiscard]] int fd() const noexcept { return fd_.get(); }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  // One waiting connection. EAGAIN when there is none; EPERM (the
  // connection already closed) for a peer that is neither root nor us.
  Result<Peer> accept();

 private:
  Listener(UniqueFd fd, std::string path, ino_t inode)
      : fd_(std::move(fd)), path_(std::move(path)), inode_(inode) {}

  UniqueFd fd_;
  std::string path_;
  ino_t inode_ = 0;  // of the socket file we bound, so we never unlink another's
};

}  // namespace rc::pfkeyd
