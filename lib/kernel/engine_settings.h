// Where the key-engine choice comes from: `--key-engine=` on the command
// line wins, then `interface { key_engine ...; pfkeyd_socket ...; }` in
// racoon2.conf, then the built-in `auto` and the compiled-in socket path.
#pragma once

#include <string_view>

#include "base/result.h"
#include "conf/model.h"
#include "kernel/engine_select.h"

namespace rc::kernel {

// `command_line` is CommonOptions::key_engine ("" when not given).
Result<EngineSettings> engine_settings(std::string_view command_line,
                                       const conf::Interface& interface);

}  // namespace rc::kernel
