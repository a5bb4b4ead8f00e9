// The application half of spmd's DNS proxy (issue #7): UDP and TCP
// listeners on each `dns_query` address. A query must parse and be a
// standard query with one question; anything else is dropped and counted
// as malformed. A UDP client's retransmission of a query still in flight
// (same source, ID and question) is counted as a duplicate and not sent
// upstream again. Answers go back with the client's ID; a UDP client gets
// the whole answer only when it fits the size the client offered (512, or
// its EDNS0 size), else the truncated answer (TC set) so it asks over TCP.
// When no answer can be had the client gets SERVFAIL at once rather than
// waiting for its own timeout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "addr/socket_address.h"
#include "base/result.h"
#include "base/unique_fd.h"
#include "dns/message.h"
#include "dns_forwarder.h"
#include "event/loop.h"
#include "spmd/core/dns_counters.h"
#include "spmd/core/keyed_hash.h"

namespace rc::spmd {

// How a query goes upstream (DnsProxy::forward: the forwarder plus
// snooping). False: not sent, answer SERVFAIL.
using ForwardQuery =
    std::function<bool(std::span<const std::uint8_t>, const dns::Question&, Forwarder::Done)>;

class DnsClients {
 public:
  static constexpr std::size_t kMaxTcpConnections = 64;
  static constexpr std::chrono::seconds kTcpIdleTimeout{10};
  static constexpr std::size_t kMaxTcpOutput = std::size_t{1} << 20U;

  DnsClients(event::Loop& loop, ForwardQuery forward, DnsCounters& counters);
  DnsClients(const DnsClients&) = delete;
  DnsClients& operator=(const DnsClients&) = delete;
  ~DnsClients();

  // UDP and TCP on `address` (port included).
  Result<void> listen(const addr::SocketAddress& address);
  [[nodiscard]] std::size_t tcp_connections() const { return connections_.size(); }

 private:
  struct UdpSocket;
  struct TcpListener;
  struct Connection;
  void on_udp(std::size_t index);
  void on_accept(std::size_t index);
  void on_connection(std::uint64_t id, event::IoEvents events);
  void close(std::uint64_t id);
  void send_tcp(std::uint64_t id, std::span<const std::uint8_t> message);
  // A parsed standard query, or nullopt (counted as malformed).
  std::optional<dns::Question> accept_query(std::span<const std::uint8_t> wire,
                                            std::optional<dns::Message>& parsed);

  event::Loop& loop_;
  ForwardQuery forward_;
  DnsCounters& counters_;
  std::vector<std::unique_ptr<UdpSocket>> udp_;
  std::vector<std::unique_ptr<TcpListener>> tcp_;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  // UDP queries in flight, by client address, port, ID and question.
  std::unordered_set<std::string, KeyedHash, std::equal_to<>> pending_;
  std::vector<std::uint8_t> receive_buffer_;
};

// A reply the proxy makes itself: the client's ID and question, QR and RA
// set, RD copied, the given RCODE and TC bit, no records. Empty when the
// query's question cannot be copied.
std::vector<std::uint8_t> synthesized_reply(std::span<const std::uint8_t> query, dns::Rcode rcode,
                                            bool truncated);

}  // namespace rc::spmd
