// setkey(8)'s command language, by hand: a tokenizer (words, "strings",
// ';', '#' comments) and one recursive-descent function per command. The
// grammar is a flat list of short commands, so a hand parser keeps the
// error messages precise without a second Flex/Bison grammar.
#include <netinet/in.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "addr/prefix.h"
#include "buf/secret_bytes.h"
#include "tools/rcsetkey/command.h"

namespace rcsetkey {
namespace {

using rc::Error;
using rc::fail;
using rc::Result;
namespace kernel = rc::kernel;
namespace rct = rc::rct;

struct Token {
  enum class Type : std::uint8_t { Word, String, Semicolon, End } type = Type::End;
  std::string text;
  int line = 1;
  int column = 1;
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> run(std::string_view origin) {
    std::vector<Token> tokens;
    while (true) {
      skip_blanks_and_comments();
      Token token;
      token.line = line_;
      token.column = column_;
      if (at_ >= text_.size()) {
        tokens.push_back(std::move(token));
        return tokens;
      }
      const char c = text_[at_];
      if (c == ';') {
        token.type = Token::Type::Semicolon;
        advance();
      } else if (c == '"') {
        token.type = Token::Type::String;
        advance();
        while (at_ < text_.size() && text_[at_] != '"') {
          token.text += text_[at_];
          advance();
        }
        if (at_ >= text_.size()) {
          return fail(Error::invalid(
              fmt::format("{}:{}:{}: unterminated string", origin, token.line, token.column)));
        }
        advance();
      } else {
        token.type = Token::Type::Word;
        while (at_ < text_.size() && !is_blank(text_[at_]) && text_[at_] != ';' &&
               text_[at_] != '"' && text_[at_] != '#') {
          token.text += text_[at_];
          advance();
        }
      }
      tokens.push_back(std::move(token));
    }
  }

 private:
  static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  void advance() {
    if (text_[at_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++at_;
  }

  void skip_blanks_and_comments() {
    while (at_ < text_.size()) {
      if (is_blank(text_[at_])) {
        advance();
      } else if (text_[at_] == '#') {
        while (at_ < text_.size() && text_[at_] != '\n') advance();
      } else {
        return;
      }
    }
  }

  std::string_view text_;
  std::size_t at_ = 0;
  int line_ = 1;
  int column_ = 1;
};

template <class T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    std::uint8_t byte = 0;
    const auto [end, error] = std::from_chars(text.data() + i, text.data() + i + 2, byte, 16);
    if (error != std::errc{} || end != text.data() + i + 2) return std::nullopt;
    bytes.push_back(byte);
  }
  return bytes;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view origin)
      : tokens_(std::move(tokens)), origin_(origin) {}

  Result<std::vector<Command>> run() {
    std::vector<Command> commands;
    while (peek().type != Token::Type::End) {
      if (peek().type == Token::Type::Semicolon) {  // an empty command
        ++at_;
        continue;
      }
      auto command = parse_command();
      if (!command) return fail(std::move(command).error());
      commands.push_back(std::move(*command));
    }
    return commands;
  }

 private:
  const Token& peek() const { return tokens_[at_]; }
  const Token& take() {
    const Token& token = tokens_[at_];
    if (token.type != Token::Type::End) ++at_;
    return token;
  }

  Error error_at(const Token& token, std::string_view message) const {
    return Error::invalid(fmt::format("{}:{}:{}: {}", origin_, token.line, token.column, message));
  }

  static std::string describe(const Token& token) {
    switch (token.type) {
      case Token::Type::Word:
        return fmt::format("'{}'", token.text);
      case Token::Type::String:
        return fmt::format("\"{}\"", token.text);
      case Token::Type::Semicolon:
        return "';'";
      case Token::Type::End:
        return "end of input";
    }
    return "?";
  }

  // A word (not a string, ';' or the end); `what` names it for the error.
  Result<const Token*> word(std::string_view what) {
    const Token& token = take();
    if (token.type != Token::Type::Word) {
      return fail(error_at(token, fmt::format("expected {}, got {}", what, describe(token))));
    }
    return &token;
  }

  Result<void> end_of_command() {
    const Token& token = take();
    if (token.type != Token::Type::Semicolon) {
      return fail(error_at(token, fmt::format("expected ';', got {}", describe(token))));
    }
    return rc::ok();
  }

  // -4, -6 and -n change nothing here: the address text gives the family
  // and rcsetkey never resolves names.
  void skip_family_options() {
    while (peek().type == Token::Type::Word && (peek().text == "-4" || peek().text == "-6" ||
                                                peek().text == "-n" || peek().text == "-46")) {
      ++at_;
    }
  }

  Result<Command> parse_command() {
    const Token& keyword = take();
    if (keyword.type != Token::Type::Word) {
      return fail(error_at(keyword, fmt::format("expected a command, got {}", describe(keyword))));
    }
    Command command;
    command.line = keyword.line;
    Result<void> body = rc::ok();
    const std::string& w = keyword.text;
    if (w == "add" || w == "update" || w == "get" || w == "delete") {
      command.kind = w == "add"      ? CommandKind::Add
                     : w == "update" ? CommandKind::Update
                     : w == "get"    ? CommandKind::Get
                                     : CommandKind::Delete;
      body = sa_command(command, /*with_spi=*/true);
    } else if (w == "deleteall") {
      command.kind = CommandKind::DeleteAll;
      body = sa_command(command, /*with_spi=*/false);
    } else if (w == "getspi") {
      command.kind = CommandKind::GetSpi;
      body = getspi_command(command);
    } else if (w == "packet") {
      command.kind = CommandKind::Packet;
      body = packet_command(command);
    } else if (w == "flush" || w == "dump") {
      command.kind = w == "flush" ? CommandKind::Flush : CommandKind::Dump;
      if (peek().type == Token::Type::Word) {
        auto protocol = sa_protocol();
        if (!protocol) return fail(std::move(protocol).error());
        command.protocol = *protocol;
      }
    } else if (w == "spdadd" || w == "spdupdate" || w == "spddelete") {
      command.kind = w == "spdadd"      ? CommandKind::SpdAdd
                     : w == "spdupdate" ? CommandKind::SpdUpdate
                                        : CommandKind::SpdDelete;
      body = spd_command(command);
    } else if (w == "spdflush" || w == "spddump") {
      command.kind = w == "spdflush" ? CommandKind::SpdFlush : CommandKind::SpdDump;
    } else {
      return fail(error_at(keyword, fmt::format("unknown command '{}'", w)));
    }
    if (!body) return fail(std::move(body).error());
    auto end = end_of_command();
    if (!end) return fail(std::move(end).error());
    return command;
  }

  Result<rc::addr::IpAddress> address(std::string_view what) {
    auto token = word(what);
    if (!token) return fail(std::move(token).error());
    auto parsed = rc::addr::IpAddress::parse((*token)->text);
    if (!parsed) {
      return fail(error_at(**token, fmt::format("{}: {}", what, parsed.error().message)));
    }
    return *parsed;
  }

  Result<rct::SaType> sa_protocol() {
    auto token = word("a protocol (esp, ah or ipcomp)");
    if (!token) return fail(std::move(token).error());
    const std::string& text = (*token)->text;
    if (text == "esp") return rct::SaType::Esp;
    if (text == "ah") return rct::SaType::Ah;
    if (text == "ipcomp") return rct::SaType::Ipcomp;
    if (text == "esp-old" || text == "ah-old" || text == "tcp") {
      return fail(error_at(**token, fmt::format("protocol '{}' is not supported", text)));
    }
    return fail(error_at(**token, fmt::format("expected esp, ah or ipcomp, got '{}'", text)));
  }

  Result<void> sa_command(Command& command, bool with_spi) {
    skip_family_options();
    auto src = address("a source address");
    if (!src) return fail(std::move(src).error());
    auto dst = address("a destination address");
    if (!dst) return fail(std::move(dst).error());
    if (src->family() != dst->family()) {
      return fail(error_at(tokens_[at_ - 1], "source and destination differ in address family"));
    }
    auto protocol = sa_protocol();
    if (!protocol) return fail(std::move(protocol).error());
    command.sa.id.src = *src;
    command.sa.id.dst = *dst;
    command.sa.id.type = *protocol;
    command.protocol = *protocol;
    if (!with_spi) return rc::ok();
    auto spi_token = word("an SPI");
    if (!spi_token) return fail(std::move(spi_token).error());
    auto spi = parse_number<std::uint32_t>((*spi_token)->text);
    if (!spi) return fail(error_at(**spi_token, "the SPI must be a number (decimal or 0x hex)"));
    command.sa.id.spi = *spi;
    if (command.kind == CommandKind::Add || command.kind == CommandKind::Update) {
      return sa_extensions_and_algorithms(command);
    }
    return rc::ok();
  }

  Result<std::uint32_t> spi_number(std::string_view what) {
    auto token = word(what);
    if (!token) return fail(std::move(token).error());
    auto spi = parse_number<std::uint32_t>((*token)->text);
    if (!spi) {
      return fail(error_at(**token, fmt::format("{} must be a number (decimal or 0x hex), got '{}'",
                                                what, (*token)->text)));
    }
    return *spi;
  }

  // getspi SRC DST PROTO [MIN MAX] [-m MODE] [-u REQID]: the range stands
  // where add has its SPI; without it the engine's whole range (0x100 up).
  Result<void> getspi_command(Command& command) {
    auto endpoints = sa_command(command, /*with_spi=*/false);
    if (!endpoints) return endpoints;
    kernel::SpiRequest& request = command.spi_request;
    request.type = command.sa.id.type;
    request.src = command.sa.id.src;
    request.dst = command.sa.id.dst;
    if (peek().type == Token::Type::Word && !peek().text.starts_with("-")) {
      const Token& first = peek();
      auto min = spi_number("the lowest SPI");
      if (!min) return fail(std::move(min).error());
      auto max = spi_number("the highest SPI");
      if (!max) return fail(std::move(max).error());
      if (*min == 0 || *min > *max) {
        return fail(error_at(first, "the SPI range must be MIN MAX with 0 < MIN <= MAX"));
      }
      request.min = *min;
      request.max = *max;
    }
    while (peek().type == Token::Type::Word) {
      const Token& option = take();
      if (option.text == "-m") {
        auto mode = sa_mode();
        if (!mode) return fail(std::move(mode).error());
        request.mode = *mode;
      } else if (option.text == "-u") {
        auto reqid = reqid_value(option);
        if (!reqid) return fail(std::move(reqid).error());
        request.reqid = *reqid;
      } else {
        return fail(error_at(option, fmt::format("unknown option '{}' in getspi", option.text)));
      }
    }
    return rc::ok();
  }

  // packet SRC[PORT] DST[PORT] UPPERSPEC [-d in|out|fwd] [-b BYTES]: one
  // packet between two hosts.
  Result<void> packet_command(Command& command) {
    skip_family_options();
    auto src = range("a source address");
    if (!src) return fail(std::move(src).error());
    auto dst = range("a destination address");
    if (!dst) return fail(std::move(dst).error());
    for (const Range* end : {&*src, &*dst}) {
      if (!end->prefix || !end->prefix->is_host()) {
        return fail(error_at(*end->token, "a packet goes between two addresses, not ranges"));
      }
    }
    if (src->prefix->family() != dst->prefix->family()) {
      return fail(error_at(*dst->token, "source and destination differ in address family"));
    }
    auto protocol = upper_layer();
    if (!protocol) return fail(std::move(protocol).error());
    PacketCommand& packet = command.packet;
    packet.packet.src = *src->prefix;
    packet.packet.dst = *dst->prefix;
    packet.packet.src_port = src->port;
    packet.packet.dst_port = dst->port;
    packet.packet.protocol = *protocol;
    while (peek().type == Token::Type::Word) {
      const Token& option = take();
      if (option.text == "-d") {
        auto direction = direction_word();
        if (!direction) return fail(std::move(direction).error());
        packet.direction = *direction;
      } else if (option.text == "-b") {
        auto bytes = option_number("-b");
        if (!bytes) return fail(std::move(bytes).error());
        packet.bytes = *bytes;
      } else {
        return fail(error_at(option, fmt::format("unknown option '{}' in packet", option.text)));
      }
    }
    return rc::ok();
  }

  // A key: 0x-hex or a "quoted string" taken byte for byte.
  Result<rc::buf::SecretBytes> key() {
    const Token& token = take();
    if (token.type == Token::Type::String) {
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(token.text.data());
      return rc::buf::SecretBytes(std::span(bytes, token.text.size()));
    }
    if (token.type == Token::Type::Word &&
        (token.text.starts_with("0x") || token.text.starts_with("0X"))) {
      auto bytes = parse_hex(std::string_view(token.text).substr(2));
      if (bytes && !bytes->empty()) {
        rc::buf::SecretBytes secret(*bytes);
        std::fill(bytes->begin(), bytes->end(), std::uint8_t{0});
        return secret;
      }
    }
    return fail(error_at(token,
                         "expected a key: 0x followed by an even number of hex digits, or "
                         "a \"quoted string\""));
  }

  Result<std::uint64_t> option_number(std::string_view option) {
    auto token = word(fmt::format("a number after {}", option));
    if (!token) return fail(std::move(token).error());
    auto value = parse_number<std::uint64_t>((*token)->text);
    if (!value) {
      return fail(
          error_at(**token, fmt::format("{} takes a number, got '{}'", option, (*token)->text)));
    }
    return *value;
  }

  Result<rct::IpsecMode> sa_mode() {
    auto mode = word("a mode (transport, tunnel or any)");
    if (!mode) return fail(std::move(mode).error());
    const std::string& m = (*mode)->text;
    if (m == "transport" || m == "any") return rct::IpsecMode::Transport;
    if (m == "tunnel") return rct::IpsecMode::Tunnel;
    return fail(error_at(**mode, fmt::format("expected transport, tunnel or any, got '{}'", m)));
  }

  static constexpr std::string_view kReqidTooLarge = "-u: the reqid must fit 32 bits";

  // The number after -u; `option` is the -u token.
  Result<std::uint32_t> reqid_value(const Token& option) {
    auto value = option_number("-u");
    if (!value) return fail(std::move(value).error());
    if (*value > std::numeric_limits<std::uint32_t>::max()) {
      return fail(error_at(option, kReqidTooLarge));
    }
    return static_cast<std::uint32_t>(*value);
  }

  Result<rct::Direction> direction_word() {
    auto direction = word("a direction (in, out or fwd)");
    if (!direction) return fail(std::move(direction).error());
    const std::string& d = (*direction)->text;
    if (d == "in") return rct::Direction::Inbound;
    if (d == "out") return rct::Direction::Outbound;
    if (d == "fwd") return rct::Direction::Fwd;
    return fail(error_at(**direction, fmt::format("expected in, out or fwd, got '{}'", d)));
  }

  Result<void> sa_extensions_and_algorithms(Command& command) {
    kernel::SaParams& sa = command.sa;
    bool have_algorithm = false;
    while (peek().type == Token::Type::Word) {
      const Token& option = take();
      const std::string& o = option.text;
      if (o == "-m") {
        auto mode = sa_mode();
        if (!mode) return fail(std::move(mode).error());
        sa.mode = *mode;
      } else if (o == "-r" || o == "-u" || o == "-lh" || o == "-ls") {
        auto value = option_number(o);
        if (!value) return fail(std::move(value).error());
        if (o == "-r") {
          if (*value > std::numeric_limits<std::uint8_t>::max()) {
            return fail(error_at(option, "-r: the replay window must be 0..255"));
          }
          sa.replay_window = static_cast<std::uint8_t>(*value);
        } else if (o == "-u") {
          if (*value > std::numeric_limits<std::uint32_t>::max()) {
            return fail(error_at(option, kReqidTooLarge));
          }
          sa.reqid = static_cast<std::uint32_t>(*value);
        } else if (o == "-lh") {
          sa.lifetimes.hard.add_seconds = *value;
        } else {
          sa.lifetimes.soft.add_seconds = *value;
        }
      } else if (o == "-E") {
        auto alg = word("an encryption algorithm");
        if (!alg) return fail(std::move(alg).error());
        auto value = encryption_from_setkey((*alg)->text);
        if (!value) {
          return fail(
              error_at(**alg, fmt::format("unknown encryption algorithm '{}'", (*alg)->text)));
        }
        sa.encryption = *value;
        if (*value != rct::EncAlg::NullEnc || peek().type != Token::Type::Semicolon) {
          // setkey writes `-E null ""`; a null cipher may also go without a key.
          auto k = key();
          if (!k) return fail(std::move(k).error());
          sa.encryption_key = std::move(*k);
        }
        have_algorithm = true;
      } else if (o == "-A") {
        auto alg = word("an authentication algorithm");
        if (!alg) return fail(std::move(alg).error());
        auto value = integrity_from_setkey((*alg)->text);
        if (!value) {
          return fail(
              error_at(**alg, fmt::format("unknown authentication algorithm '{}'", (*alg)->text)));
        }
        auto k = key();
        if (!k) return fail(std::move(k).error());
        sa.integrity = *value;
        sa.integrity_key = std::move(*k);
        have_algorithm = true;
      } else if (o == "-C") {
        auto alg = word("a compression algorithm");
        if (!alg) return fail(std::move(alg).error());
        auto value = compression_from_setkey((*alg)->text);
        if (!value) {
          return fail(
              error_at(**alg, fmt::format("unknown compression algorithm '{}'", (*alg)->text)));
        }
        sa.compression = *value;
        if (peek().type == Token::Type::Word && peek().text == "-R") ++at_;
        have_algorithm = true;
      } else {
        return fail(
            error_at(option, fmt::format("unknown option '{}' in {}", o, name(command.kind))));
      }
    }
    if (!have_algorithm) {
      return fail(error_at(
          peek(), fmt::format("{} needs an algorithm (-E, -A or -C)", name(command.kind))));
    }
    return rc::ok();
  }

  // address[/prefixlen][[port]], or `any` for the whole family of the other
  // side (resolved by the caller).
  struct Range {
    std::optional<rc::addr::Prefix> prefix;  // unset = any
    std::uint16_t port = 0;
    const Token* token = nullptr;
  };

  Result<Range> range(std::string_view what) {
    auto token = word(what);
    if (!token) return fail(std::move(token).error());
    Range result;
    result.token = *token;
    std::string_view text = (*token)->text;
    if (const auto open = text.find('['); open != std::string_view::npos) {
      if (!text.ends_with(']')) return fail(error_at(**token, "a port must end with ']'"));
      const std::string_view port = text.substr(open + 1, text.size() - open - 2);
      if (port != "any") {
        auto number = parse_number<std::uint16_t>(port);
        if (!number || port.starts_with("0x")) {
          return fail(
              error_at(**token, fmt::format("bad port '{}': expected 0..65535 or any", port)));
        }
        result.port = *number;
      }
      text = text.substr(0, open);
    }
    if (text == "any") return result;
    auto prefix = rc::addr::Prefix::parse(text);
    if (!prefix)
      return fail(error_at(**token, fmt::format("{}: {}", what, prefix.error().message)));
    result.prefix = *prefix;
    return result;
  }

  Result<std::uint8_t> upper_layer() {
    auto token = word("an upper-layer protocol (any, tcp, udp, icmp, icmp6 or a number)");
    if (!token) return fail(std::move(token).error());
    const std::string& text = (*token)->text;
    if (text == "any") return kernel::kAnyProtocol;
    if (text == "tcp") return std::uint8_t{IPPROTO_TCP};
    if (text == "udp") return std::uint8_t{IPPROTO_UDP};
    if (text == "icmp") return std::uint8_t{IPPROTO_ICMP};
    if (text == "icmp6") return std::uint8_t{IPPROTO_ICMPV6};
    if (text == "gre") return std::uint8_t{IPPROTO_GRE};
    if (text == "sctp") return std::uint8_t{IPPROTO_SCTP};
    auto number = parse_number<std::uint8_t>(text);
    if (!number) {
      return fail(error_at(**token, fmt::format("unknown upper-layer protocol '{}'", text)));
    }
    return *number;
  }

  Result<void> spd_command(Command& command) {
    skip_family_options();
    auto src = range("a source range");
    if (!src) return fail(std::move(src).error());
    auto dst = range("a destination range");
    if (!dst) return fail(std::move(dst).error());
    auto protocol = upper_layer();
    if (!protocol) return fail(std::move(protocol).error());

    // `any` takes the family of the other side; both `any` means IPv4.
    rc::addr::Family family = rc::addr::Family::v4;
    if (src->prefix) family = src->prefix->family();
    if (dst->prefix) {
      if (src->prefix && src->prefix->family() != dst->prefix->family()) {
        return fail(error_at(*dst->token, "source and destination differ in address family"));
      }
      family = dst->prefix->family();
    }
    const auto any = [&] {
      return *rc::addr::Prefix::make(rc::addr::IpAddress::unspecified(family), 0);
    };
    kernel::Selector& selector = command.policy.selector;
    selector.src = src->prefix.value_or(any());
    selector.dst = dst->prefix.value_or(any());
    selector.src_port = src->port;
    selector.dst_port = dst->port;
    selector.protocol = *protocol;
    return policy(command);
  }

  // -P direction [priority N] discard|none|ipsec request... (spdadd), or
  // just -P direction (spddelete).
  Result<void> policy(Command& command) {
    auto flag = word("-P");
    if (!flag) return fail(std::move(flag).error());
    if ((*flag)->text != "-P") {
      return fail(error_at(**flag, fmt::format("expected -P, got '{}'", (*flag)->text)));
    }
    auto direction = direction_word();
    if (!direction) return fail(std::move(direction).error());
    command.policy.direction = *direction;
    if (command.kind == CommandKind::SpdDelete) {
      // setkey accepts (and ignores) the rest of the policy here.
      while (peek().type == Token::Type::Word) ++at_;
      return rc::ok();
    }
    if (peek().type == Token::Type::Word && peek().text == "priority") {
      ++at_;
      auto value = option_number("priority");
      if (!value) return fail(std::move(value).error());
      if (*value > std::numeric_limits<std::uint32_t>::max()) {
        return fail(error_at(tokens_[at_ - 1], "priority must fit 32 bits"));
      }
      command.policy.priority = static_cast<std::uint32_t>(*value);
    }
    auto action = word("discard, none or ipsec");
    if (!action) return fail(std::move(action).error());
    const std::string& a = (*action)->text;
    if (a == "discard") {
      command.policy.action = kernel::PolicyAction::Discard;
    } else if (a == "none") {
      command.policy.action = kernel::PolicyAction::Bypass;
    } else if (a == "ipsec") {
      command.policy.action = kernel::PolicyAction::Ipsec;
      while (peek().type == Token::Type::Word) {
        auto request = policy_request(take());
        if (!request) return fail(std::move(request).error());
        command.policy.templates.push_back(*request);
      }
      if (command.policy.templates.empty()) {
        return fail(error_at(peek(), "ipsec needs at least one request (esp/transport//require)"));
      }
    } else {
      return fail(error_at(**action, fmt::format("expected discard, none or ipsec, got '{}'", a)));
    }
    return rc::ok();
  }

  // protocol/mode/src-dst/level, level = default|use|require|unique[:id].
  Result<kernel::PolicyTemplate> policy_request(const Token& token) {
    std::vector<std::string_view> parts;
    std::string_view rest = token.text;
    while (true) {
      const auto slash = rest.find('/');
      parts.push_back(rest.substr(0, slash));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    if (parts.size() != 4) {
      return fail(error_at(
          token, fmt::format("expected protocol/mode/src-dst/level, got '{}'", token.text)));
    }
    kernel::PolicyTemplate request;
    if (parts[0] == "esp") {
      request.protocol = rct::SaType::Esp;
    } else if (parts[0] == "ah") {
      request.protocol = rct::SaType::Ah;
    } else if (parts[0] == "ipcomp") {
      request.protocol = rct::SaType::Ipcomp;
    } else {
      return fail(error_at(token, fmt::format("expected esp, ah or ipcomp, got '{}'", parts[0])));
    }
    if (parts[1] == "transport") {
      request.mode = rct::IpsecMode::Transport;
    } else if (parts[1] == "tunnel") {
      request.mode = rct::IpsecMode::Tunnel;
    } else {
      return fail(error_at(token, fmt::format("expected transport or tunnel, got '{}'", parts[1])));
    }
    if (!parts[2].empty()) {
      const auto dash = parts[2].find('-');
      if (dash == std::string_view::npos) {
        return fail(error_at(token, "tunnel endpoints are written src-dst"));
      }
      auto src = rc::addr::IpAddress::parse(parts[2].substr(0, dash));
      auto dst = rc::addr::IpAddress::parse(parts[2].substr(dash + 1));
      if (!src) return fail(error_at(token, src.error().message));
      if (!dst) return fail(error_at(token, dst.error().message));
      request.tunnel_src = *src;
      request.tunnel_dst = *dst;
    }
    if (request.mode == rct::IpsecMode::Tunnel && !request.tunnel_src) {
      return fail(error_at(token, "tunnel mode needs its endpoints: esp/tunnel/src-dst/require"));
    }
    const std::string_view level = parts[3];
    if (level == "require" || level == "default") {
      request.level = rct::IpsecLevel::Require;
    } else if (level == "use") {
      request.level = rct::IpsecLevel::Use;
    } else if (level == "unique") {
      request.level = rct::IpsecLevel::Unique;
    } else if (level.starts_with("unique:")) {
      auto id = parse_number<std::uint32_t>(level.substr(7));
      if (!id) return fail(error_at(token, "unique:N needs a number"));
      request.level = rct::IpsecLevel::Unique;
      request.reqid = *id;
    } else {
      return fail(error_at(
          token, fmt::format("expected default, use, require or unique, got '{}'", level)));
    }
    return request;
  }

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  std::string_view origin_;
};

}  // namespace

Result<std::vector<Command>> parse_commands(std::string_view text, std::string_view origin) {
  auto tokens = Tokenizer(text).run(origin);
  if (!tokens) return fail(std::move(tokens).error());
  return Parser(std::move(*tokens), origin).run();
}

}  // namespace rcsetkey
