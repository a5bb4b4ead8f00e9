#include "conf/build_context.h"

#include <charconv>

#include <fmt/format.h>

#include "options/option_table.h"
#include "options/unit_value.h"
#include "rct/names.h"

namespace rc::conf {

void BuildContext::warn_if_not_implemented(const syntax::Token& directive) const {
  std::string_view reason;
  if (kmp != rct::Kmp{} && section.empty()) {
    const std::string_view own = rct::keyword(kmp);
    const auto* row = options::find(own, directive.text);
    if (row == nullptr) row = options::find("kmp", directive.text);
    if (row != nullptr) reason = options::not_implemented_for(own, *row);
  } else if (const auto* row = options::find(section, directive.text)) {
    reason = row->not_implemented;
  }
  if (!reason.empty()) {
    warning(directive.location, fmt::format("{} has no effect: {}", directive.text, reason));
  }
}

std::string describe(const syntax::Token& token) {
  switch (token.kind) {
    case syntax::TokenKind::Word:
      return fmt::format("'{}'", token.text);
    case syntax::TokenKind::Quoted:
      return fmt::format("\"{}\"", token.text);
    case syntax::TokenKind::Comma:
      return "','";
    case syntax::TokenKind::Dash:
      return "'-'";
  }
  return "?";
}

void expected(const BuildContext& context, const syntax::Statement& statement,
              std::span<const syntax::Token> rest, std::string_view what) {
  if (!rest.empty()) {
    context.error(rest.front().location, fmt::format("{} expects {}, found {}", statement.head(),
                                                     what, describe(rest.front())));
  } else if (statement.has_block) {
    context.error(statement.block_location,
                  fmt::format("{} expects {}, found a {{ }} block", statement.head(), what));
  } else {
    context.error(statement.location(),
                  fmt::format("{} expects {}, found nothing", statement.head(), what));
  }
}

const syntax::Token* single_value(const BuildContext& context, const syntax::Statement& statement,
                                  std::string_view what) {
  const auto args = arguments(statement);
  if (statement.has_block || args.empty() || !args.front().is_text()) {
    expected(context, statement, args, what);
    return nullptr;
  }
  if (args.size() > 1) {
    context.error(args[1].location, fmt::format("{} takes one value ({}); unexpected {}",
                                                statement.head(), what, describe(args[1])));
    return nullptr;
  }
  return &args.front();
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  return options::parse_count(text);
}

}  // namespace rc::conf
