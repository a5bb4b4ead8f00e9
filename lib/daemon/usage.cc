// --help and --version texts, generated from the parser's own table so the
// help can never list an option the parser does not know, or miss one.
#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base/build_config.h"
#include "daemon/command_line.h"
#include "daemon/option_defs.h"

namespace rc::daemon {

std::string usage_text(std::string_view program, std::span<const ExtraOption> extras) {
  CommonOptions unused;
  auto defs = detail::build_option_defs(program, unused, extras);
  std::string text = fmt::format("Usage: {} [OPTION]...\n", program);
  if (!defs) return text + defs.error().message + "\n";

  std::vector<std::string> left;
  std::size_t width = 0;
  for (const detail::OptionDef& def : *defs) {
    std::string column = def.short_name != '\0' ? fmt::format("-{}, ", def.short_name) : "    ";
    column += "--" + def.long_name;
    if (def.has_arg) column += " " + def.arg_name;
    width = std::max(width, column.size());
    left.push_back(std::move(column));
  }
  text += "Options:\n";
  for (std::size_t i = 0; i < left.size(); ++i) {
    text += fmt::format("  {:<{}}  {}\n", left[i], width, (*defs)[i].help);
  }
  return text;
}

std::string version_text(std::string_view program) {
  return fmt::format("{} (racoon2) {}", program, build::kVersion);
}

}  // namespace rc::daemon
