// Template bodies of build_context.h.
#pragma once

#include <fmt/format.h>

namespace rc::conf {

template <class F>
bool for_each_entry(const BuildContext& context, const syntax::Statement& statement,
                    std::string_view what, F&& parse) {
  if (!statement.has_block) {
    if (statement.tokens.size() < 2) {
      expected(context, statement, arguments(statement), what);
      return false;
    }
    parse(arguments(statement));
    return true;
  }
  if (statement.tokens.size() > 1) {
    context.error(statement.tokens[1].location,
                  fmt::format("{} takes either one value or a {{ }} list, not both; found {}",
                              statement.head(), describe(statement.tokens[1])));
    return false;
  }
  if (statement.block.empty()) {
    context.error(statement.block_location,
                  fmt::format("{} has an empty list; expected {}", statement.head(), what));
    return false;
  }
  for (const auto& entry : statement.block) {
    if (entry.has_block) {
      context.error(
          entry.block_location,
          fmt::format("unexpected block in the {} list; expected {}", statement.head(), what));
      continue;
    }
    parse(std::span<const syntax::Token>(entry.tokens));
  }
  return true;
}

}  // namespace rc::conf
