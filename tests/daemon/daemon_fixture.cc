// A stand-in daemon for the process tests: the start-up and shutdown path
// every racoon2 daemon follows, and nothing else. With --hup-file it
// appends "hup <pid>" to that file on each SIGHUP; with --start-gate it
// reports ready only once that file exists (at most 10 s), so a test can
// look at a start-up in progress.
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <span>
#include <string>

#include <fmt/format.h>

#include "base/unique_fd.h"
#include "daemon/command_line.h"
#include "daemon/daemonize.h"
#include "daemon/log_setup.h"
#include "daemon/pid_file.h"
#include "daemon/run_dir.h"
#include "event/loop.h"
#include "log/log.h"
#include "log/logger.h"

namespace {

constexpr std::string_view kProgram = "daemon_fixture";

void append_line(const std::string& path, const std::string& line) {
  const rc::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (!fd) return;
  [[maybe_unused]] const ssize_t written = ::write(fd.get(), line.data(), line.size());
}

struct FixtureOptions {
  std::string hup_file;
  std::string start_gate;
};

void wait_for_gate(const std::string& gate) {
  if (gate.empty()) return;
  for (int i = 0; i < 2000 && ::access(gate.c_str(), F_OK) != 0; ++i) ::usleep(5000);
}

int serve(const rc::daemon::CommonOptions& options, const FixtureOptions& fixture,
          rc::daemon::DaemonHandle& handle) {
  const auto start_failed = [&](const rc::Error& error) {
    handle.fail(fmt::format("{}: {}", kProgram, error.message));
    return 1;
  };
  auto run_dir = rc::daemon::ensure_run_dir(options.run_dir);
  if (!run_dir) return start_failed(run_dir.error());
  auto pid_file = rc::daemon::PidFile::open(options.pid_file);
  if (!pid_file) return start_failed(pid_file.error());
  if (auto written = pid_file->write(); !written) return start_failed(written.error());

  auto loop = rc::event::Loop::create();
  if (!loop) return start_failed(loop.error());
  auto term = loop->watch_signal(SIGTERM, [&] { loop->stop(); });
  auto interrupt = loop->watch_signal(SIGINT, [&] { loop->stop(); });
  auto hangup = loop->watch_signal(SIGHUP, [&] {
    if (!fixture.hup_file.empty()) {
      append_line(fixture.hup_file, fmt::format("hup {}\n", ::getpid()));
    }
  });
  if (!term) return start_failed(term.error());
  if (!interrupt) return start_failed(interrupt.error());
  if (!hangup) return start_failed(hangup.error());

  wait_for_gate(fixture.start_gate);
  handle.ready();
  rc::log::info("{} started (pid {})", kProgram, ::getpid());
  if (options.foreground) {
    std::fputs(fmt::format("ready {}\n", ::getpid()).c_str(), stdout);
    std::fflush(stdout);
  }
  auto ran = loop->run();
  pid_file->remove();
  if (!ran) {
    std::fputs(fmt::format("{}: {}\n", kProgram, ran.error().message).c_str(), stderr);
    return 1;
  }
  return 0;
}

int run(int argc, char* argv[]) {
  FixtureOptions fixture;
  const rc::daemon::ExtraOption extras[] = {
      {'\0', "hup-file", true, "FILE", "append a line to FILE on each SIGHUP",
       [&fixture](std::string_view argument) -> rc::Result<void> {
         fixture.hup_file = argument;
         return rc::ok();
       }},
      {'\0', "start-gate", true, "FILE", "report ready only once FILE exists",
       [&fixture](std::string_view argument) -> rc::Result<void> {
         fixture.start_gate = argument;
         return rc::ok();
       }},
  };
  auto options = rc::daemon::parse_command_line(
      kProgram, std::span<char*>(argv, static_cast<std::size_t>(argc)), extras);
  if (!options) {
    std::fputs((options.error().message + "\n").c_str(), stderr);
    return 2;
  }
  if (options->help) {
    std::fputs(rc::daemon::usage_text(kProgram, extras).c_str(), stdout);
    return 0;
  }
  if (options->version) {
    std::fputs((rc::daemon::version_text(kProgram) + "\n").c_str(), stdout);
    return 0;
  }
  if (auto logging = rc::log::configure(rc::daemon::log_config(*options, kProgram)); !logging) {
    std::fputs((logging.error().message + "\n").c_str(), stderr);
    return 1;
  }
  if (options->kill) {
    auto signalled = rc::daemon::signal_running(options->pid_file, SIGTERM);
    if (!signalled) {
      std::fputs(fmt::format("{}: {}\n", kProgram, signalled.error().message).c_str(), stderr);
      return 1;
    }
    return 0;
  }

  rc::daemon::DaemonHandle handle;  // foreground: failures go to stderr
  if (!options->foreground) {
    auto detached = rc::daemon::daemonize();
    if (!detached) {
      std::fputs(fmt::format("{}: {}\n", kProgram, detached.error().message).c_str(), stderr);
      return 1;
    }
    handle = std::move(*detached);
  }
  return serve(*options, fixture, handle);
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {  // a bug here; say so instead of aborting
    std::fputs(fmt::format("{}: {}\n", kProgram, error.what()).c_str(), stderr);
    return 3;
  }
}
