#include "options.h"

#include <array>

namespace rc::spmd {
namespace {

constexpr std::string_view kProgram = "spmd";

// daemonize() changes to "/", so a relative path would change meaning.
Result<void> set_absolute(std::string& target, std::string_view path) {
  if (!path.starts_with('/')) return fail(Error{EINVAL, "expected an absolute path"});
  target = path;
  return ok();
}

std::array<daemon::ExtraOption, 2> extras(Options& options) {
  return {{
      {'\0', "hosts-file", true, "PATH", "the hosts file to read (default /etc/hosts)",
       [&options](std::string_view path) { return set_absolute(options.hosts_file, path); }},
      {'\0', "nsswitch-file", true, "PATH",
       "where the hosts lookup order is (default /etc/nsswitch.conf)",
       [&options](std::string_view path) { return set_absolute(options.nsswitch_file, path); }},
  }};
}

}  // namespace

Result<Options> parse_options(std::span<char*> argv) {
  Options options;
  const auto rows = extras(options);
  auto common = daemon::parse_command_line(kProgram, argv, rows);
  if (!common) return fail(std::move(common).error());
  options.common = std::move(*common);
  return options;
}

std::string usage() {
  Options scratch;
  const auto rows = extras(scratch);
  return daemon::usage_text(kProgram, rows);
}

}  // namespace rc::spmd
