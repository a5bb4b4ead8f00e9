#include "conf/codecs_alg.h"

#include "rct/ikev2.h"
#include "rct/isakmp.h"

namespace rc::conf {

std::string_view algorithm_category(std::string_view word) {
  const auto found = rct::algorithm_from_keyword(word);
  if (!found) return {};
  return std::visit(
      [](auto value) -> std::string_view {
        using E = decltype(value);
        if constexpr (std::is_same_v<E, rct::EncAlg>) return "an encryption algorithm";
        if constexpr (std::is_same_v<E, rct::AuthAlg>) return "an integrity algorithm";
        if constexpr (std::is_same_v<E, rct::HashAlg>) return "a hash algorithm";
        if constexpr (std::is_same_v<E, rct::CompAlg>) return "a compression algorithm";
        if constexpr (std::is_same_v<E, rct::DhGroup>) return "a DH group";
        if constexpr (std::is_same_v<E, rct::AuthMethod>) return "an authentication method";
        return {};
      },
      *found);
}

std::optional<RawAlgorithm> parse_algorithm_tokens(const BuildContext& context,
                                                   const syntax::Statement& statement,
                                                   std::span<const syntax::Token> tokens) {
  constexpr std::string_view kWhat = "an algorithm (name[,bits[,key]])";
  if (tokens.empty() || !tokens.front().is_text()) {
    expected(context, statement, tokens, kWhat);
    return std::nullopt;
  }
  RawAlgorithm raw{&tokens.front(), 0, {}};
  std::size_t at = 1;
  if (at == tokens.size()) return raw;
  if (tokens[at].kind != syntax::TokenKind::Comma) {
    expected(context, statement, tokens.subspan(at), "',' or the end of the algorithm");
    return std::nullopt;
  }
  ++at;
  // name,bits or name,,key
  if (at < tokens.size() && tokens[at].is_text()) {
    auto bits = parse_number_token(context, statement, tokens[at], 65535);
    if (!bits) return std::nullopt;
    raw.key_bits = static_cast<std::uint32_t>(*bits);
    ++at;
    if (at == tokens.size()) return raw;
    if (tokens[at].kind != syntax::TokenKind::Comma) {
      expected(context, statement, tokens.subspan(at), "',' and a key, or the end");
      return std::nullopt;
    }
    ++at;
  } else if (at < tokens.size() && tokens[at].kind == syntax::TokenKind::Comma) {
    ++at;
  } else {
    expected(context, statement, tokens.subspan(at), "a key length in bits after ','");
    return std::nullopt;
  }
  if (at >= tokens.size() || !tokens[at].is_text()) {
    expected(context, statement, tokens.subspan(at), "a key (0x... or a quoted string)");
    return std::nullopt;
  }
  raw.key = tokens[at].text;
  if (tokens[at].kind == syntax::TokenKind::Word && raw.key.rfind("0x", 0) != 0) {
    context.error(
        tokens[at].location,
        fmt::format("{}: a key is 0x followed by hex digits, or a quoted string; found {}",
                    statement.head(), describe(tokens[at])));
    return std::nullopt;
  }
  if (at + 1 != tokens.size()) {
    expected(context, statement, tokens.subspan(at + 1), "the end of the algorithm");
    return std::nullopt;
  }
  return raw;
}

std::string algorithm_suffix(std::uint32_t key_bits, const std::string& key) {
  std::string text;
  if (key_bits != 0) text += fmt::format(",{}", key_bits);
  if (!key.empty()) {
    if (key_bits == 0) text += ",";
    text += "," + (key.rfind("0x", 0) == 0 ? key : TextWriter::quote(key, true));
  }
  return text;
}

namespace {

// The numbers the original accepted (1-5, 14-18; 3 and 4 are IKEv1's EC2N
// groups, which IKEv2 never numbered) plus the ECP and curve groups. IKEv1
// and IKEv2 give every group they share the same number.
std::optional<rct::DhGroup> dh_group_from_number(std::uint64_t number) {
  if (number > 0xffff) return std::nullopt;
  const auto id = static_cast<std::uint16_t>(number);
  if (auto group = rct::isakmp::from_ike_group(id)) return group;
  return rct::ikev2::from_dh(id);
}

}  // namespace

std::optional<std::vector<rct::DhGroup>> DhListCodec::parse(const syntax::Statement& statement,
                                                            BuildContext& context) {
  std::vector<rct::DhGroup> list;
  bool ok = true;
  bool names = false;
  bool numbers = false;
  for_each_entry(context, statement, "DH groups (names or numbers)",
                 [&](std::span<const syntax::Token> entry) {
                   for (const auto& token : entry) {
                     if (const auto number = parse_unsigned(token.text);
                         number && token.is_text()) {
                       numbers = true;
                       const auto group = dh_group_from_number(*number);
                       if (!group) {
                         context.error(token.location,
                                       fmt::format("kmp_dh_group: {} is not a DH group number we "
                                                   "know (1-5, 14-21, 31, 32)",
                                                   token.text));
                         ok = false;
                         continue;
                       }
                       list.push_back(*group);
                       continue;
                     }
                     names = true;
                     auto value = parse_keyword<rct::DhGroup>(context, statement, token);
                     if (value) {
                       list.push_back(*value);
                     } else {
                       ok = false;
                     }
                   }
                 });
  if (names && numbers) {
    context.error(statement.location(),
                  "kmp_dh_group mixes names and numbers; write all as names (modp2048) or all as "
                  "numbers (14)");
    return std::nullopt;
  }
  if (!ok || list.empty()) return std::nullopt;
  return list;
}

std::optional<std::vector<IdSpec>> IdListCodec::parse(const syntax::Statement& statement,
                                                      BuildContext& context) {
  std::vector<IdSpec> list;
  bool ok = true;
  constexpr std::string_view kWhat = "an ID (TYPE [file|tag] VALUE)";
  for_each_entry(context, statement, kWhat, [&](std::span<const syntax::Token> entry) {
    if (entry.empty() || entry.front().kind != syntax::TokenKind::Word) {
      expected(context, statement, entry, kWhat);
      ok = false;
      return;
    }
    const auto type = parse_keyword<rct::IdType>(context, statement, entry.front());
    if (!type) {
      ok = false;
      return;
    }
    IdSpec spec{*type, rct::IdQualifier{}, {}, entry.front().location};
    std::size_t at = 1;
    if (entry.size() == 3 && (entry[1].is_word("file") || entry[1].is_word("tag"))) {
      if (*type != rct::IdType::KeyId) {
        context.error(entry[1].location,
                      fmt::format("the {} qualifier only applies to keyid IDs", entry[1].text));
        ok = false;
        return;
      }
      spec.qualifier = entry[1].is_word("file") ? rct::IdQualifier::File : rct::IdQualifier::Tag;
      at = 2;
    }
    if (at >= entry.size() || !entry[at].is_text()) {
      expected(context, statement, entry.subspan(at), "the ID value");
      ok = false;
      return;
    }
    if (at + 1 != entry.size()) {
      expected(context, statement, entry.subspan(at + 1), "the end of the ID");
      ok = false;
      return;
    }
    spec.value = entry[at].text;
    list.push_back(std::move(spec));
  });
  if (!ok || list.empty()) return std::nullopt;
  return list;
}

void IdListCodec::write(std::string_view name, const std::vector<IdSpec>& list, TextWriter& out) {
  out.open(name);
  for (const auto& spec : list) {
    std::string text(rct::keyword(spec.type));
    if (spec.qualifier == rct::IdQualifier::File) text += " file";
    if (spec.qualifier == rct::IdQualifier::Tag) text += " tag";
    out.entry(text + " " + TextWriter::quote(spec.value, true));
  }
  out.close();
}

void IdListCodec::json(const std::vector<IdSpec>& list, JsonWriter& out) {
  out.begin_array();
  for (const auto& spec : list) {
    out.begin_object();
    out.key("type").string(rct::keyword(spec.type));
    if (spec.qualifier != rct::IdQualifier{})
      out.key("qualifier").string(rct::keyword(spec.qualifier));
    out.key("value").string(spec.value);
    out.end_object();
  }
  out.end_array();
}

template <bool Mine>
std::optional<PublicKeySpec> PublicKeyCodec<Mine>::parse(const syntax::Statement& statement,
                                                         BuildContext& context) {
  const auto args = arguments(statement);
  constexpr std::string_view kWhat =
      Mine ? "a key type and two files (TYPE PUBLIC PRIVATE)" : "a key type and a file (TYPE FILE)";
  if (statement.has_block || args.empty() || args.front().kind != syntax::TokenKind::Word) {
    expected(context, statement, args, kWhat);
    return std::nullopt;
  }
  const auto type = parse_keyword<rct::KeyFileType>(context, statement, args.front());
  if (!type) return std::nullopt;
  const std::size_t needed = Mine ? 3 : 2;
  // Point at the first file name that is missing or not a name, not at a
  // good one before it.
  for (std::size_t at = 1; at < needed; ++at) {
    if (at >= args.size() || !args[at].is_text()) {
      expected(context, statement, args.subspan(std::min(at, args.size())), kWhat);
      return std::nullopt;
    }
  }
  // peers_public_key takes (and ignores) a second file, as the original.
  constexpr std::size_t kMost = 3;
  if (args.size() > kMost) {
    expected(context, statement, args.subspan(kMost), "the end of the key spec");
    return std::nullopt;
  }
  if (!Mine && args.size() == kMost) {
    if (!args[2].is_text()) {
      expected(context, statement, args.subspan(2), "the end of the key spec");
      return std::nullopt;
    }
    context.warning(args[2].location,
                    "the second file of peers_public_key is ignored (as in the original)");
  }
  return PublicKeySpec{*type, args[1].text, Mine ? args[2].text : std::string()};
}

template <bool Mine>
void PublicKeyCodec<Mine>::write(std::string_view name, const PublicKeySpec& value,
                                 TextWriter& out) {
  std::string text =
      fmt::format("{} {}", rct::keyword(value.type), TextWriter::quote(value.public_file, true));
  if (Mine) {
    text += ' ';
    text += TextWriter::quote(value.private_file, true);
  }
  out.statement(name, text);
}

template <bool Mine>
void PublicKeyCodec<Mine>::json(const PublicKeySpec& value, JsonWriter& out) {
  out.begin_object();
  out.key("type").string(rct::keyword(value.type));
  out.key(Mine ? "public" : "file").string(value.public_file);
  if (Mine) out.key("private").string(value.private_file);
  out.end_object();
}

template struct PublicKeyCodec<true>;
template struct PublicKeyCodec<false>;

}  // namespace rc::conf
