// Field<S>: one directive of a section S, described once and used for
// everything a directive needs: parsing it into S, writing it back out
// (dump), its JSON form, and filling it from a lower tier (three-tier
// resolution). A section is a table of fields (fields_*.cc); the generic
// walkers below do the rest, so adding a directive is adding one row.
//
// A Codec knows one kind of value:
//   using Value = T;
//   static std::optional<T> parse(const syntax::Statement&, BuildContext&);
//   static void write(std::string_view name, const T&, TextWriter&);
//   static void json(const T&, JsonWriter&);
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "conf/build_context.h"
#include "conf/json_writer.h"
#include "conf/syntax.h"
#include "conf/text_writer.h"

namespace rc::conf {

template <class S>
struct Field {
  std::string_view name;
  // False when the value was rejected (and reported).
  bool (*parse)(const syntax::Statement&, S&, BuildContext&);
  void (*write)(std::string_view name, const S&, TextWriter&);
  // Writes `"name": value` when set; nothing when unset.
  void (*json)(std::string_view name, const S&, JsonWriter&);
  // Copies the value from `from` when `into` has none.
  void (*merge)(S& into, const S& from);
  bool (*is_set)(const S&);
};

namespace detail {
template <class M>
struct MemberTraits;
template <class S, class T>
struct MemberTraits<std::optional<T> S::*> {
  using Section = S;
  using Value = T;
};
}  // namespace detail

// A field stored as std::optional<Codec::Value> in its section.
template <auto Member, class Codec>
constexpr auto field(std::string_view name) {
  using Traits = detail::MemberTraits<decltype(Member)>;
  using S = typename Traits::Section;
  static_assert(std::is_same_v<typename Traits::Value, typename Codec::Value>);
  return Field<S>{
      name,
      [](const syntax::Statement& statement, S& section, BuildContext& context) {
        auto value = Codec::parse(statement, context);
        if (!value) return false;
        if (section.*Member) {
          context.warning(statement.location(),
                          fmt::format("{} is given more than once in this block; the last one is "
                                      "used",
                                      statement.head()));
        }
        section.*Member = std::move(*value);
        return true;
      },
      [](std::string_view key, const S& section, TextWriter& out) {
        if (section.*Member) Codec::write(key, *(section.*Member), out);
      },
      [](std::string_view key, const S& section, JsonWriter& out) {
        if (!(section.*Member)) return;
        out.key(key);
        Codec::json(*(section.*Member), out);
      },
      [](S& into, const S& from) {
        if (!(into.*Member) && (from.*Member)) into.*Member = from.*Member;
      },
      [](const S& section) { return (section.*Member).has_value(); },
  };
}

// Looks a directive up in a table.
template <class S>
const Field<S>* find_field(std::span<const Field<S>> table, std::string_view name) {
  for (const auto& row : table) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

// The nearest name of `table` to a misspelt `name`, or "".
std::string_view nearest_name(std::span<const std::string_view> names, std::string_view name);

template <class S>
std::string_view nearest_field(std::span<const Field<S>> table, std::string_view name) {
  std::vector<std::string_view> names;
  names.reserve(table.size());
  for (const auto& row : table) names.push_back(row.name);
  return nearest_name(names, name);
}

// The standard message for a word that is not a directive of `block`.
std::string unknown_directive(std::string_view name, std::string_view block,
                              std::string_view suggestion);

// Parses every statement of a block through `table`. Unknown directives are
// reported with a suggestion; `other` names the blocks where a misplaced
// directive would belong (e.g. "cookie_required belongs in ikev2 { }").
template <class S>
void parse_block(const std::vector<syntax::Statement>& block, S& section,
                 std::span<const Field<S>> table, std::string_view block_name,
                 BuildContext& context,
                 std::string_view (*misplaced)(std::string_view, const BuildContext&) = nullptr) {
  for (const auto& statement : block) {
    const auto& head = statement.tokens.front();
    if (head.kind != syntax::TokenKind::Word) {
      context.error(head.location, fmt::format("expected a directive of {}, found {}", block_name,
                                               describe(head)));
      continue;
    }
    if (const auto* row = find_field(table, head.text)) {
      if (row->parse(statement, section, context)) context.warn_if_not_implemented(head);
      continue;
    }
    if (head.text == "include") {
      context.error(head.location, "include is only allowed between sections, not inside a block");
      continue;
    }
    if (misplaced != nullptr) {
      const std::string_view home = misplaced(head.text, context);
      if (!home.empty()) {
        context.error(head.location, fmt::format("{} is not valid in {}; it belongs in {}",
                                                 head.text, block_name, home));
        continue;
      }
    }
    context.error(head.location,
                  unknown_directive(head.text, block_name, nearest_field(table, head.text)));
  }
}

template <class S>
void write_fields(const S& section, std::span<const Field<S>> table, TextWriter& out) {
  for (const auto& row : table) row.write(row.name, section, out);
}

template <class S>
void json_fields(const S& section, std::span<const Field<S>> table, JsonWriter& out) {
  for (const auto& row : table) row.json(row.name, section, out);
}

template <class S>
void merge_fields(S& into, const S& from, std::span<const Field<S>> table) {
  for (const auto& row : table) row.merge(into, from);
}

}  // namespace rc::conf
