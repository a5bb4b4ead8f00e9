#include "tools/spmdctl/arguments.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "tools/spmdctl/usage.h"
#include "tools/spmdctl/words.h"

namespace spmdctl {
namespace {

namespace spmif = rc::spmif;
namespace addr = rc::addr;
using Words = std::span<const std::string_view>;

rc::Failure<UsageError> usage_error(std::string message, std::string_view scope) {
  return rc::fail(UsageError{std::move(message), usage_for(scope)});
}

constexpr std::array kCommands = {std::string_view{"ns"},         std::string_view{"fqdn"},
                                  std::string_view{"policy"},     std::string_view{"migrate"},
                                  std::string_view{"status"},     std::string_view{"reload"},
                                  std::string_view{"interactive"}};
// The original's only spelling (§4: its code compared against this).
constexpr std::array kHiddenCommands = {std::string_view{"sc_interactive"}};
constexpr std::array kModes = {std::string_view{"transport"}, std::string_view{"tunnel"}};
constexpr std::array kEngines = {std::string_view{"auto"}, std::string_view{"pfkey"},
                                 std::string_view{"xfrm"}, std::string_view{"pfkeyd"}};

using Parsed = rc::Result<Action, UsageError>;

// The value of SLID, LIFETIME, ... or why not; the caller adds the usage.
template <class T>
using Value = rc::Result<T, std::string>;

Value<addr::IpAddress> ip_address(std::string_view text, std::string_view what) {
  auto address = addr::IpAddress::parse(text);
  if (!address) return rc::fail(fmt::format("{} '{}' is not a numeric IP address", what, text));
  return *address;
}

Value<addr::Prefix> prefix(std::string_view text, std::string_view what) {
  auto parsed = addr::Prefix::parse(text);
  if (!parsed) {
    return rc::fail(fmt::format("{} '{}' is not an address or address/prefix-length", what, text));
  }
  // spmif reads "/0" as "no prefix length", i.e. a host: say so rather
  // than send something spmd would read differently.
  if (parsed->length() == 0) {
    return rc::fail(fmt::format("{} '{}': a /0 prefix cannot be sent to spmd", what, text));
  }
  return *parsed;
}

Value<std::string> one_word(std::string_view text, std::string_view what) {
  const bool bad = text.empty() || std::any_of(text.begin(), text.end(), [](char c) {
                     return std::isspace(static_cast<unsigned char>(c)) != 0 ||
                            std::iscntrl(static_cast<unsigned char>(c)) != 0;
                   });
  if (bad) return rc::fail(fmt::format("{} '{}' must be one word", what, text));
  return std::string(text);
}

Value<std::uint64_t> seconds(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    return rc::fail(fmt::format("{} '{}' is not a number of seconds", what, text));
  }
  return value;
}

// The FQDN as spmd keeps it: lower case with the trailing dot (the same
// normalisation spmd applies, so `fqdn add WWW.example.com` and
// `fqdn delete www.example.com.` name the same entry).
Value<std::string> fqdn(std::string_view text) {
  auto word = one_word(text, "NAME");
  if (!word) return word;
  std::string name = *word;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!name.ends_with('.')) name += '.';
  constexpr std::size_t kMaxName = 253;
  if (name.size() - 1 > kMaxName || name == ".") {
    return rc::fail(
        fmt::format("NAME '{}' is not a DNS name of 1 to {} characters", text, kMaxName));
  }
  return name;
}

rc::Result<void, std::string> same_family(const addr::IpAddress& a, const addr::IpAddress& b,
                                          std::string_view what) {
  if (a.family() != b.family())
    return rc::fail(fmt::format("{} must be of one address family", what));
  return {};
}

// The `MODE SRC DST [SA_SRC SA_DST]` tail shared by policy add and the long
// policy delete. `scope` names the command for the usage lines.
rc::Result<spmif::PolicyAddresses, UsageError> policy_addresses(Words words,
                                                                std::string_view scope) {
  auto mode = match_word(words[0], kModes, "mode");
  if (!mode) return usage_error(mode.error().message, scope);
  spmif::PolicyAddresses addresses;
  addresses.mode = *mode == 0 ? rc::rct::IpsecMode::Transport : rc::rct::IpsecMode::Tunnel;
  const std::size_t wanted = *mode == 0 ? 3 : 5;
  if (words.size() != wanted) {
    return usage_error(fmt::format("{} {} needs {}", scope, kModes[*mode],
                                   *mode == 0 ? "SRC and DST" : "SRC, DST, SA_SRC and SA_DST"),
                       scope);
  }
  auto src = prefix(words[1], "SRC");
  if (!src) return usage_error(src.error(), scope);
  auto dst = prefix(words[2], "DST");
  if (!dst) return usage_error(dst.error(), scope);
  if (auto same = same_family(src->address(), dst->address(), "SRC and DST"); !same) {
    return usage_error(same.error(), scope);
  }
  addresses.sp_src = *src;
  addresses.sp_dst = *dst;
  if (*mode == 1) {
    auto sa_src = ip_address(words[3], "SA_SRC");
    if (!sa_src) return usage_error(sa_src.error(), scope);
    auto sa_dst = ip_address(words[4], "SA_DST");
    if (!sa_dst) return usage_error(sa_dst.error(), scope);
    if (auto same = same_family(*sa_src, *sa_dst, "SA_SRC and SA_DST"); !same) {
      return usage_error(same.error(), scope);
    }
    addresses.sa_src = *sa_src;
    addresses.sa_dst = *sa_dst;
  }
  return addresses;
}

Parsed parse_ns(Words words) {
  constexpr std::array kOps = {std::string_view{"add"}, std::string_view{"delete"},
                               std::string_view{"list"}};
  if (words.empty()) return usage_error("ns needs add, delete or list", "ns");
  auto op = match_word(words[0], kOps, "ns command");
  if (!op) return usage_error(op.error().message, "ns");
  const std::string scope = fmt::format("ns {}", kOps[*op]);
  spmif::NsCommand command;
  if (*op == 2) {
    if (words.size() != 1) return usage_error("ns list takes no arguments", scope);
    return Action{command};
  }
  if (words.size() != 2) return usage_error(fmt::format("{} needs one ADDR", scope), scope);
  auto address = ip_address(words[1], "ADDR");
  if (!address) return usage_error(address.error(), scope);
  command.op = *op == 0 ? spmif::NsCommand::Op::Add : spmif::NsCommand::Op::Delete;
  command.address = *address;
  return Action{command};
}

Parsed parse_fqdn(Words words) {
  constexpr std::array kOps = {std::string_view{"add"}, std::string_view{"delete"},
                               std::string_view{"list"}, std::string_view{"query"}};
  if (words.empty()) return usage_error("fqdn needs add, delete, list or query", "fqdn");
  auto op = match_word(words[0], kOps, "fqdn command");
  if (!op) return usage_error(op.error().message, "fqdn");
  const std::string scope = fmt::format("fqdn {}", kOps[*op]);
  spmif::FqdnCommand command;
  switch (*op) {
    case 0:
    case 1: {
      if (words.size() != 2) return usage_error(fmt::format("{} needs one NAME", scope), scope);
      auto name = fqdn(words[1]);
      if (!name) return usage_error(name.error(), scope);
      command.op = *op == 0 ? spmif::FqdnCommand::Op::Add : spmif::FqdnCommand::Op::Delete;
      command.name = std::move(*name);
      return Action{command};
    }
    case 2:
      if (words.size() != 1) return usage_error("fqdn list takes no arguments", scope);
      return Action{command};
    default: {
      if (words.size() != 2) return usage_error("fqdn query needs one ADDR", scope);
      auto address = ip_address(words[1], "ADDR");
      if (!address) return usage_error(address.error(), scope);
      command.op = spmif::FqdnCommand::Op::Query;
      command.address = *address;
      return Action{command};
    }
  }
}

Parsed parse_policy_add(Words words) {
  constexpr std::string_view kScope = "policy add";
  if (words.size() < 3) {
    return usage_error("policy add needs SLID, LIFETIME, a mode and addresses", kScope);
  }
  spmif::PolicyAddCommand command;
  auto slid = one_word(words[0], "SLID");
  if (!slid) return usage_error(slid.error(), kScope);
  auto lifetime = seconds(words[1], "LIFETIME");
  if (!lifetime) return usage_error(lifetime.error(), kScope);
  auto addresses = policy_addresses(words.subspan(2), kScope);
  if (!addresses) return rc::fail(std::move(addresses).error());
  command.slid = std::move(*slid);
  command.lifetime = *lifetime;
  command.addresses = *addresses;
  return Action{command};
}

Parsed parse_policy_delete(Words words) {
  constexpr std::string_view kScope = "policy delete";
  if (words.empty()) return usage_error("policy delete needs SLID", kScope);
  auto slid = one_word(words[0], "SLID");
  if (!slid) return usage_error(slid.error(), kScope);
  spmif::PolicyDeleteCommand command;
  command.slid = std::move(*slid);
  if (words.size() > 1) {
    auto addresses = policy_addresses(words.subspan(1), kScope);
    if (!addresses) return rc::fail(std::move(addresses).error());
    command.addresses = *addresses;
  }
  return Action{command};
}

Parsed parse_policy(Words words, bool all) {
  constexpr std::array kOps = {std::string_view{"add"}, std::string_view{"delete"},
                               std::string_view{"show"}};
  if (words.empty()) return usage_error("policy needs add, delete or show", "policy");
  auto op = match_word(words[0], kOps, "policy command");
  if (!op) return usage_error(op.error().message, "policy");
  switch (*op) {
    case 0:
      return parse_policy_add(words.subspan(1));
    case 1:
      return parse_policy_delete(words.subspan(1));
    default:
      if (words.size() != 1) return usage_error("policy show takes no arguments", "policy show");
      return Action{PolicyShow{.all = all}};
  }
}

Parsed parse_migrate(Words words) {
  constexpr std::string_view kScope = "migrate";
  if (words.size() != 5) return usage_error("migrate needs SLID, SRC0, DST0, SRC and DST", kScope);
  auto slid = one_word(words[0], "SLID");
  if (!slid) return usage_error(slid.error(), kScope);
  constexpr std::array kNames = {std::string_view{"SRC0"}, std::string_view{"DST0"},
                                 std::string_view{"SRC"}, std::string_view{"DST"}};
  std::array<addr::IpAddress, 4> addresses;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    auto address = ip_address(words[i + 1], kNames[i]);
    if (!address) return usage_error(address.error(), kScope);
    addresses[i] = *address;
  }
  if (auto same = same_family(addresses[0], addresses[1], "SRC0 and DST0"); !same) {
    return usage_error(same.error(), kScope);
  }
  if (auto same = same_family(addresses[2], addresses[3], "SRC and DST"); !same) {
    return usage_error(same.error(), kScope);
  }
  return Action{spmif::MigrateCommand{.slid = std::move(*slid),
                                      .old_src = addresses[0],
                                      .old_dst = addresses[1],
                                      .new_src = addresses[2],
                                      .new_dst = addresses[3]}};
}

Parsed no_arguments(Words words, std::string_view name, Action action) {
  if (!words.empty()) return usage_error(fmt::format("{} takes no arguments", name), name);
  return action;
}

Parsed parse_command(Words words, bool all) {
  auto command = match_word(words[0], kCommands, "command", kHiddenCommands);
  if (!command) return usage_error(command.error().message, "");
  const Words rest = words.subspan(1);
  switch (*command) {
    case 0:
      return parse_ns(rest);
    case 1:
      return parse_fqdn(rest);
    case 2:
      return parse_policy(rest, all);
    case 3:
      return parse_migrate(rest);
    case 4:
      return no_arguments(rest, "status", spmif::StatCommand{});
    case 5:
      return no_arguments(rest, "reload", Reload{});
    default:
      return no_arguments(rest, "interactive", Interactive{});
  }
}

// The value of an option written `--name=VALUE` or `--name VALUE`.
rc::Result<std::string_view, UsageError> option_value(Words args, std::size_t& i,
                                                      std::string_view name) {
  const std::string_view arg = args[i];
  if (arg.size() > name.size() && arg[name.size()] == '=') return arg.substr(name.size() + 1);
  if (i + 1 >= args.size()) return usage_error(fmt::format("{} needs a value", name), "");
  return args[++i];
}

}  // namespace

rc::Result<Invocation, UsageError> parse_arguments(std::span<const std::string_view> args) {
  Invocation invocation;
  GlobalOptions& options = invocation.options;
  std::vector<std::string_view> words;
  bool help = false;
  bool version = false;
  bool all = false;
  bool options_end = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_end || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
    } else if (arg == "--") {
      options_end = true;
    } else if (arg == "-d") {
      options.trace = true;
    } else if (arg == "-f") {
      if (i + 1 >= args.size()) return usage_error("-f needs a racoon2.conf file", "");
      options.config_file = args[++i];
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--all") {
      all = true;
    } else if (arg == "-h" || arg == "--help") {
      help = true;
    } else if (arg == "-V" || arg == "--version") {
      version = true;
    } else if (arg == "--key-engine" || arg.starts_with("--key-engine=")) {
      auto value = option_value(args, i, "--key-engine");
      if (!value) return rc::fail(std::move(value).error());
      if (std::find(kEngines.begin(), kEngines.end(), *value) == kEngines.end()) {
        return usage_error(
            fmt::format("--key-engine: expected {}, got '{}'", or_list(kEngines), *value), "");
      }
      options.key_engine = *value;
    } else if (arg == "--pid-file" || arg.starts_with("--pid-file=")) {
      auto value = option_value(args, i, "--pid-file");
      if (!value) return rc::fail(std::move(value).error());
      if (value->empty()) return usage_error("--pid-file needs a path", "");
      options.pid_file = *value;
    } else {
      return usage_error(fmt::format("unknown option '{}'", arg), "");
    }
  }
  if (help) {
    invocation.action = Help{};
    return invocation;
  }
  if (version) {
    invocation.action = Version{};
    return invocation;
  }
  if (words.empty()) return usage_error("no command given", "");
  auto action = parse_command(words, all);
  if (!action) return rc::fail(std::move(action).error());
  invocation.action = std::move(*action);
  if (all && !std::holds_alternative<PolicyShow>(invocation.action)) {
    return usage_error("--all goes only with policy show", "policy show");
  }
  if (options.json && std::holds_alternative<Interactive>(invocation.action)) {
    return usage_error("interactive relays spmd's replies as they come; --json does not apply",
                       "interactive");
  }
  return invocation;
}

std::string_view action_name(const Action& action) {
  struct Namer {
    std::string_view operator()(const spmif::NsCommand& c) const {
      switch (c.op) {
        case spmif::NsCommand::Op::Add:
        case spmif::NsCommand::Op::Change:
          return "ns add";
        case spmif::NsCommand::Op::Delete:
          return "ns delete";
        case spmif::NsCommand::Op::List:
          break;
      }
      return "ns list";
    }
    std::string_view operator()(const spmif::FqdnCommand& c) const {
      switch (c.op) {
        case spmif::FqdnCommand::Op::Add:
          return "fqdn add";
        case spmif::FqdnCommand::Op::Delete:
          return "fqdn delete";
        case spmif::FqdnCommand::Op::Query:
          return "fqdn query";
        case spmif::FqdnCommand::Op::List:
          break;
      }
      return "fqdn list";
    }
    std::string_view operator()(const spmif::PolicyAddCommand& /*unused*/) const {
      return "policy add";
    }
    std::string_view operator()(const spmif::PolicyDeleteCommand& /*unused*/) const {
      return "policy delete";
    }
    std::string_view operator()(const PolicyShow& /*unused*/) const { return "policy show"; }
    std::string_view operator()(const spmif::MigrateCommand& /*unused*/) const { return "migrate"; }
    std::string_view operator()(const spmif::StatCommand& /*unused*/) const { return "status"; }
    std::string_view operator()(const Reload& /*unused*/) const { return "reload"; }
    std::string_view operator()(const Interactive& /*unused*/) const { return "interactive"; }
    std::string_view operator()(const Help& /*unused*/) const { return "help"; }
    std::string_view operator()(const Version& /*unused*/) const { return "version"; }
  };
  return std::visit(Namer{}, action);
}

}  // namespace spmdctl
