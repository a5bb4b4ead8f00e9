// Codecs for single values: booleans, numbers, times, byte counts, strings,
// keywords and references to other sections (see field.h for the shape).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "conf/build_context.h"
#include "conf/json_writer.h"
#include "conf/model.h"
#include "conf/text_writer.h"
#include "rct/names.h"

namespace rc::conf {

struct BoolCodec {
  using Value = bool;
  static std::optional<bool> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const bool& value, TextWriter& out);
  static void json(const bool& value, JsonWriter& out) { out.boolean(value); }
};

// Parses "N" within [0, max]; `what` completes "expects ...".
std::optional<std::uint64_t> parse_number_token(const BuildContext& context,
                                                const syntax::Statement& statement,
                                                const syntax::Token& token, std::uint64_t max);

template <class T, std::uint64_t Max = std::numeric_limits<T>::max()>
struct NumberCodec {
  using Value = T;
  static std::optional<T> parse(const syntax::Statement& statement, BuildContext& context) {
    const auto* token = single_value(context, statement, "a number");
    if (token == nullptr) return std::nullopt;
    auto value = parse_number_token(context, statement, *token, Max);
    if (!value) return std::nullopt;
    return static_cast<T>(*value);
  }
  static void write(std::string_view name, const T& value, TextWriter& out) {
    out.statement(name, fmt::format("{}", value));
  }
  static void json(const T& value, JsonWriter& out) { out.number(value); }
};

// `N [sec|min|hour|day ...]` or `infinite` (= 0), in seconds.
struct TimeCodec {
  using Value = Seconds;
  static std::optional<Seconds> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Seconds& value, TextWriter& out);
  static void json(const Seconds& value, JsonWriter& out) { out.number(value); }
};

// `N [B|byte|bytes|KB|MB|GB]` or `infinite` (= 0), in bytes.
struct BytesCodec {
  using Value = Bytes;
  static std::optional<Bytes> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Bytes& value, TextWriter& out);
  static void json(const Bytes& value, JsonWriter& out) { out.number(value); }
};

// Free text: a path, a principal, a version string.
struct StringCodec {
  using Value = std::string;
  static std::optional<std::string> parse(const syntax::Statement& statement,
                                          BuildContext& context);
  static void write(std::string_view name, const std::string& value, TextWriter& out) {
    out.statement(name, TextWriter::quote(value, true));
  }
  static void json(const std::string& value, JsonWriter& out) { out.string(value); }
};

// "on, off" style list of the keywords of an rct enum, for messages.
template <class E>
std::string keyword_choices() {
  std::string list;
  for (const auto& row : rct::name_rows(E{})) {
    if (row.keyword.empty()) continue;
    if (!list.empty()) list += ", ";
    list += row.keyword;
  }
  return list;
}

// Reports an unknown keyword for enum E at `token`.
template <class E>
std::optional<E> parse_keyword(const BuildContext& context, const syntax::Statement& statement,
                               const syntax::Token& token) {
  if (token.kind == syntax::TokenKind::Word) {
    if (auto value = rct::from_keyword<E>(token.text)) return value;
  }
  context.error(token.location, fmt::format("{} expects one of {}; found {}", statement.head(),
                                            keyword_choices<E>(), describe(token)));
  return std::nullopt;
}

// One keyword of an rct enum (direction outbound, ipsec_mode tunnel ...).
template <class E>
struct EnumCodec {
  using Value = E;
  static std::optional<E> parse(const syntax::Statement& statement, BuildContext& context) {
    const auto* token = single_value(context, statement, "a keyword");
    if (token == nullptr) return std::nullopt;
    return parse_keyword<E>(context, statement, *token);
  }
  static void write(std::string_view name, const E& value, TextWriter& out) {
    out.statement(name, rct::keyword(value));
  }
  static void json(const E& value, JsonWriter& out) { out.string(rct::keyword(value)); }
};

// A list of rct keywords: `acceptable_kmp { ikev2; kink; }`, kmp_auth_method.
template <class E>
struct EnumListCodec {
  using Value = std::vector<E>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context) {
    Value list;
    bool ok = true;
    for_each_entry(context, statement, "a list of keywords",
                   [&](std::span<const syntax::Token> entry) {
                     for (const auto& token : entry) {
                       auto value = parse_keyword<E>(context, statement, token);
                       if (value) {
                         list.push_back(*value);
                       } else {
                         ok = false;
                       }
                     }
                   });
    if (!ok || list.empty()) return std::nullopt;
    return list;
  }
  static void write(std::string_view name, const Value& list, TextWriter& out) {
    std::string text = "{ ";
    for (const auto value : list) text += fmt::format("{}; ", rct::keyword(value));
    out.statement(name, text + "}");
  }
  static void json(const Value& list, JsonWriter& out) {
    out.begin_array();
    for (const auto value : list) out.string(rct::keyword(value));
    out.end_array();
  }
};

// A reference to another section: `policy_index NAME;`
struct RefCodec {
  using Value = Ref;
  static std::optional<Ref> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Ref& value, TextWriter& out) {
    out.statement(name, TextWriter::quote(value.name, true));
  }
  static void json(const Ref& value, JsonWriter& out) { out.string(value.name); }
};

// `ipsec_index NAME;` or `ipsec_index { A; B; };`
struct RefListCodec {
  using Value = std::vector<Ref>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& list, TextWriter& out);
  static void json(const Value& list, JsonWriter& out);
};

// `next_header_including X;` or a list of words.
struct StringListCodec {
  using Value = std::vector<std::string>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& list, TextWriter& out);
  static void json(const Value& list, JsonWriter& out);
};

struct KeyEngineCodec {
  using Value = KeyEngine;
  static std::optional<KeyEngine> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const KeyEngine& value, TextWriter& out);
  static void json(const KeyEngine& value, JsonWriter& out);
};
std::string_view key_engine_name(KeyEngine engine);

}  // namespace rc::conf
