#include "dns_sockets.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace rc::spmd::dns_io {
namespace {

constexpr std::uint16_t kFirstRandomPort = 1024;
constexpr int kPortDraws = 8;

Error os_error(const char* what) {
  const int code = errno;
  return Error{code, std::string(what) + ": " + std::strerror(code)};
}

Result<UniqueFd> open_socket(int family, int type) {
  UniqueFd fd(::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return fail(os_error("socket"));
  return fd;
}

std::uint16_t random_u16() {
  std::array<unsigned char, 2> bytes{};
  // RAND_bytes fails only when OpenSSL cannot seed; the kernel's choice
  // (port 0, and an ID that is still unpredictable to nobody) would then
  // be the fallback, so a failure is returned as 0 for the caller to see.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return 0;
  return static_cast<std::uint16_t>((bytes[0] << 8U) | bytes[1]);
}

Result<void> bind_to(int fd, const addr::SocketAddress& address) {
  if (::bind(fd, address.get(), address.length()) != 0) return fail(os_error("bind"));
  return ok();
}

Result<addr::SocketAddress> any_address(int family, std::uint16_t port) {
  return addr::SocketAddress::make(
      addr::IpAddress::unspecified(family == AF_INET6 ? addr::Family::v6 : addr::Family::v4), port);
}

void reuse_address(int fd) {
  const int on = 1;
  (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
}

}  // namespace

std::uint16_t random_id() {
  return random_u16();
}

Result<UniqueFd> open_upstream_udp(int family) {
  auto fd = open_socket(family, SOCK_DGRAM);
  if (!fd) return fd;
  for (int draw = 0; draw < kPortDraws; ++draw) {
    const std::uint16_t port = random_u16();
    if (port < kFirstRandomPort) continue;
    auto address = any_address(family, port);
    if (!address) return fail(std::move(address).error());
    if (::bind(fd->get(), address->get(), address->length()) == 0) return fd;
    if (errno != EADDRINUSE) return fail(os_error("bind"));
  }
  auto address = any_address(family, 0);
  if (!address) return fail(std::move(address).error());
  if (auto bound = bind_to(fd->get(), *address); !bound) return fail(std::move(bound).error());
  return fd;
}

Result<UniqueFd> connect_tcp(const addr::SocketAddress& server) {
  auto fd = open_socket(server.af(), SOCK_STREAM);
  if (!fd) return fd;
  if (::connect(fd->get(), server.get(), server.length()) != 0 && errno != EINPROGRESS) {
    return fail(os_error("connect"));
  }
  return fd;
}

Result<UniqueFd> listen_udp(const addr::SocketAddress& address) {
  auto fd = open_socket(address.af(), SOCK_DGRAM);
  if (!fd) return fd;
  reuse_address(fd->get());
  if (auto bound = bind_to(fd->get(), address); !bound) return fail(std::move(bound).error());
  return fd;
}

Result<UniqueFd> listen_tcp(const addr::SocketAddress& address) {
  auto fd = open_socket(address.af(), SOCK_STREAM);
  if (!fd) return fd;
  reuse_address(fd->get());
  if (auto bound = bind_to(fd->get(), address); !bound) return fail(std::move(bound).error());
  if (::listen(fd->get(), SOMAXCONN) != 0) return fail(os_error("listen"));
  return fd;
}

std::optional<Datagram> receive(int fd, std::vector<std::uint8_t>& buffer) {
  buffer.resize(65536);
  sockaddr_storage from{};
  socklen_t from_length = sizeof from;
  const ssize_t got = ::recvfrom(fd, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_length);
  if (got < 0) return std::nullopt;
  auto source = addr::SocketAddress::from_storage(from, from_length);
  if (!source) return std::nullopt;
  return Datagram{std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + got), *source};
}

bool send_to(int fd, std::span<const std::uint8_t> bytes, const addr::SocketAddress& to) {
  const ssize_t sent =
      ::sendto(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL, to.get(), to.length());
  return sent == static_cast<ssize_t>(bytes.size());
}

Result<void> connect_result(int fd) {
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
    return fail(os_error("getsockopt"));
  }
  if (error != 0) return fail(Error{error, std::string("connect: ") + std::strerror(error)});
  return ok();
}

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20U
                                         : static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace rc::spmd::dns_io
