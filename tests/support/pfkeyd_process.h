// PfkeydProcess: a real pfkeyd started by a test in the foreground, serving
// PF_KEY in a private directory of its own, stopped (SIGTERM, then waited
// for) when the object goes. Its log goes to <dir>/pfkeyd.log so a failing
// test can show it.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/daemon_process.h"

namespace rc::testing {

class PfkeydProcess {
 public:
  // `dir` must exist and be private (mode 0700); the socket is <dir>/run/pfkey.
  PfkeydProcess(std::string binary, std::string dir)
      : binary_(std::move(binary)),
        dir_(std::move(dir)),
        process_("pfkeyd", dir_ + "/pfkeyd.log", dir_ + "/run/pfkey", SOCK_SEQPACKET) {}

  [[nodiscard]] std::string socket_path() const { return process_.socket_path(); }
  [[nodiscard]] std::string state_file() const { return dir_ + "/pfkeyd.state"; }
  [[nodiscard]] pid_t pid() const { return process_.pid(); }

  // Starts pfkeyd and waits (up to 10 s) until its socket answers. Returns
  // false, with the reason in error(), if it did not come up.
  bool start(std::chrono::seconds larval_timeout = std::chrono::seconds(30),
             const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv{binary_,
                                  "-F",
                                  "--socket=" + socket_path(),
                                  "--state-file=" + state_file(),
                                  "--pid-file=" + dir_ + "/pfkeyd.pid",
                                  "--larval-timeout=" + std::to_string(larval_timeout.count())};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return process_.start(argv);
  }

  // SIGTERM (pfkeyd saves its tables) and wait. Returns the exit status, or
  // -1 when it died by a signal or was not running.
  int stop() { return process_.stop(); }

  [[nodiscard]] const std::string& error() const { return process_.error(); }
  [[nodiscard]] std::string log_text() const { return process_.log_text(); }
  [[nodiscard]] bool log_shows(const std::string& needle,
                               std::chrono::milliseconds patience = std::chrono::seconds(5)) const {
    return process_.log_shows(needle, patience);
  }

 private:
  std::string binary_;
  std::string dir_;
  DaemonProcess process_;
};

}  // namespace rc::testing
