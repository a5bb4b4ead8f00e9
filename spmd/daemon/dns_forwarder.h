// The upstream half of spmd's DNS proxy (issue #7): sends a query to the
// live name server and believes an answer only when
//   - it came from the address and port the query went to,
//   - it carries the query's ID (drawn from RAND_bytes, on a socket whose
//     port was drawn too: a fresh UDP socket per query),
//   - it is a response to exactly the question asked (name, type, class).
// Anything else on that socket is dropped and counted (spoofed, malformed).
// A query unanswered after Settings::try_timeout makes the next server
// live (fail-over) and is asked there with a new ID and port, once per
// server; its old socket lingers for a while so a late answer is counted
// as late rather than vanishing. A truncated (TC) answer is asked again
// over TCP from the same server. EDNS0 passes through untouched: only the
// ID of the query is rewritten.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "addr/socket_address.h"
#include "dns/message.h"
#include "event/loop.h"
#include "spmd/core/dns_counters.h"
#include "spmd/core/name_servers.h"

namespace rc::spmd {

// What became of one forwarded query. For Answer, `wire` is the believed
// answer as received (with the forwarder's ID, which the caller replaces)
// and `message` its parse (views into `wire`); `truncated` is the UDP
// answer that had TC set when the full one came over TCP, for a client
// whose buffer the full one does not fit.
struct ForwardOutcome {
  bool answered = false;
  std::span<const std::uint8_t> wire;
  const dns::Message* message = nullptr;
  std::span<const std::uint8_t> truncated;
  std::string failure;  // when not answered: why, for the log
};

class Forwarder {
 public:
  struct Settings {
    std::chrono::milliseconds try_timeout{2000};  // per server (UDP and TCP)
    std::size_t max_in_flight = 4096;
    std::chrono::milliseconds linger{10000};  // how long a timed-out query's socket listens
    std::size_t max_lingering = 256;
  };
  using Done = std::function<void(const ForwardOutcome&)>;

  Forwarder(event::Loop& loop, NameServers& servers, DnsCounters& counters, Settings settings);
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;
  ~Forwarder();

  // `query` is a parsed query (one question); its bytes are copied. False
  // (and `done` is never called) when no name server is configured or too
  // many queries are in flight. `done` is called exactly once otherwise,
  // from the loop, never from inside forward().
  bool forward(std::span<const std::uint8_t> query, const dns::Question& question, Done done);

  [[nodiscard]] std::size_t in_flight() const { return transactions_.size(); }
  [[nodiscard]] std::size_t lingering() const { return lingering_.size(); }

 private:
  struct Transaction;
  struct Lingering;
  void start_try(std::uint64_t token);
  void on_udp_readable(std::uint64_t token);
  void on_timeout(std::uint64_t token);
  void start_tcp(std::uint64_t token);
  void on_tcp_ready(std::uint64_t token, event::IoEvents events);
  // Checks a datagram or TCP message against the transaction; counts and
  // returns nullopt for anything not believed.
  std::optional<dns::Message> believe(const Transaction& transaction,
                                      std::span<const std::uint8_t> wire);
  void relay_truncated(std::uint64_t token);
  void finish(std::uint64_t token, const ForwardOutcome& outcome);
  void linger(Transaction& transaction);
  void on_linger_readable(std::uint64_t token);

  event::Loop& loop_;
  NameServers& servers_;
  DnsCounters& counters_;
  Settings settings_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Transaction>> transactions_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Lingering>> lingering_;
  std::deque<std::uint64_t> linger_order_;
  std::uint64_t next_token_ = 1;
  std::vector<std::uint8_t> receive_buffer_;
};

}  // namespace rc::spmd
