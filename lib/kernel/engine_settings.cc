#include "kernel/engine_settings.h"

#include <fmt/format.h>

#include "base/build_config.h"

namespace rc::kernel {
namespace {

std::optional<EngineKind> from_config(conf::KeyEngine engine) {
  switch (engine) {
    case conf::KeyEngine::Xfrm:
      return EngineKind::Xfrm;
    case conf::KeyEngine::Pfkey:
      return EngineKind::Pfkey;
    case conf::KeyEngine::Pfkeyd:
      return EngineKind::Pfkeyd;
    case conf::KeyEngine::Auto:
      break;
  }
  return std::nullopt;
}

}  // namespace

Result<EngineSettings> engine_settings(std::string_view command_line,
                                       const conf::Interface& interface) {
  EngineSettings settings;
  settings.pfkeyd_socket = interface.pfkeyd_socket.value_or(build::kPfkeydSocket);
  if (command_line.empty()) {
    if (interface.key_engine) settings.kind = from_config(*interface.key_engine);
    return settings;
  }
  if (command_line == "auto") return settings;
  settings.kind = engine_kind_from_name(command_line);
  if (!settings.kind) {
    return fail(Error::invalid(
        fmt::format("--key-engine: expected auto, pfkey, xfrm or pfkeyd, got '{}'", command_line)));
  }
  return settings;
}

}  // namespace rc::kernel
