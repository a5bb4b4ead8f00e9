// How a daemon's command line chooses its log destination: in the
// foreground (-F, systemd) lines go to stderr and syslog is left alone; as
// a daemon they go to syslog, facility DAEMON, as the original did.
#pragma once

#include <string_view>

#include "daemon/command_line.h"
#include "log/logger.h"

namespace rc::daemon {

log::Config log_config(const CommonOptions& options, std::string_view program);

}  // namespace rc::daemon
