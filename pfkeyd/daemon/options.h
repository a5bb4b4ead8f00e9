// pfkeyd's command line: the options every racoon2 daemon has, plus
//   -S, --socket PATH         where to serve PF_KEY (default: racoon2.conf's
//                             interface { pfkeyd_socket }, else
//                             <--run-dir>/pfkey, /var/run/racoon2/pfkey)
//   --state-file PATH|none    the tables kept across restarts
//   --larval-timeout SECONDS  how long a larval SA waits for its UPDATE
//                             (Linux's net.core.xfrm_acq_expires, default 30)
// racoon2.conf is optional for pfkeyd: without -f a missing default file is
// fine; a file that exists must parse.
#pragma once

#include <chrono>
#include <span>
#include <string>

#include "base/result.h"
#include "daemon/command_line.h"

namespace rc::pfkeyd {

struct Options {
  daemon::CommonOptions common;
  std::string socket_path;  // "" until resolve_socket()
  std::string state_file;   // "" = keep nothing
  std::chrono::seconds larval_timeout{30};
};

Result<Options> parse_options(std::span<char*> argv);
std::string usage();

// Fills socket_path from racoon2.conf when the command line did not give it.
Result<void> resolve_socket(Options& options);

}  // namespace rc::pfkeyd
