#include "conf/codecs_addr.h"

#include <fmt/format.h>

#include "addr/service.h"
#include "conf/codecs_scalar.h"

namespace rc::conf {

std::optional<addr::AddrEntry> parse_address_tokens(const BuildContext& context,
                                                    const syntax::Statement& statement,
                                                    std::span<const syntax::Token> tokens,
                                                    bool allow_unix) {
  constexpr std::string_view kWhat = "an address (ADDR [port P])";
  if (tokens.empty() || !tokens.front().is_text()) {
    expected(context, statement, tokens, kWhat);
    return std::nullopt;
  }
  if (tokens.front().is_word("unix")) {
    if (!allow_unix) {
      context.error(tokens.front().location,
                    fmt::format("{} does not take a unix socket path", statement.head()));
      return std::nullopt;
    }
    if (tokens.size() != 2 || !tokens[1].is_text()) {
      expected(context, statement, tokens.subspan(1), "a socket path after unix");
      return std::nullopt;
    }
    auto entry = addr::AddrEntry::unix_socket(tokens[1].text);
    if (!entry) {
      context.error(tokens[1].location, entry.error().message);
      return std::nullopt;
    }
    return std::move(*entry);
  }
  std::uint16_t port = 0;
  if (tokens.size() > 1) {
    if (!tokens[1].is_word("port")) {
      expected(context, statement, tokens.subspan(1), "'port' or the end of the address");
      return std::nullopt;
    }
    if (tokens.size() < 3 || !tokens[2].is_text()) {
      expected(context, statement, tokens.subspan(2), "a port number, service name or any");
      return std::nullopt;
    }
    if (tokens.size() > 3) {
      expected(context, statement, tokens.subspan(3), "the end of the address");
      return std::nullopt;
    }
    auto parsed = addr::parse_port(tokens[2].text);
    if (!parsed) {
      context.error(tokens[2].location, parsed.error().message);
      return std::nullopt;
    }
    port = *parsed;
  }
  auto entry = addr::parse_address(tokens.front().text, port);
  if (!entry) {
    context.error(tokens.front().location, entry.error().message);
    return std::nullopt;
  }
  return std::move(*entry);
}

std::string address_text(const addr::AddrEntry& entry) {
  std::string text;
  if (const auto* file = entry.as_file()) {
    text = "unix " + TextWriter::quote(file->path, true);
  } else {
    text = TextWriter::quote(fmt::format("{}", entry));
  }
  if (entry.port() != 0) text += fmt::format(" port {}", entry.port());
  return text;
}

void address_json(const addr::AddrEntry& entry, JsonWriter& out) {
  out.begin_object();
  if (const auto* file = entry.as_file()) {
    out.key("unix").string(file->path);
  } else {
    out.key("address").string(fmt::format("{}", entry));
    const char* type = entry.as_inet() != nullptr   ? "inet"
                       : entry.as_fqdn() != nullptr ? "fqdn"
                                                    : "macro";
    out.key("type").string(type);
  }
  if (entry.port() != 0) out.key("port").number(entry.port());
  out.end_object();
}

std::optional<addr::AddrEntry> AddrCodec::parse(const syntax::Statement& statement,
                                                BuildContext& context) {
  if (statement.has_block) {
    expected(context, statement, arguments(statement), "one address (ADDR [port P])");
    return std::nullopt;
  }
  return parse_address_tokens(context, statement, arguments(statement), false);
}

void AddrCodec::write(std::string_view name, const addr::AddrEntry& value, TextWriter& out) {
  out.statement(name, address_text(value));
}

template <bool AllowUnix>
std::optional<addr::AddrList> AddrListCodec<AllowUnix>::parse(const syntax::Statement& statement,
                                                              BuildContext& context) {
  addr::AddrList list;
  bool ok = true;
  for_each_entry(context, statement, "addresses (ADDR [port P])",
                 [&](std::span<const syntax::Token> entry) {
                   auto parsed = parse_address_tokens(context, statement, entry, AllowUnix);
                   if (parsed) {
                     list.push_back(std::move(*parsed));
                   } else {
                     ok = false;
                   }
                 });
  if (!ok || list.empty()) return std::nullopt;
  return list;
}

template <bool AllowUnix>
void AddrListCodec<AllowUnix>::write(std::string_view name, const addr::AddrList& value,
                                     TextWriter& out) {
  out.open(name);
  for (const auto& entry : value) out.entry(address_text(entry));
  out.close();
}

template <bool AllowUnix>
void AddrListCodec<AllowUnix>::json(const addr::AddrList& value, JsonWriter& out) {
  out.begin_array();
  for (const auto& entry : value) address_json(entry, out);
  out.end_array();
}

template struct AddrListCodec<true>;
template struct AddrListCodec<false>;

std::optional<UpperLayerProtocol> ProtocolCodec::parse(const syntax::Statement& statement,
                                                       BuildContext& context) {
  const auto args = arguments(statement);
  constexpr std::string_view kWhat = "a protocol (name, number or any) and for ICMP type and code";
  if (statement.has_block || args.empty() || !args.front().is_text()) {
    expected(context, statement, args, kWhat);
    return std::nullopt;
  }
  auto protocol = addr::parse_protocol(args.front().text);
  if (!protocol) {
    context.error(args.front().location, protocol.error().message);
    return std::nullopt;
  }
  UpperLayerProtocol value{*protocol, std::nullopt, std::nullopt, args.front().text};
  if (args.size() > 3) {
    expected(context, statement, args.subspan(3), "at most two numbers after the protocol");
    return std::nullopt;
  }
  // ICMP and ICMPv6 take a type and a code; MH (135) takes a type.
  const bool icmp = *protocol == 1 || *protocol == 58;
  const bool mh = *protocol == 135;
  if (args.size() > 1 && !icmp && !mh) {
    context.error(args[1].location,
                  fmt::format("upper_layer_protocol {} takes no numbers; only icmp, icmp6 (type "
                              "code) and mh (type) do",
                              args.front().text));
    return std::nullopt;
  }
  if (args.size() > 2 && mh) {
    context.error(args[2].location, "upper_layer_protocol mh takes one number (the MH type)");
    return std::nullopt;
  }
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto number = parse_number_token(context, statement, args[i], 255);
    if (!number) return std::nullopt;
    (i == 1 ? value.src_port : value.dst_port) = static_cast<std::uint16_t>(*number);
  }
  return value;
}

void ProtocolCodec::write(std::string_view name, const UpperLayerProtocol& value, TextWriter& out) {
  std::string text = TextWriter::quote(value.written);
  if (value.src_port) text += fmt::format(" {}", *value.src_port);
  if (value.dst_port) text += fmt::format(" {}", *value.dst_port);
  out.statement(name, text);
}

void ProtocolCodec::json(const UpperLayerProtocol& value, JsonWriter& out) {
  out.begin_object();
  out.key("name").string(value.written);
  out.key("number").number(value.protocol);
  if (value.src_port) out.key("type").number(*value.src_port);
  if (value.dst_port) out.key("code").number(*value.dst_port);
  out.end_object();
}

std::optional<AddressRange> parse_address_range(const BuildContext& context,
                                                const syntax::Statement& statement) {
  const auto& tokens = statement.tokens;
  if (statement.has_block || tokens.size() != 3 || !tokens[0].is_text() ||
      tokens[1].kind != syntax::TokenKind::Dash || !tokens[2].is_text()) {
    context.error(statement.location(),
                  "expected an address range \"FIRST\" - \"LAST\" (spaces around the '-')");
    return std::nullopt;
  }
  auto first = addr::IpAddress::parse(tokens[0].text);
  auto last = addr::IpAddress::parse(tokens[2].text);
  if (!first || !last) {
    const auto& bad = first ? tokens[2] : tokens[0];
    context.error(bad.location, fmt::format("{} is not a numeric IP address; an address pool "
                                            "range needs two",
                                            describe(bad)));
    return std::nullopt;
  }
  if (first->family() != last->family()) {
    context.error(tokens[0].location, "an address pool range must not mix IPv4 and IPv6");
    return std::nullopt;
  }
  if (*last < *first) {
    context.error(tokens[0].location,
                  fmt::format("address pool range {} - {} ends before it starts", *first, *last));
    return std::nullopt;
  }
  return AddressRange{*first, *last, statement.location()};
}

}  // namespace rc::conf
