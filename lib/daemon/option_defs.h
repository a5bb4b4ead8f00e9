// The single option table behind parse_command_line() and usage_text():
// the common rows bound to a CommonOptions, then the daemon's extras.
// Internal to the daemon module.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "daemon/command_line.h"

namespace rc::daemon::detail {

struct OptionDef {
  char short_name = '\0';
  std::string long_name;
  bool has_arg = false;
  std::string arg_name;
  std::string help;
  std::function<Result<void>(std::string_view argument)> handle;
};

// Refuses (as a programming error) extras whose names clash with each
// other or with the common options, or are not usable with getopt.
Result<std::vector<OptionDef>> build_option_defs(std::string_view program, CommonOptions& target,
                                                 std::span<const ExtraOption> extras);

}  // namespace rc::daemon::detail
