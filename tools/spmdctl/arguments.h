// spmdctl's command line as a value (pure: words in, an Invocation or a
// usage error out), so every command and every mistake is unit-tested
// without a daemon.
//
//   spmdctl [-d] [-f RACOON2_CONF] [--json] [--key-engine=ENGINE]
//           [--pid-file PATH] COMMAND ...
//
// Options may stand anywhere before `--`; command words match by prefix,
// case-insensitively (words.h). Addresses are checked here, so a typo is a
// usage error (exit 2) rather than a "500 Syntax Error" from spmd.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "base/result.h"
#include "spmif/command.h"

namespace spmdctl {

struct GlobalOptions {
  bool trace = false;       // -d: show every line exchanged with spmd
  std::string config_file;  // -f; "" = the installed racoon2.conf
  bool json = false;        // --json
  std::string key_engine;   // --key-engine; "" = racoon2.conf decides
  std::string pid_file;     // --pid-file; "" = spmd's default pid file
  bool operator==(const GlobalOptions&) const = default;
};

struct PolicyShow {
  bool all = false;  // --all: also the policies spmd does not manage
};
struct Reload {};
struct Interactive {};
struct Help {};
struct Version {};

// The spmif commands stand for themselves, with two twists the original
// spmdctl had: NsCommand Add means "add, or make current if listed", and
// Delete "delete if listed and not the only server". StatCommand is
// `status`.
using Action =
    std::variant<rc::spmif::NsCommand, rc::spmif::FqdnCommand, rc::spmif::PolicyAddCommand,
                 rc::spmif::PolicyDeleteCommand, PolicyShow, rc::spmif::MigrateCommand,
                 rc::spmif::StatCommand, Reload, Interactive, Help, Version>;

struct Invocation {
  GlobalOptions options;
  Action action;
};

// What went wrong and the usage lines of the command concerned (all of
// them when the command itself was not understood).
struct UsageError {
  std::string message;
  std::string usage;
};

// `args` without argv[0].
rc::Result<Invocation, UsageError> parse_arguments(std::span<const std::string_view> args);

// "ns add", "policy show", ...: how messages and --json name the action.
std::string_view action_name(const Action& action);

}  // namespace spmdctl
