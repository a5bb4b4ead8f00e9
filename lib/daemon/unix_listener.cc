#include "daemon/unix_listener.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "daemon/run_dir.h"
#include "log/log.h"

namespace rc::daemon {
namespace {

Result<sockaddr_un> socket_address(std::string_view path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return fail(Error{ENAMETOOLONG, fmt::format("socket path '{}' is empty or longer than {} bytes",
                                                path, sizeof(address.sun_path) - 1)});
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  return address;
}

const sockaddr* as_sockaddr(const sockaddr_un& address) {
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  return reinterpret_cast<const sockaddr*>(&address);
}

std::string_view parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Another daemon answering at `address` means we must not start; a socket
// file nobody answers on is what a crash leaves behind.
Result<void> remove_stale_socket(std::string_view path, const sockaddr_un& address, int type,
                                 std::string_view program) {
  struct stat info {};
  if (::lstat(address.sun_path, &info) != 0) {
    if (errno == ENOENT) return ok();
    return fail(Error::from_errno(errno, fmt::format("stat {}", path)));
  }
  if (!S_ISSOCK(info.st_mode)) {
    return fail(Error{EEXIST, fmt::format("{} exists and is not a socket; remove it or choose "
                                          "another path for {}'s socket",
                                          path, program)});
  }
  const UniqueFd probe(::socket(AF_UNIX, type | SOCK_CLOEXEC, 0));
  if (!probe) return fail(Error::from_errno(errno, "socket(AF_UNIX)"));
  if (::connect(probe.get(), as_sockaddr(address), sizeof address) == 0) {
    return fail(Error{EADDRINUSE, fmt::format("another {} already serves {}", program, path)});
  }
  if (::unlink(address.sun_path) != 0 && errno != ENOENT) {
    return fail(Error::from_errno(errno, fmt::format("removing the stale socket {}", path)));
  }
  return ok();
}

}  // namespace

Result<UnixListener> UnixListener::open(std::string path, int type, std::string_view program) {
  auto address = socket_address(path);
  if (!address) return fail(std::move(address).error());
  if (auto dir = ensure_run_dir(parent_of(path)); !dir) {
    return fail(std::move(dir).error());
  }
  if (auto stale = remove_stale_socket(path, *address, type, program); !stale)
    return fail(std::move(stale).error());

  UniqueFd fd(::socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return fail(Error::from_errno(errno, "socket(AF_UNIX)"));
  // The directory already keeps others out; 0600 says the same on the file.
  const mode_t old_mask = ::umask(0177);
  const int bound = ::bind(fd.get(), as_sockaddr(*address), sizeof *address);
  const int bind_error = errno;
  ::umask(old_mask);
  if (bound != 0) return fail(Error::from_errno(bind_error, fmt::format("bind {}", path)));
  struct stat info {};
  if (::stat(address->sun_path, &info) != 0) {
    return fail(Error::from_errno(errno, fmt::format("stat {}", path)));
  }
  if (::listen(fd.get(), SOMAXCONN) != 0) {
    return fail(Error::from_errno(errno, fmt::format("listen {}", path)));
  }
  return UnixListener(std::move(fd), std::move(path), info.st_ino, std::string(program));
}

UnixListener::~UnixListener() {
  if (!fd_ || path_.empty()) return;
  struct stat info {};
  if (::lstat(path_.c_str(), &info) == 0 && S_ISSOCK(info.st_mode) && info.st_ino == inode_) {
    ::unlink(path_.c_str());
  }
}

Result<Peer> UnixListener::accept() {
  UniqueFd fd(::accept4(fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!fd) return fail(Error::from_errno(errno, "accept"));
  ucred credentials{};
  socklen_t length = sizeof credentials;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
    return fail(Error::from_errno(errno, "SO_PEERCRED"));
  }
  if (credentials.uid != 0 && credentials.uid != ::geteuid()) {
    return fail(Error{EPERM, fmt::format("refused a connection from pid {} uid {}: {} serves "
                                         "only root",
                                         credentials.pid, credentials.uid, program_)});
  }
  return Peer{std::move(fd), credentials.pid, credentials.uid};
}

std::size_t UnixListener::accept_all(const std::function<void(Peer)>& take) {
  std::size_t refused = 0;
  for (;;) {
    auto peer = accept();
    if (peer) {
      take(std::move(*peer));
      continue;
    }
    const int code = peer.error().code;
    if (code == EAGAIN) return refused;  // EWOULDBLOCK is the same on Linux
    if (code == EPERM) {
      ++refused;
      log::internal_warn("{}", peer.error().message);
      continue;
    }
    log::internal_warn("{}: {}", program_, peer.error().message);
    if (code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM) return refused;
  }
}

}  // namespace rc::daemon
