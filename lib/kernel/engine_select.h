// Choosing and opening the key engine. `auto` (DESIGN.md §2) is one answer
// per host: XFRM on Linux if the kernel can hold ESP SAs, else PF_KEY if it
// can, else pfkeyd if its socket answers, else an error saying what is
// missing. The probes only look; none changes the SAD or the SPD.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "kernel/engine.h"
#include "kernel/engine_kind.h"

namespace rc::kernel {

struct EngineSettings {
  std::optional<EngineKind> kind;  // unset = auto
  std::string pfkeyd_socket;       // where pfkeyd listens
};

// What a host offers. Each probe returns ok or the reason it cannot serve,
// written for an operator ("no ESP transform in this kernel ...").
class HostProbe {
 public:
  HostProbe() = default;
  HostProbe(const HostProbe&) = delete;
  HostProbe& operator=(const HostProbe&) = delete;
  virtual ~HostProbe() = default;

  virtual Result<void> xfrm_holds_esp() = 0;
  virtual Result<void> pfkey_holds_esp() = 0;
  virtual Result<void> pfkeyd_answers(const std::string& socket_path) = 0;
};

// The probes against this machine.
std::unique_ptr<HostProbe> system_probe();

// The engine `settings` name, or the auto choice.
Result<EngineKind> choose_engine(const EngineSettings& settings, HostProbe& probe);

// Opens a back end of the given kind.
Result<std::unique_ptr<KeyEngine>> open_engine(EngineKind kind, const EngineSettings& settings);

// choose_engine with the system probe, then open_engine; logs the choice.
Result<std::unique_ptr<KeyEngine>> open_configured_engine(const EngineSettings& settings);

}  // namespace rc::kernel
