// The sockets of spmd's DNS proxy, opened the same careful way each time:
// non-blocking, close-on-exec, and for upstream queries a fresh UDP socket
// on a port drawn from RAND_bytes, so an off-path attacker has to guess the
// port as well as the 16-bit ID (RFC 5452 §9.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "addr/socket_address.h"
#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::spmd::dns_io {

// A UDP socket of `family` bound to a random port of 1024..65535 (a few
// draws; the kernel's own choice when those ports are taken).
Result<UniqueFd> open_upstream_udp(int family);
// A non-blocking TCP connect in progress (EINPROGRESS is success).
Result<UniqueFd> connect_tcp(const addr::SocketAddress& server);
// Listening sockets for applications' queries on a dns_query address.
Result<UniqueFd> listen_udp(const addr::SocketAddress& address);
Result<UniqueFd> listen_tcp(const addr::SocketAddress& address);

// A 16-bit query ID from RAND_bytes.
std::uint16_t random_id();

struct Datagram {
  std::vector<std::uint8_t> bytes;
  addr::SocketAddress from;
};
// One datagram, nullopt when none is waiting (EAGAIN) or on an error that
// only concerns that datagram (ICMP errors surface here as ECONNREFUSED).
// `buffer` is reused across calls to avoid an allocation per datagram.
std::optional<Datagram> receive(int fd, std::vector<std::uint8_t>& buffer);
// sendto; false when the datagram did not go whole.
bool send_to(int fd, std::span<const std::uint8_t> bytes, const addr::SocketAddress& to);

// Whether a non-blocking connect finished well (SO_ERROR).
Result<void> connect_result(int fd);
// Raises RLIMIT_NOFILE's soft limit to the hard one (each query in flight
// holds a socket); returns the soft limit now in force.
std::size_t raise_descriptor_limit();

}  // namespace rc::spmd::dns_io
