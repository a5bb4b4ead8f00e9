// racoon2-config: the administrator's tool for racoon2.conf — what the
// options are, what the address macros expand to on this host, whether a
// configuration is valid (check), what it amounts to (dump), and which key
// engine the daemons will use here (key-engine).
#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "base/build_config.h"
#include "tools/racoon2-config/commands.h"

namespace {

struct Command {
  std::string_view name;
  int (*run)(racoon2_config::Args);
  std::string_view usage;
  std::string_view help;
};

constexpr std::array kCommands = {
    Command{"options", racoon2_config::run_options, "options [--roff]",
            "list every racoon2.conf option with its type and default"},
    Command{"macros", racoon2_config::run_macros, "macros [MACRO[%IFNAME]...]",
            "show what the address macros (MY_IP, IP_ANY, ...) expand to on this host"},
    Command{"check", racoon2_config::run_check, "check [--no-secret-check] [FILE...]",
            "report every error and warning in FILE and its includes"},
    Command{"dump", racoon2_config::run_dump, "dump [--json] [FILE]",
            "FILE as the daemons read it: includes inlined, variables expanded"},
    Command{"key-engine", racoon2_config::run_key_engine, "key-engine [--key-engine=E] [FILE]",
            "which key engine the daemons will use on this host, and why"},
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: racoon2-config COMMAND [ARGS]\n       racoon2-config --version\n\n");
  constexpr int kUsageWidth = 28;
  for (const auto& cmd : kCommands) {
    const int width = static_cast<int>(cmd.usage.size());
    // A usage too long for its column gets the help on a line of its own,
    // so the columns stay aligned.
    std::fprintf(out, "  %-*.*s%s%.*s\n", kUsageWidth, width, cmd.usage.data(),
                 width <= kUsageWidth ? " " : "\n                               ",
                 static_cast<int>(cmd.help.size()), cmd.help.data());
  }
  std::fprintf(out, "\nFILE defaults to %s.\n", rc::build::kConfigFile);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    usage(stderr);
    return 2;
  }
  if (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    usage(stdout);
    return 0;
  }
  if (args[0] == "-V" || args[0] == "--version") {
    std::printf("racoon2-config %s\n", rc::build::kVersion);
    return 0;
  }
  for (const auto& cmd : kCommands) {
    if (cmd.name == args[0]) {
      return cmd.run(racoon2_config::Args(args).subspan(1));
    }
  }
  std::fprintf(stderr, "racoon2-config: unknown command '%.*s'\n\n",
               static_cast<int>(args[0].size()), args[0].data());
  usage(stderr);
  return 2;
}
