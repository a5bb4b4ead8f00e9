#include "command_handler.h"

#include <fmt/format.h>

#include "base/overloaded.h"
#include "log/log.h"

namespace rc::spmd {
namespace {

using spmif::Code;
using spmif::Reply;

Reply one(Code code, std::string text) {
  return Reply{static_cast<int>(code), {std::move(text)}};
}

Reply many(std::vector<std::string> lines) {
  return Reply{static_cast<int>(Code::Ok), std::move(lines)};
}

}  // namespace

Reply SpmdCommands::handle(const spmif::Command& command) {
  return std::visit(
      Overloaded{
          [&](const spmif::NsCommand& c) { return ns(c); },
          [&](const spmif::FqdnCommand& c) { return fqdn(c); },
          [&](const spmif::SlidCommand& c) { return slid(c); },
          [&](const spmif::PolicyAddCommand& c) { return policy_add(c); },
          [&](const spmif::PolicyDeleteCommand& c) { return policy_delete(c); },
          [&](const spmif::PolicyDumpCommand&) { return policy_dump(); },
          [&](const spmif::MigrateCommand& c) { return migrate(c); },
          [&](const spmif::StatCommand&) { return stat(); },
          // The session answers these itself; reaching here is a bug.
          [&](const spmif::LoginCommand&) { return one(Code::Failed, "Internal Error"); },
          [&](const spmif::QuitCommand&) { return one(Code::Failed, "Internal Error"); },
      },
      command);
}

Reply SpmdCommands::ns(const spmif::NsCommand& command) {
  using Op = spmif::NsCommand::Op;
  if (!policies_.hosts_order().dns) {
    return one(Code::Failed, "Operation Failed, check /etc/nsswitch.conf");
  }
  if (command.op == Op::List) {
    if (!resolver_on_ || name_servers_.size() == 0) {
      return one(Code::OkEmpty, "No Name Server(resolver off?)");
    }
    std::vector<std::string> lines;
    for (const auto& server : name_servers_.list()) lines.push_back(fmt::format("{}", server));
    return many(std::move(lines));
  }
  if (!resolver_on_) return one(Code::Failed, "Operation Failed(resolver off?)");
  const addr::IpAddress& server = *command.address;
  switch (command.op) {
    case Op::Add:
      if (!name_servers_.add(server)) {
        return one(Code::ExistsOrMissing, fmt::format("{} Already Exists", server));
      }
      log::info("spmd: name server {} added and made current", server);
      return one(Code::Ok, fmt::format("{} Added", server));
    case Op::Delete:
      switch (name_servers_.remove(server)) {
        case NameServers::RemoveResult::Missing:
          return one(Code::ExistsOrMissing, "Does Not Exist");
        case NameServers::RemoveResult::Last:
          return one(Code::Failed, "Internal Error or At least need one dns server in the system");
        case NameServers::RemoveResult::Removed:
          log::info("spmd: name server {} deleted", server);
          return one(Code::Ok, fmt::format("{} Deleted", server));
      }
      break;
    case Op::Change:
      if (!name_servers_.make_current(server)) {
        return one(Code::Failed, fmt::format("Can not find {} in the our list.", server));
      }
      log::info("spmd: name server {} is now current", server);
      return one(Code::Ok, fmt::format("{} changed.", server));
    case Op::List:
      break;
  }
  return one(Code::SyntaxError, "Syntax Error");
}

Reply SpmdCommands::fqdn(const spmif::FqdnCommand& command) {
  using Op = spmif::FqdnCommand::Op;
  switch (command.op) {
    case Op::List: {
      auto names = policies_.names().watched_names();
      if (names.empty()) return one(Code::OkEmpty, "No FQDN Registered");
      return many(std::move(names));
    }
    case Op::Add:
      if (!policies_.watch_name(command.name)) {
        if (policies_.names().watched(command.name)) {
          return one(Code::Failed, "FQDN Already Registered");
        }
        // The database's size bound (not in the original, which grew without one).
        if (policies_.names().full()) return one(Code::Failed, "Operation Failed(too many FQDNs)");
        return one(Code::Failed,
                   "Operation Failed");  // a name spmif let through but DNS cannot have
      }
      log::info("spmd: FQDN {} registered", command.name);
      return one(Code::Ok, "FQDN Registered");
    case Op::Delete:
      if (!policies_.unwatch_name(command.name)) {
        return one(Code::Failed, "No such a FQDN exists");
      }
      log::info("spmd: FQDN {} deregistered", command.name);
      return one(Code::Ok, "FQDN Deregistered");
    case Op::Query: {
      auto names = policies_.names().names_of(*command.address);
      if (names.empty()) return one(Code::NotCached, "Not Cached");
      return many(std::move(names));
    }
  }
  return one(Code::SyntaxError, "Syntax Error");
}

Reply SpmdCommands::slid(const spmif::SlidCommand& command) {
  const auto found = policies_.spd().slid_of(command.spid);
  if (!found) return one(Code::ExistsOrMissing, fmt::format("No Such SPID({})", command.spid));
  return one(Code::Ok, *found);
}

Reply SpmdCommands::policy_add(const spmif::PolicyAddCommand& command) {
  auto added = policies_.add_policy(command);
  if (!added) return one(Code::Failed, added.error().message);
  log::info("spmd: {}", *added);
  return one(Code::Ok, *added);
}

Reply SpmdCommands::policy_delete(const spmif::PolicyDeleteCommand& command) {
  auto removed = policies_.delete_policy(command);
  if (!removed) return one(Code::Failed, removed.error().message);
  log::info("spmd: {} policies of selector {} deleted", *removed, command.slid);
  return one(Code::Ok, "Policy Deleted");
}

Reply SpmdCommands::policy_dump() {
  const auto bindings = policies_.spd().bindings();
  if (bindings.empty()) return one(Code::OkEmpty, "NO Policy Exists");
  std::vector<std::string> lines;
  lines.reserve(bindings.size());
  for (const auto& [slid, spid] : bindings) lines.push_back(fmt::format("{} {}", slid, spid));
  return many(std::move(lines));
}

Reply SpmdCommands::migrate(const spmif::MigrateCommand& command) {
  if (auto moved = policies_.migrate(command); !moved) {
    return one(Code::Failed, moved.error().message);
  }
  log::info("spmd: policies of selector {} migrated from {}-{} to {}-{}", command.slid,
            command.old_src, command.old_dst, command.new_src, command.new_dst);
  return one(Code::Ok, fmt::format("Migrate {}", command.slid));
}

Reply SpmdCommands::stat() {
  return many(stat_lines(dns_, policies_.names()));
}

}  // namespace rc::spmd
