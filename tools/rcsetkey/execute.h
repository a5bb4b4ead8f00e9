// Runs parsed setkey commands on a key engine.
#pragma once

#include <string>
#include <vector>

#include "kernel/engine.h"
#include "tools/rcsetkey/command.h"

namespace rcsetkey {

struct Outcome {
  std::string output;  // what dump, get and spddump print
  std::string errors;  // one "ORIGIN:LINE: COMMAND: message" line per failed command
  int failures = 0;
};

// Every command runs, in order, even after one fails (as setkey does); the
// caller exits non-zero when `failures` is not 0.
Outcome execute(const std::vector<Command>& commands, rc::kernel::KeyEngine& engine,
                std::string_view origin);

}  // namespace rcsetkey
