// spmdctl: the operator's tool for spmd (README.md has every command, the
// exit statuses and the --json schema).
//   spmdctl [-d] [-f RACOON2_CONF] [--json] [--key-engine=ENGINE]
//           [--pid-file PATH] COMMAND ...
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <span>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "daemon/command_line.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"
#include "log/logger.h"
#include "tools/spmdctl/arguments.h"
#include "tools/spmdctl/runner.h"
#include "tools/spmdctl/settings.h"
#include "tools/spmdctl/usage.h"

namespace {

// Library log lines (the key engine's choice, ...) are the daemons' kind of
// output: for a command-line tool only warnings and errors are worth a
// line, the rest shows with -d.
class ToolLog final : public rc::log::Sink {
 public:
  explicit ToolLog(bool verbose) : verbose_(verbose) {}
  void write(rc::log::Tag tag, std::string_view line) override {
    if (!verbose_ && (tag == rc::log::Tag::kInfo || tag == rc::log::Tag::kDebug)) return;
    fmt::print(stderr, "spmdctl: {}\n", line);
  }

 private:
  bool verbose_;
};

int fail(std::string_view message) {
  fmt::print(stderr, "spmdctl: {}\n", message);
  return spmdctl::kExitFailed;
}

int spmdctl_main(std::span<char*> argv) {
  const std::vector<std::string_view> args(argv.begin() + 1, argv.end());
  auto invocation = spmdctl::parse_arguments(args);
  if (!invocation) {
    fmt::print(stderr, "spmdctl: {}\n{}", invocation.error().message, invocation.error().usage);
    return spmdctl::kExitUsage;
  }
  if (std::holds_alternative<spmdctl::Help>(invocation->action)) {
    std::fputs(spmdctl::help_text().c_str(), stdout);
    return spmdctl::kExitOk;
  }
  if (std::holds_alternative<spmdctl::Version>(invocation->action)) {
    fmt::print("{}\n", rc::daemon::version_text("spmdctl"));
    return spmdctl::kExitOk;
  }
  // spmd.pwd and the spmif socket are root's; failing later with EACCES
  // would only hide the real reason.
  if (::geteuid() != 0) {
    return fail("must be run as root (spmd's password file and socket are root's)");
  }
  const spmdctl::GlobalOptions& options = invocation->options;
  ToolLog log_sink(options.trace);
  rc::log::install_sink(&log_sink);

  spmdctl::Environment environment{
      .connection = {},
      .engine_policies = {},
      .pid_file = options.pid_file,
      .in = std::cin,
      .out = std::cout,
      .err = std::cerr,
  };
  // reload needs only the pid file: it must work while racoon2.conf is
  // being fixed.
  if (!std::holds_alternative<spmdctl::Reload>(invocation->action)) {
    auto interface = spmdctl::load_interface(options.config_file);
    if (!interface) return fail(interface.error().message);
    auto endpoint = spmdctl::spmd_endpoint(*interface);
    if (!endpoint) return fail(endpoint.error().message);
    environment.connection.socket_path = endpoint->socket_path;
    environment.connection.password_file = endpoint->password_file;
    auto engine_settings = rc::kernel::engine_settings(options.key_engine, *interface);
    if (!engine_settings) return fail(engine_settings.error().message);
    environment.engine_policies =
        [settings = *engine_settings]() -> rc::Result<std::vector<rc::kernel::PolicyInfo>> {
      auto engine = rc::kernel::open_configured_engine(settings);
      if (!engine) return rc::fail(engine.error());
      return (*engine)->dump_policies();
    };
  }
  const int status = spmdctl::run(*invocation, environment);
  std::cout.flush();
  rc::log::install_sink(nullptr);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // Errors travel as Results; only the standard library (memory, a closed
  // stdout under fmt) can throw, and that must still end in a message.
  try {
    return spmdctl_main(std::span(argv, static_cast<std::size_t>(argc)));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "spmdctl: %s\n", error.what());
    return spmdctl::kExitFailed;
  }
}
