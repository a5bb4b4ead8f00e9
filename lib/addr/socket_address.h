// SocketAddress: a sockaddr_in or sockaddr_in6 with its length, the form that
// bind/connect/sendto and the key engine take, built from or read into an
// IpAddress and a port.
#pragma once

#include <sys/socket.h>

#include <cstdint>

#include <fmt/format.h>

#include "addr/ip_address.h"
#include "base/result.h"

namespace rc::addr {

class SocketAddress {
 public:
  // Fails only when the address has a scope name whose interface does not
  // exist (if_nametoindex), so the caller can say which name was wrong.
  static Result<SocketAddress> make(const IpAddress& address, std::uint16_t port = 0);
  // Accepts AF_INET and AF_INET6 with a length that covers the structure.
  static Result<SocketAddress> from_sockaddr(const sockaddr* sa, socklen_t length);
  // What recvfrom/getsockname/getpeername filled in.
  static Result<SocketAddress> from_storage(const sockaddr_storage& storage, socklen_t length);

  [[nodiscard]] const sockaddr* get() const noexcept;
  [[nodiscard]] const sockaddr_storage& storage() const noexcept { return storage_; }
  [[nodiscard]] socklen_t length() const noexcept { return length_; }
  [[nodiscard]] int af() const noexcept { return storage_.ss_family; }
  // The address with its scope id (IPv6), and the port in host order.
  [[nodiscard]] IpAddress address() const noexcept;
  [[nodiscard]] std::uint16_t port() const noexcept;

 private:
  SocketAddress() = default;

  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

}  // namespace rc::addr

// Printed as "address[port]", the form the original racoon2 logs used.
template <>
struct fmt::formatter<rc::addr::SocketAddress> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const rc::addr::SocketAddress& sa, FormatContext& ctx) const {
    return fmt::format_to(ctx.out(), "{}[{}]", sa.address(), sa.port());
  }
};
