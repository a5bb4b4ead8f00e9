// spmif commands (reference §3.4) as values: the server parses a line into
// a Command, the client formats a Command into a line, and both directions
// are tested against each other. Keywords are case-insensitive and must be
// whole words (the original compared only a prefix, so "POLICYX" was
// POLICY; no client ever relied on that).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "base/result.h"
#include "rct/types.h"

namespace rc::spmif {

struct LoginCommand {
  std::string response;  // 40 hex digits: SHA-1(challenge || password hex)
  bool operator==(const LoginCommand&) const = default;
};

struct NsCommand {
  enum class Op : std::uint8_t { List, Add, Delete, Change } op = Op::List;
  std::optional<addr::IpAddress> address;  // Add, Delete, Change
  bool operator==(const NsCommand&) const = default;
};

struct FqdnCommand {
  enum class Op : std::uint8_t { List, Add, Delete, Query } op = Op::List;
  // Add/Delete: the name, lower-cased, with the trailing dot added if
  // missing (as the original); at most 253 characters plus the dot.
  std::string name;
  std::optional<addr::IpAddress> address;  // Query
  bool operator==(const FqdnCommand&) const = default;
};

struct SlidCommand {
  std::uint32_t spid = 0;  // decimal on the wire
  bool operator==(const SlidCommand&) const = default;
};

// The policy addresses of POLICY ADD and the long form of POLICY DELETE:
// `<TRANSPORT|TUNNEL> <sp_src>[/plen] <sp_dst>[/plen] [<sa_src> <sa_dst>]`.
// A missing prefix length (or /0, as the original read it) means a host
// prefix. Tunnel mode needs the SA pair, transport mode must not have it.
struct PolicyAddresses {
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  addr::Prefix sp_src;
  addr::Prefix sp_dst;
  std::optional<addr::IpAddress> sa_src;  // tunnel only
  std::optional<addr::IpAddress> sa_dst;
  bool operator==(const PolicyAddresses&) const = default;
};

struct PolicyAddCommand {
  std::string slid;
  std::uint64_t lifetime = 0;  // seconds, the hard lifetime; 0 = none
  PolicyAddresses addresses;
  bool operator==(const PolicyAddCommand&) const = default;
};

struct PolicyDeleteCommand {
  std::string slid;
  // nullopt: the original spmdctl's one-argument form, "every policy
  // installed for this selector".
  std::optional<PolicyAddresses> addresses;
  bool operator==(const PolicyDeleteCommand&) const = default;
};

struct PolicyDumpCommand {
  bool operator==(const PolicyDumpCommand&) const = default;
};

struct MigrateCommand {
  std::string slid;
  addr::IpAddress old_src;
  addr::IpAddress old_dst;
  addr::IpAddress new_src;
  addr::IpAddress new_dst;
  bool operator==(const MigrateCommand&) const = default;
};

struct StatCommand {
  bool operator==(const StatCommand&) const = default;
};
struct QuitCommand {  // QUIT and EXIT
  bool operator==(const QuitCommand&) const = default;
};

using Command =
    std::variant<LoginCommand, NsCommand, FqdnCommand, SlidCommand, PolicyAddCommand,
                 PolicyDeleteCommand, PolicyDumpCommand, MigrateCommand, StatCommand, QuitCommand>;

// What to answer when a line is not a valid command, with the original's
// codes and texts: 502 "Command not implemented" for an unknown keyword,
// 500 "Syntax Error" for wrong arguments, 550 "Operation Failed" for an
// address that is not numeric (the original's answer to a failed
// getaddrinfo(AI_NUMERICHOST)).
struct CommandError {
  int code = 500;
  std::string text;
  bool operator==(const CommandError&) const = default;
};

Result<Command, CommandError> parse_command(std::string_view line);

// The keyword a line starts with (case-insensitive, a whole word), or
// nullopt for a blank line or an unknown keyword. The server needs it before
// the arguments: without a login the original answered "need login" to a
// known command whatever followed it.
enum class Verb : std::uint8_t { Login, Ns, Fqdn, Slid, Policy, Migrate, Stat, Quit, Exit };
std::optional<Verb> command_verb(std::string_view line);

// The line a client sends, without CRLF. parse_command(format_command(c))
// gives c back.
std::string format_command(const Command& command);

// "LOGIN", "POLICY ADD", ... for logs (never the login response itself).
std::string_view command_name(const Command& command);

}  // namespace rc::spmif
