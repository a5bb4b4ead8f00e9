// Names of the neutral values: the racoon2.conf keyword of each value (what
// the config parser accepts) and a name for log lines. One table per enum,
// defined in names_algorithms.cc and names_settings.cc.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "rct/types.h"

namespace rc::rct {

template <class E>
struct NameRow {
  E value;
  std::string_view keyword;   // the racoon2.conf word; empty when the config cannot name it
  std::string_view log_name;  // for log lines and status dumps

  bool operator==(const NameRow&) const = default;
};

// A second config word for a value (enable/yes for on, bypass for none).
template <class E>
struct AliasRow {
  std::string_view keyword;
  E value;

  bool operator==(const AliasRow&) const = default;
};

// The tables. The argument only selects the overload; pass E{}.
std::span<const NameRow<Bool>> name_rows(Bool);
std::span<const NameRow<AddrType>> name_rows(AddrType);
std::span<const NameRow<EncAlg>> name_rows(EncAlg);
std::span<const NameRow<AuthAlg>> name_rows(AuthAlg);
std::span<const NameRow<HashAlg>> name_rows(HashAlg);
std::span<const NameRow<Prf>> name_rows(Prf);
std::span<const NameRow<CompAlg>> name_rows(CompAlg);
std::span<const NameRow<AuthMethod>> name_rows(AuthMethod);
std::span<const NameRow<DhGroup>> name_rows(DhGroup);
std::span<const NameRow<Kmp>> name_rows(Kmp);
std::span<const NameRow<LogMode>> name_rows(LogMode);
std::span<const NameRow<IdType>> name_rows(IdType);
std::span<const NameRow<IdQualifier>> name_rows(IdQualifier);
std::span<const NameRow<SelectorCheck>> name_rows(SelectorCheck);
std::span<const NameRow<ProposalCheck>> name_rows(ProposalCheck);
std::span<const NameRow<ExchangeMode>> name_rows(ExchangeMode);
std::span<const NameRow<KeyFileType>> name_rows(KeyFileType);
std::span<const NameRow<MobilityRole>> name_rows(MobilityRole);
std::span<const NameRow<Direction>> name_rows(Direction);
std::span<const NameRow<Action>> name_rows(Action);
std::span<const NameRow<IpsecMode>> name_rows(IpsecMode);
std::span<const NameRow<IpsecLevel>> name_rows(IpsecLevel);
std::span<const NameRow<SaType>> name_rows(SaType);

// Most enums have no second words.
template <class E>
std::span<const AliasRow<E>> alias_rows(E) {
  return {};
}
std::span<const AliasRow<Bool>> alias_rows(Bool);
std::span<const AliasRow<Action>> alias_rows(Action);

// Log name of a value; "unset" for E{}, "unknown" for a value outside the enum.
template <class E>
std::string_view to_string(E value) {
  if (value == E{}) return "unset";
  for (const auto& row : name_rows(E{})) {
    if (row.value == value) return row.log_name;
  }
  return "unknown";
}

// The config word for a value; empty when the config has none.
template <class E>
std::string_view keyword(E value) {
  for (const auto& row : name_rows(E{})) {
    if (row.value == value) return row.keyword;
  }
  return {};
}

// What an operator should read in an error message: the config word when
// there is one, else the log name.
template <class E>
std::string_view display_name(E value) {
  const std::string_view word = keyword(value);
  return word.empty() ? to_string(value) : word;
}

// The value a config word names within one enum (case-sensitive, as the
// original lexer); nullopt when the word is not one of that enum's keywords.
template <class E>
std::optional<E> from_keyword(std::string_view word) {
  if (word.empty()) return std::nullopt;
  for (const auto& row : name_rows(E{})) {
    if (row.keyword == word) return row.value;
  }
  for (const auto& row : alias_rows(E{})) {
    if (row.keyword == word) return row.value;
  }
  return std::nullopt;
}

// The original grammar accepts any algorithm word in any algorithm list and
// checks the category afterwards; this lookup serves that first step.
// "hmac_*" words come back as AuthAlg (kmp_prf_alg re-reads them as Prf).
using AnyAlgorithm = std::variant<EncAlg, AuthAlg, HashAlg, CompAlg, DhGroup, AuthMethod>;
std::optional<AnyAlgorithm> algorithm_from_keyword(std::string_view word);

}  // namespace rc::rct
