// `racoon2-config key-engine [--key-engine=ENGINE] [FILE]`: which key engine
// the daemons on this host will use and why — what each probe found, the
// choice `auto` makes (one answer for every program on the host), or why a
// named engine will fail. The question to ask before starting spmd on a new
// machine.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "base/build_config.h"
#include "conf/loader.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"
#include "tools/racoon2-config/commands.h"

namespace racoon2_config {
namespace {

void show(std::string_view engine, const rc::Result<void>& probe) {
  if (probe) {
    fmt::print("{:<8} can hold ESP/AH SAs\n", engine);
  } else {
    fmt::print("{:<8} no: {}\n", engine, probe.error().message);
  }
}

}  // namespace

int run_key_engine(Args args) {
  std::string command_line;
  std::string file;
  for (auto arg : args) {
    if (arg.starts_with("--key-engine=")) {
      command_line = arg.substr(arg.find('=') + 1);
    } else if (arg.starts_with("-") || !file.empty()) {
      fmt::print(stderr, "racoon2-config key-engine: unknown argument '{}'\n", arg);
      return 2;
    } else {
      file = arg;
    }
  }
  if (file.empty()) file = rc::build::kConfigFile;
  const rc::conf::LoadResult loaded = rc::conf::load_file(file);
  if (!loaded.config) {
    std::fputs(loaded.diagnostics.to_string().c_str(), stderr);
    fmt::print(stderr, "racoon2-config key-engine: {}: cannot be read\n", file);
    return 1;
  }
  auto settings = rc::kernel::engine_settings(command_line, loaded.config->resolve_interface());
  if (!settings) {
    fmt::print(stderr, "racoon2-config key-engine: {}\n", settings.error().message);
    return 2;
  }

  auto probe = rc::kernel::system_probe();
  const rc::Result<void> xfrm = probe->xfrm_holds_esp();
  const rc::Result<void> pfkey = probe->pfkey_holds_esp();
  const rc::Result<void> pfkeyd = probe->pfkeyd_answers(settings->pfkeyd_socket);
  show("xfrm", xfrm);
  show("pfkey", pfkey);
  show("pfkeyd", pfkeyd);

  auto chosen = rc::kernel::choose_engine(*settings, *probe);
  if (!chosen) {
    fmt::print(stderr, "racoon2-config key-engine: {}\n", chosen.error().message);
    return 1;
  }
  fmt::print("key engine: {} ({})\n", rc::kernel::name(*chosen),
             settings->kind ? (command_line.empty() ? "set in " + file : "--key-engine")
                            : std::string("chosen by key_engine auto"));
  // A named engine is used as named (policies still work on a kernel
  // without ESP), but the daemons' SAs will fail: say so now.
  const rc::Result<void>& named = *chosen == rc::kernel::EngineKind::Xfrm    ? xfrm
                                  : *chosen == rc::kernel::EngineKind::Pfkey ? pfkey
                                                                             : pfkeyd;
  if (!named) {
    fmt::print(stderr, "racoon2-config key-engine: warning: key engine {} was named but {}\n",
               rc::kernel::name(*chosen), named.error().message);
  }
  return 0;
}

}  // namespace racoon2_config
