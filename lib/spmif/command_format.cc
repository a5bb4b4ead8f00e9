// The client direction of command.h: Command values back into the lines
// parse_command reads, and their names for logs.
#include <fmt/format.h>

#include "base/overloaded.h"
#include "spmif/command.h"

namespace rc::spmif {

namespace {

std::string_view mode_keyword(rct::IpsecMode mode) {
  return mode == rct::IpsecMode::Tunnel ? "TUNNEL" : "TRANSPORT";
}

// A host prefix is written without its length, as spmdctl writes it.
std::string prefix_text(const addr::Prefix& prefix) {
  if (prefix.is_host()) return prefix.address().to_string();
  return fmt::format("{}/{}", prefix.address(), prefix.length());
}

std::string addresses_text(const PolicyAddresses& a) {
  std::string out =
      fmt::format("{} {} {}", mode_keyword(a.mode), prefix_text(a.sp_src), prefix_text(a.sp_dst));
  if (a.sa_src && a.sa_dst) out += fmt::format(" {} {}", *a.sa_src, *a.sa_dst);
  return out;
}

std::string optional_address(const std::optional<addr::IpAddress>& address) {
  return address ? address->to_string() : std::string();
}

}  // namespace

std::string format_command(const Command& command) {
  return std::visit(Overloaded{
                        [](const LoginCommand& c) { return "LOGIN " + c.response; },
                        [](const NsCommand& c) {
                          switch (c.op) {
                            case NsCommand::Op::List:
                              return std::string("NS LIST");
                            case NsCommand::Op::Add:
                              return "NS ADD " + optional_address(c.address);
                            case NsCommand::Op::Delete:
                              return "NS DELETE " + optional_address(c.address);
                            case NsCommand::Op::Change:
                              return "NS CHANGE " + optional_address(c.address);
                          }
                          return std::string("NS LIST");
                        },
                        [](const FqdnCommand& c) {
                          switch (c.op) {
                            case FqdnCommand::Op::List:
                              return std::string("FQDN LIST");
                            case FqdnCommand::Op::Add:
                              return "FQDN ADD " + c.name;
                            case FqdnCommand::Op::Delete:
                              return "FQDN DELETE " + c.name;
                            case FqdnCommand::Op::Query:
                              return "FQDN QUERY " + optional_address(c.address);
                          }
                          return std::string("FQDN LIST");
                        },
                        [](const SlidCommand& c) { return fmt::format("SLID {}", c.spid); },
                        [](const PolicyAddCommand& c) {
                          return fmt::format("POLICY ADD {} {} {}", c.slid, c.lifetime,
                                             addresses_text(c.addresses));
                        },
                        [](const PolicyDeleteCommand& c) {
                          if (!c.addresses) return "POLICY DELETE " + c.slid;
                          return fmt::format("POLICY DELETE {} {}", c.slid,
                                             addresses_text(*c.addresses));
                        },
                        [](const PolicyDumpCommand&) { return std::string("POLICY DUMP"); },
                        [](const MigrateCommand& c) {
                          return fmt::format("MIGRATE {} {} {} {} {}", c.slid, c.old_src, c.old_dst,
                                             c.new_src, c.new_dst);
                        },
                        [](const StatCommand&) { return std::string("STAT"); },
                        [](const QuitCommand&) { return std::string("QUIT"); },
                    },
                    command);
}

std::string_view command_name(const Command& command) {
  return std::visit(
      Overloaded{
          [](const LoginCommand&) -> std::string_view { return "LOGIN"; },
          [](const NsCommand& c) -> std::string_view {
            switch (c.op) {
              case NsCommand::Op::List:
                return "NS LIST";
              case NsCommand::Op::Add:
                return "NS ADD";
              case NsCommand::Op::Delete:
                return "NS DELETE";
              case NsCommand::Op::Change:
                return "NS CHANGE";
            }
            return "NS";
          },
          [](const FqdnCommand& c) -> std::string_view {
            switch (c.op) {
              case FqdnCommand::Op::List:
                return "FQDN LIST";
              case FqdnCommand::Op::Add:
                return "FQDN ADD";
              case FqdnCommand::Op::Delete:
                return "FQDN DELETE";
              case FqdnCommand::Op::Query:
                return "FQDN QUERY";
            }
            return "FQDN";
          },
          [](const SlidCommand&) -> std::string_view { return "SLID"; },
          [](const PolicyAddCommand&) -> std::string_view { return "POLICY ADD"; },
          [](const PolicyDeleteCommand&) -> std::string_view { return "POLICY DELETE"; },
          [](const PolicyDumpCommand&) -> std::string_view { return "POLICY DUMP"; },
          [](const MigrateCommand&) -> std::string_view { return "MIGRATE"; },
          [](const StatCommand&) -> std::string_view { return "STAT"; },
          [](const QuitCommand&) -> std::string_view { return "QUIT"; },
      },
      command);
}

}  // namespace rc::spmif
