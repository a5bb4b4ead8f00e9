// spmd: the policy daemon (DESIGN.md §1, reference §3). It installs the
// SPD from racoon2.conf, keeps the SPID <-> selector map, and answers iked,
// kinkd and spmdctl over spmif. Signals: TERM/INT/QUIT remove exactly the
// policies spmd installed, then exit; HUP reloads racoon2.conf and applies
// only the difference (a configuration that does not load changes
// nothing); USR1 logs a summary.
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <memory>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "addr/system_interfaces.h"
#include "command_handler.h"
#include "conf/loader.h"
#include "daemon/daemon_main.h"
#include "daemon/daemonize.h"
#include "daemon/pid_file.h"
#include "daemon/unix_listener.h"
#include "dns_proxy.h"
#include "dns_sockets.h"
#include "event/loop.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"
#include "log/log.h"
#include "options.h"
#include "policy_service.h"
#include "spmd/core/policy_plan.h"
#include "spmif/login.h"
#include "spmif_server.h"

namespace rc::spmd {
namespace {

// Where spmif is served: the `unix "PATH"` entry of interface { spmd }, or
// <--run-dir>/spmif when racoon2.conf does not say.
Result<std::string> spmif_path(const conf::Config& config, const Options& options) {
  const auto& written = config.model().interface;
  if (!written || !written->spmd) return options.common.run_dir + "/spmif";
  std::string path;
  for (const addr::AddrEntry& entry : *written->spmd) {
    if (const auto* file = entry.as_file(); file != nullptr && path.empty()) {
      path = file->path;
    } else {
      // The original served TCP only in debug builds; a socket anyone on
      // the host can reach is no place for the SPD's control.
      log::internal_warn("spmd: interface spmd {}: only a UNIX socket is served; ignored",
                         entry.to_string());
    }
  }
  if (path.empty()) {
    return fail(Error{EINVAL, "interface { spmd ...; } names no unix \"PATH\" socket"});
  }
  return path;
}

Result<buf::SecretBytes> spmif_password(const std::string& path) {
  auto created = spmif::create_password_file(path);
  if (!created) return fail(std::move(created).error());
  if (*created) log::info("spmd: created the spmif password file {} (mode 600)", path);
  return spmif::read_password(path);
}

// `nameserver` and `dns_query` entries are numeric (the config checks it);
// the port is 53 unless the entry names one.
std::vector<NameServerEntry> configured_name_servers(const conf::Resolver& resolver) {
  std::vector<NameServerEntry> servers;
  if (resolver.nameserver) {
    for (const addr::AddrEntry& entry : *resolver.nameserver) {
      if (const auto* inet = entry.as_inet(); inet != nullptr) {
        servers.push_back(
            NameServerEntry{inet->address, entry.port() != 0 ? entry.port() : kDnsPort});
      }
    }
  }
  return servers;
}

Result<std::vector<addr::SocketAddress>> dns_query_addresses(const conf::Resolver& resolver) {
  std::vector<addr::SocketAddress> addresses;
  if (!resolver.dns_query) return addresses;
  for (const addr::AddrEntry& entry : *resolver.dns_query) {
    const auto* inet = entry.as_inet();
    if (inet == nullptr) {
      return fail(Error{EINVAL, fmt::format("resolver {{ dns_query {}; }}: not a numeric address",
                                            entry.to_string())});
    }
    auto address =
        addr::SocketAddress::make(inet->address, entry.port() != 0 ? entry.port() : kDnsPort);
    if (!address) return fail(std::move(address).error());
    addresses.push_back(*address);
  }
  return addresses;
}

std::string addresses_text(const std::vector<addr::IpAddress>& addresses) {
  if (addresses.empty()) return "none";
  std::string text;
  for (const addr::IpAddress& address : addresses) {
    text += fmt::format("{}{}", text.empty() ? "" : " ", address);
  }
  return text;
}

std::string dns_state_text(const NameCache::DnsState& state, SteadyTime now) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(state.expires - now).count();
  const std::string_view kind = state.kind == DnsFacts::Kind::NxDomain ? "NXDOMAIN"
                                : state.kind == DnsFacts::Kind::NoData ? "no data"
                                                                       : "";
  return fmt::format("{} (TTL {} s, {})", kind.empty() ? addresses_text(state.addresses) : kind,
                     state.ttl, left > 0 ? fmt::format("{} s left", left) : std::string("stale"));
}

// USR1: what the cache holds for one name, by source.
std::string describe_name(const std::string& name, const NameCache::NameState& state,
                          SteadyTime now) {
  std::string text = name;
  if (!state.hosts.empty()) text += fmt::format("; hosts {}", addresses_text(state.hosts));
  if (state.v4) text += "; A " + dns_state_text(*state.v4, now);
  if (state.v6) text += "; AAAA " + dns_state_text(*state.v6, now);
  if (state.hosts.empty() && !state.v4 && !state.v6) text += "; nothing known";
  return text;
}

void log_diagnostics(const conf::Diagnostics& diagnostics) {
  for (const conf::Diagnostic& diagnostic : diagnostics.list()) {
    if (diagnostic.severity == conf::Severity::Error) {
      log::critical("spmd: {}", diagnostic.to_string());
    } else {
      log::internal_warn("spmd: {}", diagnostic.to_string());
    }
  }
}

// -t: everything start-up checks that needs no key engine, with the names
// /etc/hosts gives (as start-up would know them).
int check_config(const conf::Config& config, const Options& options) {
  const addr::SystemInterfaceSource interfaces;
  const auto order = read_nsswitch(options.nsswitch_file);
  NameCache names(order ? *order : HostsOrder{});
  for (const std::string& name : plan_policies(config, interfaces, names).fqdns) {
    (void)names.watch(name);  // a name refused or beyond the limit stays deferred
  }
  if (order && order->files) {
    if (auto hosts = read_hosts(options.hosts_file); hosts) (void)names.set_hosts(*hosts);
  }
  const Plan plan = plan_policies(config, interfaces, names);
  for (const std::string& line : plan.warnings) fmt::print(stderr, "spmd: warning: {}\n", line);
  for (const std::string& line : plan.errors) fmt::print(stderr, "spmd: error: {}\n", line);
  if (!plan.errors.empty()) return 1;
  fmt::print("spmd: configuration OK: {} policies, {} selectors waiting for names\n",
             plan.policies.size(), plan.deferred.size());
  return 0;
}

class Spmd {
 public:
  Spmd(const Options& options, conf::ConfigHolder& holder) : options_(options), holder_(holder) {}

  Result<void> serve(daemon::DaemonHandle& handle);

 private:
  Result<void> start(const conf::Config& config);
  void reload();
  void warn_if_resolver_changed(const conf::Config& config) const;
  void on_engine_events();
  void log_summary() const;

  const Options& options_;
  conf::ConfigHolder& holder_;
  std::unique_ptr<event::Loop> loop_;
  std::unique_ptr<kernel::KeyEngine> engine_;
  addr::SystemInterfaceSource interfaces_;
  std::unique_ptr<PolicyService> policies_;
  NameServers name_servers_;
  DnsCounters dns_;
  std::unique_ptr<SpmdCommands> commands_;
  std::unique_ptr<SpmifServer> server_;
  std::unique_ptr<DnsProxy> dns_proxy_;
  // The resolver settings in force (HUP cannot move the proxy's sockets).
  std::vector<addr::SocketAddress> dns_listen_;
  std::vector<NameServerEntry> dns_servers_;
  event::IoWatch engine_watch_;
  std::string password_path_;
};

Result<void> Spmd::start(const conf::Config& config) {
  auto loop = event::Loop::create();
  if (!loop) return fail(std::move(loop).error());
  loop_ = std::make_unique<event::Loop>(std::move(*loop));

  const conf::Interface interface = config.resolve_interface();
  password_path_ = interface.spmd_password.value_or("");
  auto password = spmif_password(password_path_);
  if (!password) return fail(std::move(password).error());

  // Bound first: a second spmd or a bad directory stops us before the SPD
  // is touched.
  auto path = spmif_path(config, options_);
  if (!path) return fail(std::move(path).error());
  auto listener = daemon::UnixListener::open(*path, SOCK_STREAM, "spmd");
  if (!listener) return fail(std::move(listener).error());

  auto order = read_nsswitch(options_.nsswitch_file);
  if (!order) return fail(std::move(order).error());

  auto settings = kernel::engine_settings(options_.common.key_engine, interface);
  if (!settings) return fail(std::move(settings).error());
  auto engine = kernel::open_configured_engine(*settings);
  if (!engine) return fail(std::move(engine).error());
  engine_ = std::move(*engine);

  policies_ = std::make_unique<PolicyService>(*engine_, interfaces_,
                                              HostsSource{*order, options_.hosts_file});
  const conf::Resolver resolver = config.resolve_resolver();
  const bool resolver_on = resolver.resolver.value_or(false) && order->dns;
  if (resolver.resolver.value_or(false) && !order->dns) {
    log::internal_warn("spmd: resolver on, but {} does not list dns for hosts: no DNS proxy",
                       options_.nsswitch_file);
  }
  if (resolver_on) {
    name_servers_ = NameServers(configured_name_servers(resolver));
    if (name_servers_.size() == 0) {
      log::internal_warn("spmd: resolver on without a nameserver: queries get SERVFAIL");
    }
  }
  commands_ = std::make_unique<SpmdCommands>(*policies_, name_servers_, resolver_on, dns_);
  server_ = std::make_unique<SpmifServer>(*loop_, std::move(*listener), *commands_, *password);

  if (auto used = policies_->use_config(holder_.current()); !used) {
    return fail(Error{used.error().code, "racoon2.conf: " + used.error().message});
  }
  if (resolver_on) {
    auto listen = dns_query_addresses(resolver);
    if (!listen) return fail(std::move(listen).error());
    for (const addr::SocketAddress& address : *listen) {
      if (!address.address().is_loopback()) {
        // spmd has no client access list: whoever reaches the address may
        // use it, and every answer it relays can move policies.
        log::internal_warn(
            "spmd: dns_query {} is not a loopback address: every host that reaches it can use "
            "spmd as a DNS forwarder",
            address);
      }
    }
    Forwarder::Settings forwarding;
    // Each query in flight holds a socket; leave room for everything else.
    const std::size_t descriptors = dns_io::raise_descriptor_limit();
    forwarding.max_in_flight = std::min(forwarding.max_in_flight, descriptors / 2);
    dns_proxy_ = std::make_unique<DnsProxy>(*loop_, name_servers_, dns_, *policies_, forwarding);
    policies_->on_names_changed([this] { dns_proxy_->names_changed(); });
    if (auto started = dns_proxy_->start(*listen); !started) return started;
    dns_listen_ = std::move(*listen);
    dns_servers_ = configured_name_servers(resolver);
  }
  auto watch = loop_->watch_io(engine_->event_fd(), event::Interest::kRead,
                               [this](event::IoEvents /*events*/) { on_engine_events(); });
  if (!watch) return fail(std::move(watch).error());
  engine_watch_ = std::move(*watch);
  return server_->start();
}

void Spmd::on_engine_events() {
  auto read = engine_->read_events([this](const kernel::Event& event) {
    if (const auto* expired = std::get_if<kernel::PolicyExpireEvent>(&event);
        expired != nullptr && expired->hard) {
      if (auto slid = policies_->spd().slid_of(expired->spid)) {
        log::info("spmd: policy {} of selector {} expired", expired->spid, *slid);
      }
      policies_->policy_expired(expired->spid);
    }
  });
  if (!read) log::internal_warn("spmd: key engine events: {}", read.error().message);
}

void Spmd::reload() {
  log::info("spmd: reloading {}", holder_.path());
  const conf::LoadResult loaded = holder_.reload();
  log_diagnostics(loaded.diagnostics);
  if (!loaded.config) {
    log::critical("spmd: {} does not load; the running configuration stays", holder_.path());
    return;
  }
  if (auto used = policies_->use_config(loaded.config); !used) {
    log::critical("spmd: {}: {}; the running configuration stays", holder_.path(),
                  used.error().message);
    return;
  }
  warn_if_resolver_changed(*loaded.config);
  const conf::Interface interface = loaded.config->resolve_interface();
  if (interface.spmd_password && *interface.spmd_password != password_path_) {
    log::internal_warn("spmd: spmd_password changed to {}; restart spmd to use it",
                       *interface.spmd_password);
  } else if (auto password = spmif::read_password(password_path_); password) {
    server_->set_password(*password);
  } else {
    log::internal_err("spmd: {}: {}", password_path_, password.error().message);
  }
  if (auto reopened = log::reopen(); !reopened) {
    log::internal_err("spmd: cannot reopen the log: {}", reopened.error().message);
  }
}

void Spmd::warn_if_resolver_changed(const conf::Config& config) const {
  const conf::Resolver resolver = config.resolve_resolver();
  const bool on = resolver.resolver.value_or(false);
  auto listen = dns_query_addresses(resolver);
  const bool same_listen =
      listen && listen->size() == dns_listen_.size() &&
      std::equal(listen->begin(), listen->end(), dns_listen_.begin(),
                 [](const addr::SocketAddress& a, const addr::SocketAddress& b) {
                   return a.address() == b.address() && a.port() == b.port();
                 });
  const std::vector<NameServerEntry> servers = configured_name_servers(resolver);
  const bool same_servers = servers.size() == dns_servers_.size() &&
                            std::equal(servers.begin(), servers.end(), dns_servers_.begin(),
                                       [](const NameServerEntry& a, const NameServerEntry& b) {
                                         return a.address == b.address && a.port == b.port;
                                       });
  if (on != (dns_proxy_ != nullptr) || (on && (!same_listen || !same_servers))) {
    log::internal_warn(
        "spmd: the resolver section changed; restart spmd to apply it (spmdctl ns changes the "
        "name servers of a running spmd)");
  }
}

void Spmd::log_summary() const {
  const auto& counters = server_->counters();
  log::info(
      "spmd: {} policies installed, {} selectors waiting for names, {} names watched; spmif: {} "
      "connections, {} commands, {} login failures, {} syntax errors",
      policies_->spd().installed().size(), policies_->deferred_selectors(),
      policies_->names().watched_names().size(), server_->connection_count(), counters.commands,
      counters.login_failures, counters.syntax_errors);
  const SteadyTime now = std::chrono::steady_clock::now();
  for (const std::string& name : policies_->names().watched_names()) {
    log::info("spmd: name {}", describe_name(name, *policies_->names().state(name), now));
  }
  if (dns_proxy_) {
    log::info("spmd: DNS proxy: {} queries in flight, {} names refreshed by spmd",
              dns_proxy_->forwarder().in_flight(), dns_proxy_->refresher().schedule().size() / 2);
  }
}

Result<void> Spmd::serve(daemon::DaemonHandle& handle) {
  auto pid_file = daemon::PidFile::open(options_.common.pid_file);
  if (!pid_file) return fail(std::move(pid_file).error());
  auto started = start(*holder_.current());
  if (!started) {
    // Whatever got installed before the failure goes again.
    if (policies_) policies_->remove_all();
    return started;
  }
  std::vector<event::SignalWatch> signals;
  for (const int signo : {SIGTERM, SIGINT, SIGQUIT}) {
    auto watch = loop_->watch_signal(signo, [this] {
      log::info("spmd: stopping");
      loop_->stop();
    });
    if (!watch) return fail(std::move(watch).error());
    signals.push_back(std::move(*watch));
  }
  auto hup = loop_->watch_signal(SIGHUP, [this] { reload(); });
  auto usr1 = loop_->watch_signal(SIGUSR1, [this] { log_summary(); });
  if (!hup || !usr1) return fail(Error{EINVAL, "cannot watch SIGHUP/SIGUSR1"});

  if (auto written = pid_file->write(); !written) return fail(std::move(written).error());
  log::info("spmd: serving spmif at {} (key engine {})", server_->path(),
            kernel::name(engine_->kind()));
  handle.ready();
  auto ran = loop_->run();
  const ApplyReport removed = policies_->remove_all();
  for (const std::string& failure : removed.failures) log::internal_err("spmd: {}", failure);
  log::info("spmd: removed the {} policies spmd installed", removed.removed);
  server_.reset();
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
  if (auto done = daemon::answer_and_exit("spmd", options->common, usage())) return *done;

  conf::LoadOptions load;
  load.validate.spmd_password_may_be_missing = true;  // spmd creates it
  conf::ConfigHolder holder(options->common.config_file, load);
  const conf::LoadResult loaded = holder.reload();
  fmt::print(stderr, "{}", loaded.diagnostics.to_string());
  if (!loaded.config) {
    fmt::print(stderr, "spmd: {}: cannot be used\n", options->common.config_file);
    return 1;
  }
  if (options->common.check_config) return check_config(*loaded.config, *options);
  Spmd spmd(*options, holder);
  return daemon::run_daemon("spmd", options->common,
                            [&](daemon::DaemonHandle& handle) { return spmd.serve(handle); });
}

}  // namespace rc::spmd

int main(int argc, char** argv) {
  return rc::daemon::guarded_main("spmd", [&] { return rc::spmd::run(argc, argv); });
}
