#include "daemon/daemon_main.h"

#include <csignal>
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "daemon/log_setup.h"
#include "daemon/pid_file.h"
#include "log/log.h"

namespace rc::daemon {

std::optional<int> answer_and_exit(std::string_view program, const CommonOptions& options,
                                   const std::string& usage) {
  if (options.help) {
    std::fputs(usage.c_str(), stdout);
    return 0;
  }
  if (options.version) {
    fmt::print("{}\n", version_text(program));
    return 0;
  }
  if (options.kill) {
    auto signalled = signal_running(options.pid_file, SIGTERM);
    if (!signalled) {
      fmt::print(stderr, "{}: {}\n", program, signalled.error().message);
      return 1;
    }
    return 0;
  }
  return std::nullopt;
}

int run_daemon(std::string_view program, const CommonOptions& options,
               const std::function<Result<void>(DaemonHandle&)>& serve) {
  if (auto configured = log::configure(log_config(options, program)); !configured) {
    fmt::print(stderr, "{}: {}\n", program, configured.error().message);
    return 1;
  }
  DaemonHandle handle;
  if (!options.foreground) {
    auto detached = daemonize();
    if (!detached) {
      fmt::print(stderr, "{}: {}\n", program, detached.error().message);
      return 1;
    }
    handle = std::move(*detached);
  }
  if (auto served = serve(handle); !served) {
    const std::string message = fmt::format("{}: {}", program, served.error().message);
    log::critical("{}", message);
    handle.fail(message);
    return 1;
  }
  return 0;
}

int guarded_main(std::string_view program, const std::function<int()>& run) {
  try {
    return run();
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: {}\n", program, e.what());
    return 1;
  }
}

}  // namespace rc::daemon
