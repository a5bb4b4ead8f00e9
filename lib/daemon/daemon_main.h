// The parts of main() every racoon2 daemon shares, so spmd, pfkeyd, iked
// and kinkd start, detach, fail and answer --help the same way.
//
//   int run(int argc, char** argv) {
//     auto options = parse ...;
//     if (auto done = daemon::answer_and_exit(kProgram, options->common, usage())) return *done;
//     ... checks that print to the terminal (-t) ...
//     return daemon::run_daemon(kProgram, options->common,
//                               [&](daemon::DaemonHandle& handle) { return serve(handle); });
//   }
//   int main(int argc, char** argv) {
//     return daemon::guarded_main("spmd", [&] { return run(argc, argv); });
//   }
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "daemon/command_line.h"
#include "daemon/daemonize.h"

namespace rc::daemon {

// --help (usage on stdout), --version, and -k (SIGTERM to the daemon named
// by the pid file): the exit status when the command line asked for one of
// them, nullopt when the daemon should start.
std::optional<int> answer_and_exit(std::string_view program, const CommonOptions& options,
                                   const std::string& usage);

// Configures logging (stderr in the foreground, syslog otherwise),
// daemonizes unless -F, and runs `serve` with the start-up handle (serve
// calls handle.ready() once it is started). A failure is logged as
// critical and reported to the waiting parent as "PROGRAM: message".
// Returns the exit status.
int run_daemon(std::string_view program, const CommonOptions& options,
               const std::function<Result<void>(DaemonHandle&)>& serve);

// main()'s body: only allocation failure throws in the daemons; report it
// as "PROGRAM: what" with exit status 1 instead of aborting.
int guarded_main(std::string_view program, const std::function<int()>& run);

}  // namespace rc::daemon
