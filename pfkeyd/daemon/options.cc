#include "options.h"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <charconv>

#include <fmt/format.h>

#include "base/build_config.h"
#include "conf/loader.h"

namespace rc::pfkeyd {
namespace {

constexpr std::string_view kProgram = "pfkeyd";
// A larval SA waits for its peer's answer at most a day.
constexpr long kLongestLarvalTimeout = 24L * 3600;

// ExtraOption keeps views: the help texts with built-in paths live here.
const std::string& socket_help() {
  static const std::string text = fmt::format(
      "serve PF_KEY at PATH (default: pfkeyd_socket in racoon2.conf, else RUN_DIR/pfkey, {})",
      build::kPfkeydSocket);
  return text;
}
const std::string& state_help() {
  static const std::string text =
      fmt::format("keep the SAD and SPD in PATH across restarts, or 'none' (default {})",
                  build::kPfkeydStateFile);
  return text;
}

std::array<daemon::ExtraOption, 3> extras(Options& options) {
  return {{
      {'S', "socket", true, "PATH", socket_help(),
       [&options](std::string_view path) -> Result<void> {
         if (!path.starts_with('/')) return fail(Error{EINVAL, "expected an absolute path"});
         options.socket_path = path;
         return ok();
       }},
      {'\0', "state-file", true, "PATH", state_help(),
       [&options](std::string_view path) -> Result<void> {
         if (path == "none") {
           options.state_file.clear();
           return ok();
         }
         if (!path.starts_with('/'))
           return fail(Error{EINVAL, "expected an absolute path or none"});
         options.state_file = path;
         return ok();
       }},
      {'\0', "larval-timeout", true, "SECONDS",
       "how long a larval SA (GETSPI, ACQUIRE) lives (default 30)",
       [&options](std::string_view text) -> Result<void> {
         long seconds = 0;
         const auto [end, error] = std::from_chars(text.begin(), text.end(), seconds);
         if (error != std::errc{} || end != text.end() || seconds < 1 ||
             seconds > kLongestLarvalTimeout) {
           return fail(Error{EINVAL, fmt::format("expected seconds from 1 to {}, got '{}'",
                                                 kLongestLarvalTimeout, text)});
         }
         options.larval_timeout = std::chrono::seconds(seconds);
         return ok();
       }},
  }};
}

}  // namespace

Result<Options> parse_options(std::span<char*> argv) {
  Options options;
  options.state_file = build::kPfkeydStateFile;
  const auto rows = extras(options);
  auto common = daemon::parse_command_line(kProgram, argv, rows);
  if (!common) return fail(std::move(common).error());
  options.common = std::move(*common);
  if (!options.common.key_engine.empty()) {
    return fail(Error{EINVAL, "pfkeyd: option --key-engine: pfkeyd is itself a key engine"});
  }
  return options;
}

std::string usage() {
  Options scratch;
  const auto rows = extras(scratch);
  return daemon::usage_text(kProgram, rows);
}

Result<void> resolve_socket(Options& options) {
  if (!options.socket_path.empty()) return ok();
  options.socket_path = options.common.run_dir + "/pfkey";
  // The parser fills in the default file; only another one was named.
  const std::string& file = options.common.config_file;
  const bool named = file != build::kConfigFile;
  struct stat info {};
  if (!named && ::stat(file.c_str(), &info) != 0 && errno == ENOENT) return ok();
  const conf::LoadResult loaded = conf::load_file(file);
  if (!loaded.config) {
    return fail(Error{EINVAL, loaded.diagnostics.to_string() + fmt::format("pfkeyd: {}: cannot be "
                                                                           "used",
                                                                           file)});
  }
  if (const auto& socket = loaded.config->resolve_interface().pfkeyd_socket) {
    options.socket_path = *socket;
  }
  return ok();
}

}  // namespace rc::pfkeyd
