// Parsing of spmif command lines (reference §3.4). Each check answers with
// the original server's code and text so that old clients see the replies
// they expect; where the original accepted nonsense (prefix-matched
// keywords, unchecked numbers, out-of-range prefix lengths) we refuse it.
#include "spmif/command.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>
#include <vector>

namespace rc::spmif {

namespace {

using Words = std::vector<std::string_view>;

constexpr std::size_t kMaxFqdnLength = 253;  // without the trailing dot
constexpr std::size_t kMaxLabelLength = 63;

CommandError syntax_error() {
  return {500, "Syntax Error"};
}
CommandError not_implemented() {
  return {502, "Command not implemented"};
}
// The original's answer when getaddrinfo(AI_NUMERICHOST) refused a word.
CommandError operation_failed() {
  return {550, "Operation Failed"};
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Control characters would let a value forge a second line when it is
// echoed back or logged; the original cut the line at the first CR.
bool has_control(std::string_view line) {
  for (const char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return true;
  }
  return false;
}

Words split_words(std::string_view line) {
  Words words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool keyword_is(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != keyword[i]) return false;
  }
  return true;
}

// Decimal digits only: no sign, no blanks, no hex, no overflow.
template <class T>
std::optional<T> parse_decimal(std::string_view text) {
  T value{};
  const char* end = text.data() + text.size();
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

Result<addr::IpAddress, CommandError> parse_address(std::string_view word) {
  auto address = addr::IpAddress::parse(word);
  if (!address) return fail(operation_failed());
  return *address;
}

// "<addr>[/plen]". The length is checked for digits before the address is
// looked at, in the original's order; /0 and a missing length both mean a
// host prefix, as the original read them.
Result<addr::Prefix, CommandError> parse_prefix(std::string_view word) {
  std::optional<unsigned> length;
  const std::size_t slash = word.find('/');
  if (slash != std::string_view::npos) {
    length = parse_decimal<unsigned>(word.substr(slash + 1));
    if (!length) return fail(syntax_error());
    word = word.substr(0, slash);
  }
  auto address = parse_address(word);
  if (!address) return fail(std::move(address).error());
  if (!length || *length == 0) return addr::Prefix::host(*address);
  if (*length > address->max_prefix_length()) return fail(syntax_error());
  auto prefix = addr::Prefix::make(*address, *length);
  if (!prefix) return fail(syntax_error());
  return *prefix;
}

std::optional<rct::IpsecMode> parse_mode(std::string_view word) {
  if (keyword_is(word, "TRANSPORT")) return rct::IpsecMode::Transport;
  if (keyword_is(word, "TUNNEL")) return rct::IpsecMode::Tunnel;
  return std::nullopt;
}

// `<MODE> <sp_src>[/plen] <sp_dst>[/plen] [<sa_src> <sa_dst>]`, exactly.
Result<PolicyAddresses, CommandError> parse_policy_addresses(std::span<const std::string_view> w) {
  if (w.size() != 3 && w.size() != 5) return fail(syntax_error());
  const auto mode = parse_mode(w[0]);
  if (!mode) return fail(syntax_error());
  const bool tunnel = *mode == rct::IpsecMode::Tunnel;
  if (tunnel != (w.size() == 5)) return fail(syntax_error());
  PolicyAddresses out;
  out.mode = *mode;
  auto src = parse_prefix(w[1]);
  if (!src) return fail(std::move(src).error());
  auto dst = parse_prefix(w[2]);
  if (!dst) return fail(std::move(dst).error());
  if (src->family() != dst->family()) return fail(syntax_error());
  out.sp_src = *src;
  out.sp_dst = *dst;
  if (tunnel) {
    auto sa_src = parse_address(w[3]);
    if (!sa_src) return fail(std::move(sa_src).error());
    auto sa_dst = parse_address(w[4]);
    if (!sa_dst) return fail(std::move(sa_dst).error());
    if (sa_src->family() != sa_dst->family()) return fail(syntax_error());
    out.sa_src = *sa_src;
    out.sa_dst = *sa_dst;
  }
  return out;
}

// Letters, digits, '-' and '_' (seen in real zones) in labels of 1 to 63
// characters, at most 253 characters in all. The result is lower-cased and
// ends in a dot, the form the FQDN database keys on.
std::optional<std::string> normalize_fqdn(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty() || name.size() > kMaxFqdnLength) return std::nullopt;
  std::string out;
  out.reserve(name.size() + 1);
  std::size_t label = 0;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) return std::nullopt;
      label = 0;
    } else if (std::isalnum(byte) != 0 || c == '-' || c == '_') {
      if (++label > kMaxLabelLength) return std::nullopt;
    } else {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::tolower(byte)));
  }
  if (label == 0) return std::nullopt;
  out.push_back('.');
  return out;
}

Result<Command, CommandError> parse_ns(std::span<const std::string_view> args) {
  NsCommand out;
  if (args.size() == 1 && keyword_is(args[0], "LIST")) return Command(out);
  if (args.size() != 2) return fail(syntax_error());
  if (keyword_is(args[0], "ADD")) {
    out.op = NsCommand::Op::Add;
  } else if (keyword_is(args[0], "DELETE")) {
    out.op = NsCommand::Op::Delete;
  } else if (keyword_is(args[0], "CHANGE")) {
    out.op = NsCommand::Op::Change;
  } else {
    return fail(syntax_error());
  }
  auto address = parse_address(args[1]);
  if (!address) return fail(std::move(address).error());
  out.address = *address;
  return Command(out);
}

Result<Command, CommandError> parse_fqdn(std::span<const std::string_view> args) {
  FqdnCommand out;
  if (args.size() == 1 && keyword_is(args[0], "LIST")) return Command(out);
  if (args.size() != 2) return fail(syntax_error());
  if (keyword_is(args[0], "QUERY")) {
    out.op = FqdnCommand::Op::Query;
    auto address = parse_address(args[1]);
    if (!address) return fail(std::move(address).error());
    out.address = *address;
    return Command(std::move(out));
  }
  if (keyword_is(args[0], "ADD")) {
    out.op = FqdnCommand::Op::Add;
  } else if (keyword_is(args[0], "DELETE")) {
    out.op = FqdnCommand::Op::Delete;
  } else {
    return fail(syntax_error());
  }
  auto name = normalize_fqdn(args[1]);
  if (!name) return fail(syntax_error());
  out.name = std::move(*name);
  return Command(std::move(out));
}

Result<Command, CommandError> parse_slid(std::span<const std::string_view> args) {
  if (args.size() != 1) return fail(syntax_error());
  const auto spid = parse_decimal<std::uint32_t>(args[0]);
  if (!spid) return fail(syntax_error());
  return Command(SlidCommand{*spid});
}

Result<Command, CommandError> parse_policy(std::span<const std::string_view> args) {
  if (args.empty()) return fail(syntax_error());
  if (keyword_is(args[0], "DUMP")) {
    if (args.size() != 1) return fail(syntax_error());
    return Command(PolicyDumpCommand{});
  }
  if (keyword_is(args[0], "ADD")) {
    if (args.size() != 6 && args.size() != 8) return fail(syntax_error());
    PolicyAddCommand out;
    out.slid = std::string(args[1]);
    const auto lifetime = parse_decimal<std::uint64_t>(args[2]);
    if (!lifetime) return fail(syntax_error());
    out.lifetime = *lifetime;
    auto addresses = parse_policy_addresses(args.subspan(3));
    if (!addresses) return fail(std::move(addresses).error());
    out.addresses = *addresses;
    return Command(std::move(out));
  }
  if (keyword_is(args[0], "DELETE")) {
    if (args.size() < 2) return fail(syntax_error());
    PolicyDeleteCommand out;
    out.slid = std::string(args[1]);
    if (args.size() == 2) return Command(std::move(out));
    auto addresses = parse_policy_addresses(args.subspan(2));
    if (!addresses) return fail(std::move(addresses).error());
    out.addresses = *addresses;
    return Command(std::move(out));
  }
  return fail(syntax_error());
}

// The documented five arguments; the original server asked for six and so
// refused every well-formed MIGRATE (reference §9).
Result<Command, CommandError> parse_migrate(std::span<const std::string_view> args) {
  if (args.size() != 5) return fail(syntax_error());
  MigrateCommand out;
  out.slid = std::string(args[0]);
  std::array<addr::IpAddress*, 4> targets{&out.old_src, &out.old_dst, &out.new_src, &out.new_dst};
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto address = parse_address(args[i + 1]);
    if (!address) return fail(std::move(address).error());
    *targets[i] = *address;
  }
  return Command(std::move(out));
}

struct VerbName {
  Verb verb;
  std::string_view keyword;
};
constexpr std::array<VerbName, 9> kVerbs{{
    {Verb::Login, "LOGIN"},
    {Verb::Ns, "NS"},
    {Verb::Fqdn, "FQDN"},
    {Verb::Slid, "SLID"},
    {Verb::Policy, "POLICY"},
    {Verb::Migrate, "MIGRATE"},
    {Verb::Stat, "STAT"},
    {Verb::Quit, "QUIT"},
    {Verb::Exit, "EXIT"},
}};

std::optional<Verb> verb_of(std::string_view word) {
  for (const VerbName& entry : kVerbs) {
    if (keyword_is(word, entry.keyword)) return entry.verb;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Verb> command_verb(std::string_view line) {
  const Words words = split_words(line);
  if (words.empty()) return std::nullopt;
  return verb_of(words.front());
}

Result<Command, CommandError> parse_command(std::string_view line) {
  const Words words = split_words(line);
  if (words.empty()) return fail(syntax_error());
  const auto verb = verb_of(words.front());
  if (!verb) return fail(not_implemented());
  if (has_control(line)) return fail(syntax_error());
  const std::span<const std::string_view> args = std::span(words).subspan(1);
  switch (*verb) {
    case Verb::Login:
      if (args.size() != 1) return fail(syntax_error());
      return Command(LoginCommand{std::string(args[0])});
    case Verb::Ns:
      return parse_ns(args);
    case Verb::Fqdn:
      return parse_fqdn(args);
    case Verb::Slid:
      return parse_slid(args);
    case Verb::Policy:
      return parse_policy(args);
    case Verb::Migrate:
      return parse_migrate(args);
    case Verb::Stat:
      if (!args.empty()) return fail(syntax_error());
      return Command(StatCommand{});
    case Verb::Quit:
    case Verb::Exit:
      if (!args.empty()) return fail(syntax_error());
      return Command(QuitCommand{});
  }
  return fail(not_implemented());
}

}  // namespace rc::spmif
