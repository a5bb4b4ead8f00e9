// Runs one parsed spmdctl command against spmd: logs in, does what the
// original spmdctl did for it (with its bugs fixed, reference §9 item 13),
// prints the outcome, and always says QUIT. Everything the outside world
// provides comes in through Environment, so the tests run the same code
// against a real spmif server in a temporary directory.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "kernel/policy.h"
#include "tools/spmdctl/arguments.h"
#include "tools/spmdctl/connection.h"

namespace spmdctl {

// Exit statuses (README.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Environment {
  ConnectionSettings connection;  // its trace is set here when -d was given
  // The key engine's SPD, for policy show; main opens the configured engine
  // only when this is called.
  std::function<rc::Result<std::vector<rc::kernel::PolicyInfo>>()> engine_policies;
  std::string pid_file;  // for reload; "" = spmd's default pid file
  std::istream& in;      // interactive's requests
  std::ostream& out;     // results
  std::ostream& err;     // errors, warnings and the -d trace
};

// Runs any action but Help and Version (main answers those) and returns
// the exit status.
int run(const Invocation& invocation, Environment& environment);

}  // namespace spmdctl
