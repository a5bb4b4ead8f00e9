// The asynchronous spmif client iked, kinkd and spmdctl use inside their own
// event loop (reference §7 "if_spmd"). It connects to spmd's UNIX socket,
// answers the 220 challenge with LOGIN, then sends queued requests one at a
// time (the original server could not take pipelined requests, and a
// client may talk to an original spmd), calling each request's callback
// with its whole reply.
//
//   auto client = spmif::Client::connect(loop, {.socket_path = path,
//                                              .password = std::move(p)},
//                                        {.on_login = ..., .on_lost = ...});
//   client->slid(spid, [](Result<std::string> slid) { ... });
//
// Callbacks run in the loop thread and may drop the client. A lost
// connection fails every waiting request with ECONNRESET and calls
// on_lost once; the owner decides whether to reconnect (kinkd) or exit
// (iked).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "buf/secret_bytes.h"
#include "event/loop.h"
#include "spmif/command.h"
#include "spmif/reply.h"

namespace rc::spmif {

struct ClientOptions {
  std::string socket_path;
  buf::SecretBytes password;  // P, from read_password()
  // A request (or the greeting and login) unanswered this long fails with
  // ETIMEDOUT and the connection is dropped.
  std::chrono::milliseconds timeout{10000};
  // Lines longer than this or replies with more lines are a protocol error.
  std::size_t max_line = 4096;
  std::size_t max_reply_lines = 100000;
  // Called with every line sent and received ("> POLICY DUMP", "< 250 OK";
  // the LOGIN line shows as "> LOGIN ****"), for spmdctl -d. Unlike the
  // other callbacks it must not destroy the client.
  std::function<void(std::string_view)> trace{};
};

struct ClientCallbacks {
  // The `{}` let callers name only the callbacks they want (gcc's
  // -Wmissing-field-initializers skips members that have an initializer).
  std::function<void(Result<void>)> on_login{};  // "250 OK", or why not
  std::function<void(const Error&)> on_lost{};   // after login: the connection ended
};

class Client {
 public:
  using Tag = std::uint64_t;
  using ReplyCallback = std::function<void(Result<Reply>)>;

  // Starts connecting; fails at once only if the socket cannot be created
  // or the path is too long. Errors from connect() (ENOENT, ECONNREFUSED:
  // spmd not running) arrive through on_login.
  static Result<std::unique_ptr<Client>> connect(event::Loop& loop, ClientOptions options,
                                                 ClientCallbacks callbacks);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Queues a request; its callback gets the reply (any code: a 5xx reply
  // is a Reply, not an Error) or the transport error. Requests made before
  // the login completes wait for it.
  Tag request(const Command& command, ReplyCallback callback);
  // The callback of `tag` will not be called (the request is still sent if
  // it already left, and its reply is read and dropped).
  void cancel(Tag tag);

  // Typed helpers for what the daemons ask; a non-2xx reply becomes an
  // Error carrying the reply text (code EPROTO, or ENOENT for 551/501).
  Tag slid(std::uint32_t spid, std::function<void(Result<std::string>)> callback);
  Tag fqdn_query(const addr::IpAddress& address,
                 std::function<void(Result<std::vector<std::string>>)> callback);
  Tag policy_add(const PolicyAddCommand& command, std::function<void(Result<void>)> callback);
  Tag policy_delete(const PolicyDeleteCommand& command, std::function<void(Result<void>)> callback);
  Tag migrate(const MigrateCommand& command, std::function<void(Result<void>)> callback);
  // Sends QUIT and closes after "250 BYE".
  void quit(std::function<void()> done = {});

  [[nodiscard]] bool logged_in() const;
  [[nodiscard]] std::size_t waiting() const;  // queued + in flight

 private:
  struct State;
  explicit Client(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// For command-line tools: runs `loop` until `done()` is true or `timeout`
// passes (ETIMEDOUT). Not for use inside a loop callback.
Result<void> run_until(event::Loop& loop, const std::function<bool()>& done,
                       std::chrono::milliseconds timeout);

}  // namespace rc::spmif
