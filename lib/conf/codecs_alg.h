// Codecs for algorithm lists (`name[,bits[,key]]`), DH groups (names or
// numbers, never mixed), ID specs (`TYPE [file|tag] VALUE`) and public-key
// file specs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "conf/codecs_scalar.h"

namespace rc::conf {

// What kind of thing a keyword of another algorithm table is, for
// "hmac_sha1 is an integrity algorithm" messages; empty when unknown.
std::string_view algorithm_category(std::string_view word);

// Parses the tokens of one `name[,bits[,key]]` entry; returns the name token
// and fills bits/key, or reports and returns nullptr.
struct RawAlgorithm {
  const syntax::Token* name = nullptr;
  std::uint32_t key_bits = 0;
  std::string key;
};
std::optional<RawAlgorithm> parse_algorithm_tokens(const BuildContext& context,
                                                   const syntax::Statement& statement,
                                                   std::span<const syntax::Token> tokens);
std::string algorithm_suffix(std::uint32_t key_bits, const std::string& key);

template <class A>
struct AlgListCodec {
  using Value = std::vector<AlgorithmSpec<A>>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context) {
    Value list;
    bool ok = true;
    for_each_entry(context, statement, "algorithms (name[,bits[,key]])",
                   [&](std::span<const syntax::Token> entry) {
                     auto raw = parse_algorithm_tokens(context, statement, entry);
                     if (!raw) {
                       ok = false;
                       return;
                     }
                     auto value = rct::from_keyword<A>(raw->name->text);
                     if (!value || raw->name->kind != syntax::TokenKind::Word) {
                       report_wrong_algorithm(context, statement, *raw->name);
                       ok = false;
                       return;
                     }
                     list.push_back({*value, raw->key_bits, raw->key, raw->name->location});
                   });
    if (!ok || list.empty()) return std::nullopt;
    return list;
  }
  static void write(std::string_view name, const Value& list, TextWriter& out) {
    std::string text = "{ ";
    for (const auto& spec : list) {
      text += fmt::format("{}{}; ", rct::keyword(spec.algorithm),
                          algorithm_suffix(spec.key_bits, spec.key));
    }
    out.statement(name, text + "}");
  }
  static void json(const Value& list, JsonWriter& out) {
    out.begin_array();
    for (const auto& spec : list) {
      out.begin_object();
      out.key("name").string(rct::keyword(spec.algorithm));
      if (spec.key_bits != 0) out.key("key_bits").number(spec.key_bits);
      if (!spec.key.empty()) out.key("key").string("(set)");  // never print key material
      out.end_object();
    }
    out.end_array();
  }

 private:
  static void report_wrong_algorithm(const BuildContext& context,
                                     const syntax::Statement& statement,
                                     const syntax::Token& token) {
    const std::string_view category = algorithm_category(token.text);
    const std::string_view kind = rct::EnumTraits<A>::what;
    const std::string expected_what =
        std::string(
            std::string_view("aeiou").find(kind.front()) == std::string_view::npos ? "a " : "an ") +
        std::string(kind);
    if (!category.empty() && token.kind == syntax::TokenKind::Word) {
      context.error(token.location,
                    fmt::format("{} expects {} ({}); {} is {}", statement.head(), expected_what,
                                keyword_choices<A>(), token.text, category));
    } else {
      context.error(token.location,
                    fmt::format("{} expects {} ({}); found {}", statement.head(), expected_what,
                                keyword_choices<A>(), describe(token)));
    }
  }
};

// kmp_dh_group: names (modp2048) or IANA numbers (14), not both in one list.
struct DhListCodec {
  using Value = std::vector<rct::DhGroup>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& list, TextWriter& out) {
    EnumListCodec<rct::DhGroup>::write(name, list, out);
  }
  static void json(const Value& list, JsonWriter& out) {
    EnumListCodec<rct::DhGroup>::json(list, out);
  }
};

struct IdListCodec {
  using Value = std::vector<IdSpec>;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& list, TextWriter& out);
  static void json(const Value& list, JsonWriter& out);
};

// my_public_key TYPE PUBLIC PRIVATE; peers_public_key TYPE FILE.
template <bool Mine>
struct PublicKeyCodec {
  using Value = PublicKeySpec;
  static std::optional<Value> parse(const syntax::Statement& statement, BuildContext& context);
  static void write(std::string_view name, const Value& value, TextWriter& out);
  static void json(const Value& value, JsonWriter& out);
};

}  // namespace rc::conf
