#include "daemon/option_defs.h"

#include <cctype>
#include <charconv>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "base/build_config.h"

namespace rc::daemon::detail {

namespace {

constexpr std::string_view kKeyEngines[] = {"auto", "pfkey", "xfrm", "pfkeyd"};

// Relative paths are made absolute now: after daemonize() the working
// directory is "/", and a reload would otherwise read another file.
Result<void> set_path(std::string& target, std::string_view argument, std::string_view what) {
  if (argument.empty()) return fail(Error::invalid(fmt::format("expected {}, got ''", what)));
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(argument, error);
  if (error) {
    return fail(Error{error.value(),
                      fmt::format("cannot make '{}' absolute: {}", argument, error.message())});
  }
  target = absolute.lexically_normal().string();
  return ok();
}

Result<void> set_debug_level(int& target, std::string_view argument) {
  int level = -1;
  const auto [end, error] =
      std::from_chars(argument.data(), argument.data() + argument.size(), level);
  if (argument.empty() || error != std::errc() || end != argument.data() + argument.size() ||
      level < 0 || level > kMaxDebugLevel) {
    return fail(Error::invalid(
        fmt::format("expected a level from 0 to {}, got '{}'", kMaxDebugLevel, argument)));
  }
  target = level;
  return ok();
}

Result<void> set_key_engine(std::string& target, std::string_view argument) {
  for (const std::string_view engine : kKeyEngines) {
    if (argument == engine) {
      target = engine;
      return ok();
    }
  }
  return fail(
      Error::invalid(fmt::format("expected auto, pfkey, xfrm or pfkeyd, got '{}'", argument)));
}

std::function<Result<void>(std::string_view)> set_flag(bool& flag) {
  return [&flag](std::string_view) {
    flag = true;
    return ok();
  };
}

std::vector<OptionDef> common_defs(std::string_view program, CommonOptions& target) {
  std::vector<OptionDef> defs;
  defs.push_back({'f', "config-file", true, "FILE",
                  fmt::format("read FILE (default {})", build::kConfigFile),
                  [&target](std::string_view argument) {
                    return set_path(target.config_file, argument, "a file name");
                  }});
  defs.push_back({'F', "foreground", false, "", "stay in the foreground, log to stderr",
                  set_flag(target.foreground)});
  defs.push_back({'d', "debug", false, "", "raise the debug level by one (repeatable)",
                  [&target](std::string_view) {
                    if (target.debug_level < kMaxDebugLevel) ++target.debug_level;
                    return ok();
                  }});
  defs.push_back({'D', "DEBUG", true, "N",
                  fmt::format("set the debug level (0-{})", kMaxDebugLevel),
                  [&target](std::string_view argument) {
                    return set_debug_level(target.debug_level, argument);
                  }});
  defs.push_back({'k', "kill", false, "", "stop the running daemon (SIGTERM) and exit",
                  set_flag(target.kill)});
  defs.push_back({'t', "check-config", false, "", "check the configuration and exit",
                  set_flag(target.check_config)});
  defs.push_back(
      {'V', "version", false, "", "print the version and exit", set_flag(target.version)});
  defs.push_back({'h', "help", false, "", "print this help and exit", set_flag(target.help)});
  defs.push_back({'\0', "pid-file", true, "PATH",
                  fmt::format("pid file (default {})", default_pid_file(program)),
                  [&target](std::string_view argument) {
                    return set_path(target.pid_file, argument, "a file name");
                  }});
  defs.push_back({'\0', "run-dir", true, "DIR",
                  fmt::format("private runtime directory (default {})", build::kRunDir),
                  [&target](std::string_view argument) {
                    return set_path(target.run_dir, argument, "a directory name");
                  }});
  defs.push_back({'\0', "key-engine", true, "ENGINE",
                  "auto, pfkey, xfrm or pfkeyd (default: key_engine in racoon2.conf, else auto)",
                  [&target](std::string_view argument) {
                    return set_key_engine(target.key_engine, argument);
                  }});
  return defs;
}

bool usable_short_name(char name) {
  return name == '\0' || std::isalnum(static_cast<unsigned char>(name)) != 0;
}

bool usable_long_name(std::string_view name) {
  if (name.empty() || name.front() == '-') return false;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

Result<std::vector<OptionDef>> build_option_defs(std::string_view program, CommonOptions& target,
                                                 std::span<const ExtraOption> extras) {
  std::vector<OptionDef> defs = common_defs(program, target);
  std::set<char> shorts;
  std::set<std::string, std::less<>> longs;
  for (const OptionDef& def : defs) {
    if (def.short_name != '\0') shorts.insert(def.short_name);
    longs.insert(def.long_name);
  }
  for (const ExtraOption& extra : extras) {
    if (!usable_short_name(extra.short_name) || !usable_long_name(extra.long_name)) {
      return fail(Error::invalid(
          fmt::format("{}: option table: unusable option name '{}'", program, extra.long_name)));
    }
    if (!extra.handle) {
      return fail(Error::invalid(
          fmt::format("{}: option table: --{} has no handler", program, extra.long_name)));
    }
    if ((extra.short_name != '\0' && !shorts.insert(extra.short_name).second) ||
        !longs.emplace(extra.long_name).second) {
      return fail(
          Error::invalid(fmt::format("{}: option table: --{} (or its short form) is "
                                     "defined twice",
                                     program, extra.long_name)));
    }
    defs.push_back({extra.short_name, std::string(extra.long_name), extra.has_arg,
                    std::string(extra.arg_name), std::string(extra.help), extra.handle});
  }
  return defs;
}

}  // namespace rc::daemon::detail
