// pfkeyd's socket side: accepts PF_KEY clients on the UnixListener, reads one
// message per datagram and hands it to the request handler, and delivers
// what comes back — and the engine's own notifications — by PF_KEY's rules
// (outgoing.h). Malformed or oversized datagrams never reach the tables;
// the handler answers them with an errno, as the kernel does.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "base/result.h"
#include "client.h"
#include "daemon/unix_listener.h"
#include "event/loop.h"
#include "outgoing.h"

namespace rc::pfkeyd {

struct ServerCounters {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;  // not root
  std::uint64_t requests = 0;
  std::uint64_t oversized = 0;           // datagram larger than a PF_KEY message
  std::uint64_t broadcasts_dropped = 0;  // a client's queue was full
  std::uint64_t clients_lost = 0;        // write errors
};

class Server {
 public:
  // The sender's state, pid and datagram in; what to send out.
  using Handler =
      std::function<std::vector<Outgoing>(ClientState&, pid_t, std::span<const std::uint8_t>)>;

  Server(event::Loop& loop, daemon::UnixListener listener, Handler handler);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  Result<void> start();
  // A notification from the engine itself (ACQUIRE, EXPIRE, ...).
  void deliver(Outgoing message);

  [[nodiscard]] const ServerCounters& counters() const { return counters_; }
  [[nodiscard]] std::size_t client_count() const { return clients_.size(); }

 private:
  void accept_all();
  void on_client(std::uint64_t id, event::IoEvents events);
  // Reads until the socket is empty; false when the client is gone.
  bool read_requests(Client& client);
  void route(Outgoing message, Client* sender);
  void send_to(Client& client, WipedBuffer message, bool reply);
  void update_interest(Client& client);
  void drop(std::uint64_t id);

  event::Loop& loop_;
  daemon::UnixListener listener_;
  Handler handler_;
  event::IoWatch listen_watch_;
  std::map<std::uint64_t, std::unique_ptr<Client>> clients_;
  std::vector<std::uint64_t> lost_;  // dropped after the current dispatch
  std::uint64_t next_id_ = 1;
  WipedBuffer receive_buffer_;
  ServerCounters counters_;
};

}  // namespace rc::pfkeyd
