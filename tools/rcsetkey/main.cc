// rcsetkey: setkey(8)'s command language on racoon2's key engines.
//   rcsetkey -c                 commands from standard input
//   rcsetkey -f FILE            commands from FILE
//   rcsetkey -D | -DP           dump the SAD | the SPD
//   rcsetkey -F | -FP           flush the SAD | the SPD
//   --key-engine=ENGINE         auto (default), xfrm, pfkey or pfkeyd
//   --config FILE               racoon2.conf, for interface { key_engine;
//                               pfkeyd_socket; } (default: the installed one,
//                               which may be missing)
// Exit status: 0 all commands succeeded, 1 a command failed, 2 usage or
// parse error (nothing was run).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/build_config.h"
#include "conf/loader.h"
#include "conf/model.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"
#include "tools/rcsetkey/command.h"
#include "tools/rcsetkey/execute.h"

namespace {

constexpr std::string_view kUsage =
    "usage: rcsetkey [--key-engine=ENGINE] [--config FILE] (-c | -f FILE | -D | -DP | -F | -FP)\n";

int usage_error(std::string_view message) {
  fmt::print(stderr, "rcsetkey: {}\n{}", message, kUsage);
  return 2;
}

// The interface section of racoon2.conf. A host without racoon2 installed
// has no default file, and rcsetkey must still work there: only a file the
// user named, or one that exists, has to load.
rc::Result<rc::conf::Interface> load_interface(const std::string& named) {
  const std::string file = named.empty() ? std::string(rc::build::kConfigFile) : named;
  std::error_code error;
  if (named.empty() && !std::filesystem::exists(file, error)) return rc::conf::Interface{};
  const rc::conf::LoadResult loaded = rc::conf::load_file(file);
  if (!loaded.config) {
    std::fputs(loaded.diagnostics.to_string().c_str(), stderr);
    return rc::fail(rc::Error::invalid(fmt::format("{}: cannot be loaded", file)));
  }
  return loaded.config->resolve_interface();
}

}  // namespace

int main(int argc, char** argv) {
  std::string key_engine;
  std::string config;
  std::string text;
  std::string origin;
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg.starts_with("--key-engine=")) {
      key_engine = arg.substr(arg.find('=') + 1);
      continue;
    }
    if (arg == "--config" || arg.starts_with("--config=")) {
      if (arg == "--config") {
        if (i + 1 >= args.size()) return usage_error("--config needs a file");
        config = args[++i];
      } else {
        config = arg.substr(arg.find('=') + 1);
      }
      if (config.empty()) return usage_error("--config needs a file");
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
  auto interface = load_interface(config);
  if (!interface) {
    fmt::print(stderr, "rcsetkey: {}\n", interface.error().message);
    return 2;
  }
  auto settings = rc::kernel::engine_settings(key_engine, *interface);
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
