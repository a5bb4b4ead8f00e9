#include "addr/socket_address.h"

#include <arpa/inet.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace rc::addr {

Result<SocketAddress> SocketAddress::make(const IpAddress& address, std::uint16_t port) {
  SocketAddress out;
  if (address.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr = address.to_in_addr();
    std::memcpy(&out.storage_, &sin, sizeof(sin));
    out.length_ = sizeof(sin);
    return out;
  }
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(port);
  sin6.sin6_addr = address.to_in6_addr();
  sin6.sin6_scope_id = address.scope_id();
  if (sin6.sin6_scope_id == 0 && !address.scope_name().empty()) {
    // The name was kept from the config text; only now does it have to exist.
    const std::string name(address.scope_name());
    const unsigned index = if_nametoindex(name.c_str());
    if (index == 0) {
      const int saved = errno;
      return fail(Error{saved, fmt::format("cannot use the address {}: there is no interface "
                                           "named {} for its scope",
                                           address, name)});
    }
    sin6.sin6_scope_id = index;
  }
  std::memcpy(&out.storage_, &sin6, sizeof(sin6));
  out.length_ = sizeof(sin6);
  return out;
}

Result<SocketAddress> SocketAddress::from_sockaddr(const sockaddr* sa, socklen_t length) {
  if (sa == nullptr) return fail(Error::invalid("no socket address was given"));
  if (length < sizeof(sa_family_t)) {
    return fail(Error::invalid("the socket address is too short to hold an address family"));
  }
  std::size_t needed = 0;
  if (sa->sa_family == AF_INET) {
    needed = sizeof(sockaddr_in);
  } else if (sa->sa_family == AF_INET6) {
    needed = sizeof(sockaddr_in6);
  } else {
    return fail(Error::invalid(
        fmt::format("socket address family {} is neither IPv4 nor IPv6", sa->sa_family)));
  }
  if (length < needed) {
    return fail(Error::invalid(
        fmt::format("the {} socket address is {} bytes long, shorter than the {} bytes it needs",
                    sa->sa_family == AF_INET ? "IPv4" : "IPv6", length, needed)));
  }
  SocketAddress out;
  std::memcpy(&out.storage_, sa, needed);
  out.length_ = static_cast<socklen_t>(needed);
  return out;
}

Result<SocketAddress> SocketAddress::from_storage(const sockaddr_storage& storage,
                                                  socklen_t length) {
  return from_sockaddr(reinterpret_cast<const sockaddr*>(&storage),
                       std::min<socklen_t>(length, sizeof(storage)));
}

const sockaddr* SocketAddress::get() const noexcept {
  return reinterpret_cast<const sockaddr*>(&storage_);
}

IpAddress SocketAddress::address() const noexcept {
  if (storage_.ss_family == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &storage_, sizeof(sin));
    return IpAddress::from_in_addr(sin.sin_addr);
  }
  sockaddr_in6 sin6{};
  std::memcpy(&sin6, &storage_, sizeof(sin6));
  return IpAddress::from_in6_addr(sin6.sin6_addr, sin6.sin6_scope_id);
}

std::uint16_t SocketAddress::port() const noexcept {
  if (storage_.ss_family == AF_INET) {
    sockaddr_in sin{};
    std::memcpy(&sin, &storage_, sizeof(sin));
    return ntohs(sin.sin_port);
  }
  sockaddr_in6 sin6{};
  std::memcpy(&sin6, &storage_, sizeof(sin6));
  return ntohs(sin6.sin6_port);
}

}  // namespace rc::addr
