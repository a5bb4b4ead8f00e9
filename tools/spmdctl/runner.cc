#include "tools/spmdctl/runner.h"

#include <algorithm>
#include <csignal>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "daemon/command_line.h"
#include "daemon/pid_file.h"
#include "tools/spmdctl/interactive.h"
#include "tools/spmdctl/policy_view.h"
#include "tools/spmdctl/render.h"

namespace spmdctl {
namespace {

namespace spmif = rc::spmif;

class Run {
 public:
  Run(const Invocation& invocation, Environment& environment)
      : options_(invocation.options),
        action_(invocation.action),
        name_(action_name(invocation.action)),
        env_(environment) {}

  int operator()() {
    if (std::holds_alternative<Reload>(action_)) return reload();
    ConnectionSettings settings = env_.connection;
    if (options_.trace) {
      std::ostream& err = env_.err;
      settings.trace = [&err](std::string_view line) { err << line << '\n' << std::flush; };
    }
    auto connection = Connection::open(std::move(settings));
    if (!connection) return fail(connection.error().message);
    connection_ = connection->get();
    const int status = std::visit([this](const auto& action) { return execute(action); }, action_);
    // Every session ends with QUIT, whatever happened in it.
    (*connection)->quit();
    return status;
  }

 private:
  // "spmdctl: MESSAGE" on stderr, and the failure object on stdout for
  // --json, so a script reading stdout always gets one JSON document.
  int fail(const std::string& message, int code = 0) {
    env_.err << fmt::format("spmdctl: {}\n", message);
    if (options_.json) env_.out << render_failure_json(name_, message, code);
    return kExitFailed;
  }

  int refused(const spmif::Command& request, const spmif::Reply& reply) {
    return fail(fmt::format("{}: {}", spmif::format_command(request), reply_text(reply)),
                reply.code);
  }

  // The reply to `command` when spmd accepted it; otherwise the failure has
  // been reported and the caller returns kExitFailed.
  std::optional<spmif::Reply> ask(const spmif::Command& command) {
    auto reply = connection_->call(command);
    if (!reply) {
      fail(reply.error().message);
      return std::nullopt;
    }
    if (!reply->ok()) {
      refused(command, *reply);
      return std::nullopt;
    }
    return std::move(*reply);
  }

  // A command that changes spmd's state: its reply is the result.
  int change(const spmif::Command& command) {
    auto reply = ask(command);
    if (!reply) return kExitFailed;
    env_.out << render_done(name_, spmif::format_command(command), *reply, options_.json);
    return kExitOk;
  }

  // spmd's name servers, or nullopt after reporting why not.
  std::optional<std::vector<std::string>> name_servers() {
    auto reply = ask(spmif::NsCommand{});
    if (!reply) return std::nullopt;
    if (reply->code == static_cast<int>(spmif::Code::OkEmpty)) return std::vector<std::string>{};
    return std::move(reply->lines);
  }

  static bool listed(const std::vector<std::string>& servers, const rc::addr::IpAddress& address) {
    return std::any_of(servers.begin(), servers.end(), [&address](const std::string& line) {
      auto parsed = rc::addr::IpAddress::parse(line);
      return parsed && *parsed == address;
    });
  }

  int execute(const spmif::NsCommand& command) {
    if (command.op == spmif::NsCommand::Op::List) {
      auto reply = ask(command);
      if (!reply) return kExitFailed;
      env_.out << render_ns_list(*reply, options_.json);
      return kExitOk;
    }
    const rc::addr::IpAddress& address = *command.address;
    auto servers = name_servers();
    if (!servers) return kExitFailed;
    const bool known = listed(*servers, address);
    if (command.op == spmif::NsCommand::Op::Delete) {
      if (!known) {
        return fail(fmt::format("ns delete: {} is not one of spmd's name servers", address));
      }
      if (servers->size() < 2) {
        return fail(fmt::format(
            "ns delete: {} is spmd's only name server; add another one before deleting it",
            address));
      }
      return change(command);
    }
    // A listed server is made the current one instead of added twice.
    return change(
        spmif::NsCommand{.op = known ? spmif::NsCommand::Op::Change : spmif::NsCommand::Op::Add,
                         .address = address});
  }

  int execute(const spmif::FqdnCommand& command) {
    switch (command.op) {
      case spmif::FqdnCommand::Op::Add:
      case spmif::FqdnCommand::Op::Delete:
        return change(command);
      case spmif::FqdnCommand::Op::List: {
        auto reply = ask(command);
        if (!reply) return kExitFailed;
        env_.out << render_fqdn_list(*reply, options_.json);
        return kExitOk;
      }
      case spmif::FqdnCommand::Op::Query:
        break;
    }
    auto reply = ask(command);
    if (!reply) return kExitFailed;
    env_.out << render_fqdn_query(*command.address, *reply, options_.json);
    return kExitOk;
  }

  int execute(const spmif::PolicyAddCommand& command) { return change(command); }
  int execute(const spmif::PolicyDeleteCommand& command) { return change(command); }
  int execute(const spmif::MigrateCommand& command) { return change(command); }

  int execute(const PolicyShow& show) {
    auto reply = ask(spmif::PolicyDumpCommand{});
    if (!reply) return kExitFailed;
    auto bindings = parse_bindings(*reply);
    if (!bindings) return fail(bindings.error().message);
    if (!env_.engine_policies) return fail("policy show: no key engine to read the SPD from");
    auto policies = env_.engine_policies();
    if (!policies) {
      return fail(fmt::format("policy show: cannot read the SPD: {}", policies.error().message));
    }
    const PolicyListing listing = join_policies(*bindings, *policies, show.all);
    for (const Binding& lost : listing.missing) {
      env_.err << fmt::format(
          "spmdctl: warning: spmd's policy for selector {} (spid {}) is not in the key "
          "engine's SPD\n",
          lost.slid, lost.spid);
    }
    env_.out << (options_.json ? render_policies_json(listing) : render_policies_text(listing));
    return kExitOk;
  }

  int execute(const spmif::StatCommand& command) {
    auto reply = ask(command);
    if (!reply) return kExitFailed;
    for (const std::string& line : parse_counters(*reply).unreadable) {
      if (options_.json)
        env_.err << fmt::format("spmdctl: warning: unreadable STAT line '{}'\n", line);
    }
    env_.out << render_status(*reply, options_.json);
    return kExitOk;
  }

  int execute(const Interactive& /*unused*/) {
    return relay(*connection_, env_.in, env_.out, env_.err);
  }

  // Help, Version and Reload never reach a connection.
  int execute(const Reload& /*unused*/) { return reload(); }
  int execute(const Help& /*unused*/) { return kExitUsage; }
  int execute(const Version& /*unused*/) { return kExitUsage; }

  int reload() {
    const std::string pid_file =
        env_.pid_file.empty() ? rc::daemon::default_pid_file("spmd") : env_.pid_file;
    auto pid = rc::daemon::signal_running(pid_file, SIGHUP);
    if (!pid) return fail(fmt::format("reload: {}", pid.error().message));
    env_.out << render_reload(*pid, options_.json);
    return kExitOk;
  }

  const GlobalOptions& options_;
  const Action& action_;
  std::string_view name_;
  Environment& env_;
  Connection* connection_ = nullptr;
};

}  // namespace

int run(const Invocation& invocation, Environment& environment) {
  return Run(invocation, environment)();
}

}  // namespace spmdctl
