// spmd's spmif socket: a SOCK_STREAM UNIX socket in a private directory
// (reference §3.4; the original refused to start otherwise, and so do we),
// one spmif::ServerSession per connection. The sessions parse and answer;
// this class only moves bytes: it reads whatever arrives, writes replies
// without blocking (a slow client gets its own queue, never stalls spmd),
// and closes a connection after QUIT, a failed login or too many oversized
// lines once its last reply is out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "buf/secret_bytes.h"
#include "daemon/unix_listener.h"
#include "event/loop.h"
#include "spmif/session.h"

namespace rc::spmd {

struct SpmifServerCounters {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;  // not root, or too many connections
  std::uint64_t login_failures = 0;
  std::uint64_t oversized = 0;
  std::uint64_t syntax_errors = 0;
  std::uint64_t commands = 0;
};

class SpmifServer {
 public:
  // At most this many connections at once; more are closed at accept.
  static constexpr std::size_t kMaxConnections = 64;
  // Replies waiting for a client that does not read: beyond this it is
  // disconnected (a POLICY DUMP of 100,000 bindings is about 2 MB).
  static constexpr std::size_t kMaxQueuedOutput = std::size_t{16} * 1024 * 1024;

  // `password` is P (spmif/login.h), read at start and on reload.
  SpmifServer(event::Loop& loop, daemon::UnixListener listener, spmif::CommandHandler& handler,
              const buf::SecretBytes& password);
  SpmifServer(const SpmifServer&) = delete;
  SpmifServer& operator=(const SpmifServer&) = delete;
  ~SpmifServer();

  Result<void> start();
  // A new spmd.pwd applies to logins from now on.
  void set_password(const buf::SecretBytes& password);

  [[nodiscard]] const SpmifServerCounters& counters() const { return counters_; }
  [[nodiscard]] std::size_t connection_count() const { return connections_.size(); }
  [[nodiscard]] const std::string& path() const { return listener_.path(); }

 private:
  struct Connection;
  void accept_all();
  void on_ready(std::uint64_t id, event::IoEvents events);
  // False when the connection is finished (closed by the peer, an error,
  // or a closing session whose output is all sent).
  bool read_from(Connection& connection);
  bool write_to(Connection& connection);
  void close(std::uint64_t id);

  event::Loop& loop_;
  daemon::UnixListener listener_;
  spmif::CommandHandler& handler_;
  buf::SecretBytes password_;
  event::IoWatch listen_watch_;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  SpmifServerCounters counters_;
};

}  // namespace rc::spmd
