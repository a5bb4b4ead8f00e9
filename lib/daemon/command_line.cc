#include "daemon/command_line.h"

#include <getopt.h>

#include <map>
#include <vector>

#include <fmt/format.h>

#include "base/build_config.h"
#include "daemon/option_defs.h"

namespace rc::daemon {

namespace {

// getopt_long returns the short letter for "-f" and this plus the table
// index for "--config-file", so every report names the form the user typed.
constexpr int kLongBase = 256;

void reset_getopt() {
#if defined(__GLIBC__)
  optind = 0;  // 0, not 1: glibc then also forgets its scan position
#else
  optreset = 1;
  optind = 1;
#endif
  opterr = 0;  // we word the errors ourselves
}

std::string optstring_of(const std::vector<detail::OptionDef>& defs) {
  std::string letters = ":";  // ':' first: a missing argument returns ':'
  for (const detail::OptionDef& def : defs) {
    if (def.short_name == '\0') continue;
    letters += def.short_name;
    if (def.has_arg) letters += ':';
  }
  return letters;
}

std::vector<option> long_options_of(const std::vector<detail::OptionDef>& defs) {
  std::vector<option> table;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    table.push_back(option{defs[i].long_name.c_str(),
                           defs[i].has_arg ? required_argument : no_argument, nullptr,
                           kLongBase + static_cast<int>(i)});
  }
  table.push_back(option{nullptr, 0, nullptr, 0});
  return table;
}

// "-f" or "--config-file", as getopt reported it.
std::string spelled(int code, const std::vector<detail::OptionDef>& defs) {
  if (code >= kLongBase) return "--" + defs[static_cast<std::size_t>(code - kLongBase)].long_name;
  return fmt::format("-{}", static_cast<char>(code));
}

const detail::OptionDef* find_def(int code, const std::vector<detail::OptionDef>& defs) {
  if (code >= kLongBase) {
    const auto index = static_cast<std::size_t>(code - kLongBase);
    return index < defs.size() ? &defs[index] : nullptr;
  }
  for (const detail::OptionDef& def : defs) {
    if (def.short_name != '\0' && def.short_name == code) return &def;
  }
  return nullptr;
}

std::string unknown_word(std::span<char*> argv) {
  // After an unknown long option optind already points past it.
  const auto index = static_cast<std::size_t>(optind - 1);
  std::string_view word = index < argv.size() && argv[index] != nullptr ? argv[index] : "";
  if (const auto equals = word.find('='); equals != std::string_view::npos) {
    word = word.substr(0, equals);
  }
  return std::string(word);
}

}  // namespace

std::string default_pid_file(std::string_view program) {
  return fmt::format("{}/{}.pid", build::kPidDir, program);
}

Result<CommonOptions> parse_command_line(std::string_view program, std::span<char*> argv,
                                         std::span<const ExtraOption> extras) {
  CommonOptions options;
  options.config_file = build::kConfigFile;
  options.pid_file = default_pid_file(program);
  options.run_dir = build::kRunDir;

  auto defs = detail::build_option_defs(program, options, extras);
  if (!defs) return fail(std::move(defs).error());
  const std::string letters = optstring_of(*defs);
  const std::vector<option> table = long_options_of(*defs);
  const std::string help_hint = fmt::format("; see '{} --help'", program);

  // getopt wants a NULL-terminated vector it may permute.
  std::vector<char*> args(argv.begin(), argv.end());
  args.push_back(nullptr);
  const int argc = static_cast<int>(argv.size());

  reset_getopt();
  for (;;) {
    const int code = ::getopt_long(argc, args.data(), letters.c_str(), table.data(), nullptr);
    if (code == -1) break;
    if (code == ':') {
      const detail::OptionDef* def = find_def(optopt, *defs);
      return fail(Error::invalid(fmt::format("{}: option {} needs an argument ({}){}", program,
                                             spelled(optopt, *defs),
                                             def != nullptr ? def->arg_name : "", help_hint)));
    }
    if (code == '?') {
      if (optopt >= kLongBase) {
        return fail(Error::invalid(fmt::format("{}: option {} takes no argument{}", program,
                                               spelled(optopt, *defs), help_hint)));
      }
      const std::string word =
          optopt != 0 ? fmt::format("-{}", static_cast<char>(optopt)) : unknown_word(args);
      return fail(
          Error::invalid(fmt::format("{}: unknown option '{}'{}", program, word, help_hint)));
    }
    const detail::OptionDef* def = find_def(code, *defs);
    if (def == nullptr) {
      return fail(Error::invalid(fmt::format("{}: getopt returned unexpected {}", program, code)));
    }
    const std::string_view argument = def->has_arg && optarg != nullptr ? optarg : "";
    if (auto handled = def->handle(argument); !handled) {
      return fail(
          Error{handled.error().code, fmt::format("{}: option {}: {}", program,
                                                  spelled(code, *defs), handled.error().message)});
    }
  }
  if (optind < argc) {
    return fail(Error::invalid(fmt::format("{}: unexpected argument '{}'{}", program,
                                           args[static_cast<std::size_t>(optind)], help_hint)));
  }
  return options;
}

}  // namespace rc::daemon
