#include "daemon/log_setup.h"

#include <string>

namespace rc::daemon {

log::Config log_config(const CommonOptions& options, std::string_view program) {
  log::Config config;
  config.program = std::string(program);
  config.debug_level = options.debug_level;
  config.to_syslog = !options.foreground;
  config.to_stderr = options.foreground;
  return config;
}

}  // namespace rc::daemon
