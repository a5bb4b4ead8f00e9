// rcsetkey: setkey(8)'s command language on racoon2's key engines.
//   rcsetkey -c                 commands from standard input
//   rcsetkey -f FILE            commands from FILE
//   rcsetkey -D | -DP           dump the SAD | the SPD
//   rcsetkey -F | -FP           flush the SAD | the SPD
//   --key-engine=ENGINE         auto (default), xfrm, pfkey or pfkeyd
// Exit status: 0 all commands succeeded, 1 a command failed, 2 usage or
// parse error (nothing was run).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "conf/model.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"
#include "tools/rcsetkey/command.h"
#include "tools/rcsetkey/execute.h"

namespace {

constexpr std::string_view kUsage =
    "usage: rcsetkey [--key-engine=ENGINE] (-c | -f FILE | -D | -DP | -F | -FP)\n";

int usage_error(std::string_view message) {
  fmt::print(stderr, "rcsetkey: {}\n{}", message, kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string key_engine;
  std::string text;
  std::string origin;
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg.starts_with("--key-engine=")) {
      key_engine = arg.substr(arg.find('=') + 1);
      continue;
    }
    if (!origin.empty()) return usage_error(fmt::format("unexpected argument '{}'", arg));
    if (arg == "-c") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      origin = "<stdin>";
    } else if (arg == "-f") {
      if (i + 1 >= args.size()) return usage_error("-f needs a file");
      origin = args[++i];
      std::ifstream file{origin};
      if (!file) {
        fmt::print(stderr, "rcsetkey: {}: cannot be read\n", origin);
        return 2;
      }
      std::ostringstream content;
      content << file.rdbuf();
      text = content.str();
    } else if (arg == "-D" || arg == "-DP" || arg == "-F" || arg == "-FP") {
      text = arg == "-D"    ? "dump;"
             : arg == "-DP" ? "spddump;"
             : arg == "-F"  ? "flush;"
                            : "spdflush;";
      origin = arg;
    } else {
      return usage_error(fmt::format("unknown argument '{}'", arg));
    }
  }
  if (origin.empty()) return usage_error("nothing to do");

  auto commands = rcsetkey::parse_commands(text, origin);
  if (!commands) {
    fmt::print(stderr, "rcsetkey: {}\n", commands.error().message);
    return 2;
  }
  auto settings = rc::kernel::engine_settings(key_engine, rc::conf::Interface{});
  if (!settings) {
    fmt::print(stderr, "rcsetkey: {}\n", settings.error().message);
    return 2;
  }
  auto engine = rc::kernel::open_configured_engine(*settings);
  if (!engine) {
    fmt::print(stderr, "rcsetkey: {}\n", engine.error().message);
    return 1;
  }
  const rcsetkey::Outcome outcome = rcsetkey::execute(*commands, **engine, origin);
  std::fputs(outcome.output.c_str(), stdout);
  std::fputs(outcome.errors.c_str(), stderr);
  return outcome.failures == 0 ? 0 : 1;
}
