// The command line every racoon2 daemon shares (spmd, iked, kinkd, pfkeyd),
// parsed with getopt_long from one table that also generates --help:
//
//   -f, --config-file FILE    -F, --foreground      -d, --debug (repeatable)
//   -D, --DEBUG N             -k, --kill            -V, --version
//   -h, --help                -t, --check-config    --pid-file PATH
//   --run-dir DIR             --key-engine auto|pfkey|xfrm|pfkeyd
//
// A daemon adds its own options as ExtraOption rows instead of parsing
// again. Errors read "spmd: option --key-engine: expected auto, pfkey, xfrm
// or pfkeyd, got 'foo'". getopt keeps global state, so parse from one
// thread at a time (each call resets that state, so repeated calls work).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace rc::daemon {

struct CommonOptions {
  std::string config_file;  // absolute: daemonize() changes to "/"
  bool foreground = false;
  int debug_level = 0;  // -d adds one; -D N sets N (so "-D 2 -d" is 3)
  bool kill = false;
  bool version = false;
  bool help = false;
  bool check_config = false;
  std::string pid_file;    // absolute; default <pid dir>/<program>.pid
  std::string run_dir;     // absolute
  std::string key_engine;  // "auto", "pfkey", "xfrm", "pfkeyd"; "" = racoon2.conf decides
};

// One daemon-specific option. `handle` gets the argument ("" without one);
// its error message is prefixed with the program and option name.
struct ExtraOption {
  char short_name = '\0';      // '\0': long form only
  std::string_view long_name;  // without the leading "--"
  bool has_arg = false;
  std::string_view arg_name;  // for --help, e.g. "FILE"
  std::string_view help;
  std::function<Result<void>(std::string_view argument)> handle;
};

inline constexpr int kMaxDebugLevel = 15;

// `argv` as main() got it, argv[0] included; GNU getopt may reorder it.
// Operands (non-option words) are refused: no daemon takes any.
Result<CommonOptions> parse_command_line(std::string_view program, std::span<char*> argv,
                                         std::span<const ExtraOption> extras = {});

// The --help text, generated from the same table the parser uses.
std::string usage_text(std::string_view program, std::span<const ExtraOption> extras = {});
// "spmd (racoon2) 0.1.0" for --version.
std::string version_text(std::string_view program);

// <pid dir>/<program>.pid, e.g. /var/run/spmd.pid.
std::string default_pid_file(std::string_view program);

}  // namespace rc::daemon
