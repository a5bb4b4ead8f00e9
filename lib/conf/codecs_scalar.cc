#include "conf/codecs_scalar.h"

#include <array>

#include "options/unit_value.h"
#include "options/value_check.h"

namespace rc::conf {
namespace {

using options::Unit;

std::optional<std::uint64_t> parse_quantity(const syntax::Statement& statement,
                                            BuildContext& context, std::span<const Unit> units,
                                            std::string_view what) {
  const auto args = arguments(statement);
  if (statement.has_block || args.empty() || !args.front().is_text()) {
    expected(context, statement, args, what);
    return std::nullopt;
  }
  if (args.front().is_word("infinite")) {
    if (args.size() > 1) {
      expected(context, statement, args.subspan(1), "nothing after infinite");
      return std::nullopt;
    }
    return 0;
  }
  const auto number = parse_unsigned(args.front().text);
  if (!number) {
    expected(context, statement, args, what);
    return std::nullopt;
  }
  std::uint64_t factor = 1;
  if (args.size() >= 2) {
    const Unit* unit = nullptr;
    for (const auto& candidate : units) {
      if (args[1].is_word(candidate.word)) unit = &candidate;
    }
    if (unit == nullptr) {
      expected(context, statement, args.subspan(1), what);
      return std::nullopt;
    }
    factor = unit->factor;
    if (args.size() > 2) {
      expected(context, statement, args.subspan(2), "nothing after the unit");
      return std::nullopt;
    }
  }
  if (*number > std::numeric_limits<std::uint64_t>::max() / factor) {
    context.error(args.front().location,
                  fmt::format("{} {} is too large", statement.head(), args.front().text));
    return std::nullopt;
  }
  return *number * factor;
}

std::string format_quantity(std::uint64_t value, std::span<const Unit> units,
                            std::string_view base_unit) {
  if (value == 0) return "infinite";
  // The largest unit that divides evenly keeps a dump readable (1 hour).
  for (auto it = units.rbegin(); it != units.rend(); ++it) {
    if (it->factor > 1 && value % it->factor == 0 && it->word.back() != 's') {
      return fmt::format("{} {}", value / it->factor, it->word);
    }
  }
  return fmt::format("{} {}", value, base_unit);
}

}  // namespace

std::optional<bool> BoolCodec::parse(const syntax::Statement& statement, BuildContext& context) {
  const auto* token = single_value(context, statement, "on or off");
  if (token == nullptr) return std::nullopt;
  if (token->kind == syntax::TokenKind::Word) {
    if (auto value = options::parse_bool(token->text)) return *value;
  }
  context.error(token->location, fmt::format("{} expects on or off (or enable/disable, yes/no); "
                                             "found {}",
                                             statement.head(), describe(*token)));
  return std::nullopt;
}

void BoolCodec::write(std::string_view name, const bool& value, TextWriter& out) {
  out.statement(name, value ? "on" : "off");
}

std::optional<std::uint64_t> parse_number_token(const BuildContext& context,
                                                const syntax::Statement& statement,
                                                const syntax::Token& token, std::uint64_t max) {
  const auto value = parse_unsigned(token.text);
  if (!value) {
    context.error(token.location, fmt::format("{} expects a number (decimal or 0x hex), found {}",
                                              statement.head(), describe(token)));
    return std::nullopt;
  }
  if (*value > max) {
    context.error(token.location, fmt::format("{} {} is out of range; expected at most {}",
                                              statement.head(), token.text, max));
    return std::nullopt;
  }
  return value;
}

std::optional<Seconds> TimeCodec::parse(const syntax::Statement& statement, BuildContext& context) {
  return parse_quantity(statement, context, options::time_units(),
                        "a time (N [sec|min|hour|day] or infinite)");
}

void TimeCodec::write(std::string_view name, const Seconds& value, TextWriter& out) {
  out.statement(name, format_quantity(value, options::time_units(), "sec"));
}

std::optional<Bytes> BytesCodec::parse(const syntax::Statement& statement, BuildContext& context) {
  return parse_quantity(statement, context, options::byte_units(),
                        "a byte count (N [B|KB|MB|GB] or infinite)");
}

void BytesCodec::write(std::string_view name, const Bytes& value, TextWriter& out) {
  out.statement(name, format_quantity(value, options::byte_units(), "B"));
}

std::optional<std::string> StringCodec::parse(const syntax::Statement& statement,
                                              BuildContext& context) {
  const auto* token = single_value(context, statement, "a string");
  if (token == nullptr) return std::nullopt;
  return token->text;
}

std::optional<Ref> RefCodec::parse(const syntax::Statement& statement, BuildContext& context) {
  const auto* token = single_value(context, statement, "a section name");
  if (token == nullptr) return std::nullopt;
  return Ref{token->text, token->location};
}

std::optional<std::vector<Ref>> RefListCodec::parse(const syntax::Statement& statement,
                                                    BuildContext& context) {
  std::vector<Ref> list;
  bool ok = true;
  for_each_entry(context, statement, "section names", [&](std::span<const syntax::Token> entry) {
    for (const auto& token : entry) {
      if (!token.is_text()) {
        context.error(token.location, fmt::format("{} expects section names, found {}",
                                                  statement.head(), describe(token)));
        ok = false;
        continue;
      }
      list.push_back(Ref{token.text, token.location});
    }
  });
  if (!ok || list.empty()) return std::nullopt;
  return list;
}

void RefListCodec::write(std::string_view name, const std::vector<Ref>& list, TextWriter& out) {
  std::string text = "{ ";
  for (const auto& ref : list) text += TextWriter::quote(ref.name, true) + "; ";
  out.statement(name, text + "}");
}

void RefListCodec::json(const std::vector<Ref>& list, JsonWriter& out) {
  out.begin_array();
  for (const auto& ref : list) out.string(ref.name);
  out.end_array();
}

std::optional<std::vector<std::string>> StringListCodec::parse(const syntax::Statement& statement,
                                                               BuildContext& context) {
  std::vector<std::string> list;
  bool ok = true;
  for_each_entry(context, statement, "words", [&](std::span<const syntax::Token> entry) {
    for (const auto& token : entry) {
      if (!token.is_text()) {
        expected(context, statement, std::span<const syntax::Token>(&token, 1), "words");
        ok = false;
        continue;
      }
      list.push_back(token.text);
    }
  });
  if (!ok || list.empty()) return std::nullopt;
  return list;
}

void StringListCodec::write(std::string_view name, const std::vector<std::string>& list,
                            TextWriter& out) {
  std::string text = "{ ";
  for (const auto& word : list) text += TextWriter::quote(word, true) + "; ";
  out.statement(name, text + "}");
}

void StringListCodec::json(const std::vector<std::string>& list, JsonWriter& out) {
  out.begin_array();
  for (const auto& word : list) out.string(word);
  out.end_array();
}

namespace {
constexpr std::array<std::pair<KeyEngine, std::string_view>, 4> kKeyEngines = {{
    {KeyEngine::Auto, "auto"},
    {KeyEngine::Pfkey, "pfkey"},
    {KeyEngine::Xfrm, "xfrm"},
    {KeyEngine::Pfkeyd, "pfkeyd"},
}};
}  // namespace

std::string_view key_engine_name(KeyEngine engine) {
  for (const auto& [value, name] : kKeyEngines) {
    if (value == engine) return name;
  }
  return "?";
}

std::optional<KeyEngine> KeyEngineCodec::parse(const syntax::Statement& statement,
                                               BuildContext& context) {
  const auto* token = single_value(context, statement, "auto, pfkey, xfrm or pfkeyd");
  if (token == nullptr) return std::nullopt;
  for (const auto& [value, name] : kKeyEngines) {
    if (token->is_word(name)) return value;
  }
  context.error(token->location, fmt::format("key_engine expects auto, pfkey, xfrm or pfkeyd; "
                                             "found {}",
                                             describe(*token)));
  return std::nullopt;
}

void KeyEngineCodec::write(std::string_view name, const KeyEngine& value, TextWriter& out) {
  out.statement(name, key_engine_name(value));
}

void KeyEngineCodec::json(const KeyEngine& value, JsonWriter& out) {
  out.string(key_engine_name(value));
}

}  // namespace rc::conf
