#include "kernel/xfrm/xfrm_socket.h"

#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace rc::kernel::xfrm {
namespace {

using Clock = std::chrono::steady_clock;

void enable(int fd, int level, int option) {
  const int one = 1;
  // Older kernels lack NETLINK_EXT_ACK / CAP_ACK: their errors are just terser.
  (void)::setsockopt(fd, level, option, &one, sizeof one);
}

Error kernel_error(const netlink::Ack& ack) {
  if (ack.message.empty()) return Error{ack.error, std::strerror(ack.error)};
  return Error{ack.error, fmt::format("{} ({})", ack.message, std::strerror(ack.error))};
}

// Wipes what the last exchange left in the receive buffer (keys of a GETSA
// reply) while keeping its storage.
class WipeOnExit {
 public:
  explicit WipeOnExit(WipedBuffer& buffer) : buffer_(buffer) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { buffer_.resize(0); }

 private:
  WipedBuffer& buffer_;
};

}  // namespace

Result<XfrmSocket> XfrmSocket::open(const Options& options) {
  const int type = SOCK_RAW | SOCK_CLOEXEC | (options.nonblocking ? SOCK_NONBLOCK : 0);
  UniqueFd fd(::socket(AF_NETLINK, type, NETLINK_XFRM));
  if (!fd) {
    const int error = errno;
    if (error == EPROTONOSUPPORT) {
      return fail(Error{error,
                        "the kernel has no XFRM netlink interface (CONFIG_XFRM_USER, "
                        "module xfrm_user)"});
    }
    return fail(Error::from_errno(error, "socket(AF_NETLINK, NETLINK_XFRM)"));
  }
  enable(fd.get(), SOL_NETLINK, NETLINK_EXT_ACK);
  enable(fd.get(), SOL_NETLINK, NETLINK_CAP_ACK);
  if (options.receive_buffer > 0) {
    const int bytes = options.receive_buffer;
    // Root may pass rmem_max; anyone else gets what the sysctl allows.
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
      (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    }
  }
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
    return fail(Error::from_errno(errno, "bind(NETLINK_XFRM)"));
  }
  socklen_t length = sizeof local;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    return fail(Error::from_errno(errno, "getsockname(NETLINK_XFRM)"));
  }
  return XfrmSocket(std::move(fd), local.nl_pid, options);
}

Result<void> XfrmSocket::join(unsigned group) {
  const auto value = static_cast<int>(group);
  if (::setsockopt(fd_.get(), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &value, sizeof value) != 0) {
    return fail(Error::from_errno(errno, fmt::format("joining XFRM multicast group {}", group)));
  }
  return ok();
}

Result<std::optional<std::span<const std::uint8_t>>> XfrmSocket::receive(
    bool wait, std::chrono::milliseconds left) {
  using Datagram = std::optional<std::span<const std::uint8_t>>;
  const auto deadline = Clock::now() + left;
  for (;;) {
    if (wait) {
      const auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (remaining.count() <= 0) return Datagram{};
      pollfd pfd{fd_.get(), POLLIN, 0};
      const int ready = ::poll(&pfd, 1, static_cast<int>(remaining.count()));
      if (ready < 0 && errno != EINTR) return fail(Error::from_errno(errno, "poll(NETLINK_XFRM)"));
      if (ready <= 0) continue;
    }
    // The datagram's size first, so a dump chunk of any size fits.
    const ssize_t size = ::recv(fd_.get(), nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    if (size < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {  // EWOULDBLOCK is the same on Linux
        if (!wait) return Datagram{};
        continue;
      }
      return fail(Error::from_errno(errno, "receiving from the kernel's XFRM socket"));
    }
    buffer_.resize(static_cast<std::size_t>(size) + 1);  // +1: a size 0 datagram still has room
    sockaddr_nl from{};
    iovec iov{buffer_.writable().data(), buffer_.size()};
    msghdr header{};
    header.msg_name = &from;
    header.msg_namelen = sizeof from;
    header.msg_iov = &iov;
    header.msg_iovlen = 1;
    const ssize_t got = ::recvmsg(fd_.get(), &header, MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return fail(Error::from_errno(errno, "receiving from the kernel's XFRM socket"));
    }
    if ((header.msg_flags & MSG_TRUNC) != 0) {
      return fail(Error{EMSGSIZE, "an XFRM datagram was larger than it said"});
    }
    // Only CAP_NET_ADMIN processes can send to us at all; still, only the
    // kernel (port 0) speaks for the SAD and SPD.
    if (from.nl_pid != 0) continue;
    const auto datagram = buffer_.view().first(static_cast<std::size_t>(got));
    if (tap_) tap_(datagram);
    return Datagram{datagram};
  }
}

Result<std::optional<std::span<const std::uint8_t>>> XfrmSocket::receive_waiting() {
  return receive(false, std::chrono::milliseconds{0});
}

Result<void> XfrmSocket::transact(WipedBuffer request, const MessageHandler& on_message) {
  const WipeOnExit wipe(buffer_);
  const std::uint32_t seq = next_seq_++;
  netlink::stamp(request.writable(), seq, port_id_);
  const auto header = netlink::read_struct<nlmsghdr>(request.view());
  if (!header) return fail(Error{EINVAL, "an empty netlink request"});
  const bool wants_ack = (header->nlmsg_flags & NLM_F_ACK) != 0;

  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  for (;;) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const ssize_t sent = ::sendto(fd_.get(), request.view().data(), request.size(), 0,
                                  reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
    if (sent >= 0) break;
    if (errno != EINTR) {
      return fail(Error::from_errno(errno, "sending to the kernel's XFRM socket"));
    }
  }
  request.clear();

  const auto deadline = Clock::now() + options_.timeout;
  Result<void> outcome = ok();  // the first handler error; reading goes on to the end
  bool interrupted = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto datagram = receive(true, left);
    if (!datagram) return fail(std::move(datagram).error());
    if (!*datagram) {
      return fail(Error{ETIMEDOUT, fmt::format("the kernel did not answer within {} ms",
                                               options_.timeout.count())});
    }
    auto messages = netlink::split(**datagram);
    if (!messages) return fail(std::move(messages).error());
    for (const netlink::Message& message : *messages) {
      if (message.seq != seq || message.port_id != port_id_) continue;
      if ((message.flags & NLM_F_DUMP_INTR) != 0) interrupted = true;
      if (message.type == NLMSG_NOOP) continue;
      if (message.type == NLMSG_ERROR || message.type == NLMSG_DONE) {
        auto ack = message.type == NLMSG_ERROR ? netlink::parse_error(message)
                                               : netlink::parse_done(message);
        if (!ack) return fail(std::move(ack).error());
        if (ack->error != 0) return fail(kernel_error(*ack));
        if (interrupted) {
          return fail(Error{EINTR, "the SAD or SPD changed during the dump; ask again"});
        }
        return outcome;
      }
      if (outcome) outcome = on_message(message);
      if ((message.flags & NLM_F_MULTI) == 0 && !wants_ack) return outcome;
    }
  }
}

}  // namespace rc::kernel::xfrm
