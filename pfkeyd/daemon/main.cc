// pfkeyd: the userspace key engine (DESIGN.md §2). It serves PF_KEYv2 on a
// UNIX socket with a kernel's semantics so that spmd, iked and kinkd run
// where the kernel holds no IPsec SAs. Signals: TERM/INT/QUIT save the
// tables and exit; HUP saves them and reopens the log; USR1 logs a summary.
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "daemon/daemon_main.h"
#include "daemon/daemonize.h"
#include "daemon/pid_file.h"
#include "daemon/run_dir.h"
#include "daemon/unix_listener.h"
#include "engine_timer.h"
#include "event/loop.h"
#include "log/log.h"
#include "options.h"
#include "pfkeyd/core/tables.h"
#include "request_handler.h"
#include "server.h"
#include "state_saver.h"

namespace rc::pfkeyd {
namespace {

void log_summary(const Tables& tables, const Server& server, const RequestHandler& handler) {
  const auto& requests = handler.counters();
  const auto& sockets = server.counters();
  log::info(
      "pfkeyd: {} SAs, {} policies, {} clients; requests {} (failed {}, malformed {}); "
      "broadcasts dropped {}",
      tables.sa_count(), tables.policy_count(), server.client_count(), requests.handled,
      requests.failed, requests.malformed, sockets.broadcasts_dropped);
}

struct Daemon {
  SystemClock clock;
  std::unique_ptr<Tables> tables;
  std::unique_ptr<RequestHandler> handler;
  std::unique_ptr<Server> server;
  std::unique_ptr<StateSaver> saver;
  std::unique_ptr<EngineTimer> timer;
};

Result<void> serve(const Options& options, daemon::DaemonHandle& handle) {
  auto pid_file = daemon::PidFile::open(options.common.pid_file);
  if (!pid_file) return fail(std::move(pid_file).error());

  auto loop = event::Loop::create();
  if (!loop) return fail(std::move(loop).error());

  if (!options.state_file.empty()) {
    // /var/lib/racoon2 on a fresh system: made private, like the run directory.
    const auto slash = options.state_file.rfind('/');
    const std::string dir = slash == 0 ? "/" : options.state_file.substr(0, slash);
    if (auto made = daemon::ensure_run_dir(dir); !made) return fail(std::move(made).error());
  }
  Daemon d;
  d.tables = std::make_unique<Tables>(d.clock, TablesSettings{options.larval_timeout});
  if (!options.state_file.empty()) {
    if (auto loaded = d.tables->load(options.state_file); loaded) {
      log::info("pfkeyd: restored {} SAs and {} policies from {}", d.tables->sa_count(),
                d.tables->policy_count(), options.state_file);
    } else if (loaded.error().code != ENOENT) {
      return fail(std::move(loaded).error());
    }
  }
  d.handler = std::make_unique<RequestHandler>(*d.tables);
  d.saver = std::make_unique<StateSaver>(*loop, *d.tables, options.state_file);
  auto listener = daemon::UnixListener::open(options.socket_path, SOCK_SEQPACKET, "pfkeyd");
  if (!listener) return fail(std::move(listener).error());

  d.timer = std::make_unique<EngineTimer>(*loop, *d.tables, [&d](const Notifications& n) {
    for (Outgoing& message : d.handler->notify(n)) d.server->deliver(std::move(message));
    d.saver->changed();
  });
  d.server = std::make_unique<Server>(
      *loop, std::move(*listener),
      [&d](ClientState& client, pid_t pid, std::span<const std::uint8_t> request) {
        auto out = d.handler->handle(client, pid, request);
        if (d.handler->take_changed()) d.saver->changed();
        d.timer->rearm();
        return out;
      });
  if (auto started = d.server->start(); !started) return fail(std::move(started).error());
  d.timer->rearm();

  const auto stop = [&] {
    log::info("pfkeyd: stopping");
    loop->stop();
  };
  std::vector<event::SignalWatch> signals;
  for (const int signo : {SIGTERM, SIGINT, SIGQUIT}) {
    auto watch = loop->watch_signal(signo, stop);
    if (!watch) return fail(std::move(watch).error());
    signals.push_back(std::move(*watch));
  }
  auto hup = loop->watch_signal(SIGHUP, [&] {
    d.saver->save_now();
    if (auto reopened = log::reopen(); !reopened) {
      log::internal_err("pfkeyd: cannot reopen the log: {}", reopened.error().message);
    }
  });
  auto usr1 = loop->watch_signal(SIGUSR1, [&] { log_summary(*d.tables, *d.server, *d.handler); });
  if (!hup || !usr1) return fail(Error{EINVAL, "cannot watch SIGHUP/SIGUSR1"});

  if (auto written = pid_file->write(); !written) return fail(std::move(written).error());
  log::info("pfkeyd: serving PF_KEY at {} (larval timeout {} s, state {})", options.socket_path,
            options.larval_timeout.count(),
            options.state_file.empty() ? std::string("not kept") : options.state_file);
  handle.ready();
  auto ran = loop->run();
  d.saver->save_now();
  d.server.reset();
  pid_file->remove();
  return ran;
}

}  // namespace

int run(int argc, char** argv) {
  auto options = parse_options(std::span<char*>(argv, static_cast<std::size_t>(argc)));
  if (!options) {
    fmt::print(stderr, "{}\n", options.error().message);
    return 2;
  }
  if (auto done = daemon::answer_and_exit("pfkeyd", options->common, usage())) return *done;
  if (auto resolved = resolve_socket(*options); !resolved) {
    fmt::print(stderr, "{}\n", resolved.error().message);
    return 1;
  }
  if (options->common.check_config) {
    fmt::print("pfkeyd: would serve PF_KEY at {}\n", options->socket_path);
    return 0;
  }
  return daemon::run_daemon("pfkeyd", options->common,
                            [&](daemon::DaemonHandle& handle) { return serve(*options, handle); });
}

}  // namespace rc::pfkeyd

int main(int argc, char** argv) {
  return rc::daemon::guarded_main("pfkeyd", [&] { return rc::pfkeyd::run(argc, argv); });
}
