#include "kernel/pfkey/pfkey_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace rc::kernel::pfkey {
namespace {

using Clock = std::chrono::steady_clock;

// Not in every libc's headers; fixed by RFC 2367 and the sockets API.
constexpr int kPfKey = 15;
constexpr int kPfKeyV2 = 2;

}  // namespace

Result<PfkeySocket> PfkeySocket::open_kernel(int receive_buffer) {
  UniqueFd fd(::socket(kPfKey, SOCK_RAW | SOCK_CLOEXEC, kPfKeyV2));
  if (!fd) {
    const int error = errno;
    if (error == EAFNOSUPPORT) {
      return fail(Error{error,
                        "the kernel has no PF_KEY sockets (Linux: CONFIG_NET_KEY, module "
                        "af_key); use key_engine xfrm or pfkeyd"});
    }
    return fail(Error::from_errno(error, "socket(PF_KEY, SOCK_RAW, PF_KEY_V2)"));
  }
  if (receive_buffer > 0) {
    // Root may go past rmem_max; anyone else gets what the sysctl allows.
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer,
                     sizeof receive_buffer) != 0) {
      (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
  }
  return PfkeySocket(std::move(fd));
}

Result<PfkeySocket> PfkeySocket::connect_pfkeyd(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return fail(
        Error{ENAMETOOLONG, fmt::format("pfkeyd socket path '{}' is empty or longer than {} bytes",
                                        path, sizeof(address.sun_path) - 1)});
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  UniqueFd fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!fd) return fail(Error::from_errno(errno, "socket(AF_UNIX, SOCK_SEQPACKET)"));
  for (;;) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      break;
    }
    if (errno != EINTR) {
      return fail(
          Error::from_errno(errno, fmt::format("no pfkeyd answers at {} (is it running?)", path)));
    }
  }
  return PfkeySocket(std::move(fd));
}

Result<void> PfkeySocket::send(std::span<const std::uint8_t> message) {
  for (;;) {
    // MSG_NOSIGNAL: a pfkeyd that went away is an error, not SIGPIPE.
    const ssize_t sent = ::send(fd_.get(), message.data(), message.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      if (static_cast<std::size_t>(sent) != message.size()) {
        return fail(Error{EMSGSIZE,
                          fmt::format("PF_KEY socket took {} of {} bytes", sent, message.size())});
      }
      return ok();
    }
    if (errno != EINTR) return fail(Error::from_errno(errno, "sending a PF_KEY message"));
  }
}

Result<bool> PfkeySocket::receive(WipedBuffer& into, std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, left.count() > 0 ? static_cast<int>(left.count()) : 0);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, "poll(PF_KEY socket)"));
    }
    if (ready == 0) {
      if (left.count() > 0) continue;  // poll woke early
      return false;
    }
    // The datagram's size first: a message may be up to 512 KiB.
    const ssize_t size = ::recv(fd_.get(), nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    if (size < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;  // EWOULDBLOCK is EAGAIN on Linux
      return fail(Error::from_errno(errno, "receiving a PF_KEY message"));
    }
    if (size == 0) {
      // Only a connection (pfkeyd) ends; PF_KEY never sends empty datagrams.
      return fail(Error{ECONNRESET, "the key engine closed the connection"});
    }
    into.resize(static_cast<std::size_t>(size));
    iovec iov{into.writable().data(), into.size()};
    msghdr header{};
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    const ssize_t got = ::recvmsg(fd_.get(), &header, MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return fail(Error::from_errno(errno, "receiving a PF_KEY message"));
    }
    if ((header.msg_flags & MSG_TRUNC) != 0) {
      return fail(Error{EMSGSIZE, "a PF_KEY datagram was larger than it said"});
    }
    into.resize(static_cast<std::size_t>(got));
    return true;
  }
}

}  // namespace rc::kernel::pfkey
