// Where spmd listens and which password it checks, from racoon2.conf's
// `interface { spmd { unix "PATH"; }; spmd_password "FILE"; }` (the built-in
// defaults when the file leaves them out).
#pragma once

#include <string>

#include "base/result.h"
#include "conf/model.h"

namespace spmdctl {

struct SpmdEndpoint {
  std::string socket_path;
  std::string password_file;
  bool operator==(const SpmdEndpoint&) const = default;
};

// Loads `config_file` ("" = the installed racoon2.conf) and returns its
// resolved interface section. The error carries the file's diagnostics.
rc::Result<rc::conf::Interface> load_interface(const std::string& config_file);

// The first UNIX socket of interface.spmd. spmdctl never uses spmif over
// TCP (a debugging-only transport), so a list without one is an error.
rc::Result<SpmdEndpoint> spmd_endpoint(const rc::conf::Interface& interface);

}  // namespace spmdctl
