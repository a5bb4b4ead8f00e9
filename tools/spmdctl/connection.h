// One spmif session for a command-line tool: spmif::Client is asynchronous
// (the daemons run it inside their event loop); spmdctl asks one thing at a
// time and waits, so this runs a private loop until each answer is in. It
// also turns the client's failures into the sentences an operator needs:
// "spmd is not running", "login refused: check spmd.pwd".
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "event/loop.h"
#include "spmif/client.h"
#include "spmif/command.h"
#include "spmif/reply.h"

namespace spmdctl {

struct ConnectionSettings {
  std::string socket_path;    // spmd's UNIX socket
  std::string password_file;  // spmd.pwd
  std::chrono::milliseconds timeout{10000};
  std::function<void(std::string_view)> trace;  // -d; may be empty
};

class Connection {
 public:
  // Connects and logs in. Errors are complete sentences:
  //   "spmd is not running: no spmif socket at PATH"            (ENOENT)
  //   "login refused: check that spmd.pwd (PATH) is the file spmd uses"
  //   "cannot read spmd.pwd: ..."                                 (safefile's reason)
  static rc::Result<std::unique_ptr<Connection>> open(ConnectionSettings settings);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Only open() can make the key, so a Connection only exists logged in.
  class Key {
    friend class Connection;
    Key() = default;
  };
  Connection(Key key, std::unique_ptr<rc::event::Loop> loop, ConnectionSettings settings);

  // Sends one command and waits for its whole reply (any code). Errors are
  // transport failures: the connection is gone or spmd stopped answering.
  rc::Result<rc::spmif::Reply> call(const rc::spmif::Command& command);

  // QUIT, waiting for spmd's "250 BYE" (or the close), at most `timeout`.
  void quit();

 private:
  std::unique_ptr<rc::event::Loop> loop_;
  ConnectionSettings settings_;
  std::optional<rc::Result<void>> login_;
  bool lost_ = false;
  rc::Error lost_error_;
  // Last, so it goes first: its callbacks write to the members above.
  std::unique_ptr<rc::spmif::Client> client_;
};

}  // namespace spmdctl
