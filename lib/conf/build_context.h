// What every directive parser needs: where to report, which KMP block it is
// in, and helpers that turn tokens into the standard error sentences
// ("nonce_size expects a byte count (N [B|KB|MB|GB] or infinite), found 'x'").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "conf/diagnostics.h"
#include "conf/syntax.h"
#include "rct/types.h"

namespace rc::conf {

struct BuildContext {
  Diagnostics& diagnostics;
  rct::Kmp kmp{};  // set inside ikev1 { }, ikev2 { }, kink { }
  // The option-table section of the block being parsed ("selector",
  // "provide"; KMP blocks use `kmp`), for the "has no effect" warnings.
  std::string_view section = {};

  // Warns when the option table marks the directive as accepted without
  // effect (for this KMP).
  void warn_if_not_implemented(const syntax::Token& directive) const;

  void error(const Location& location, std::string message) const {
    diagnostics.error(location, std::move(message));
  }
  void warning(const Location& location, std::string message) const {
    diagnostics.warning(location, std::move(message));
  }
};

// The tokens after the directive name.
inline std::span<const syntax::Token> arguments(const syntax::Statement& statement) {
  return std::span<const syntax::Token>(statement.tokens).subspan(1);
}

// How a token reads in an error message: 'word', "quoted", ',' or '-'.
std::string describe(const syntax::Token& token);

// "NAME expects WHAT, found X" at the first unexpected token (or at the
// directive when a value is missing, or at the block when one was given).
void expected(const BuildContext& context, const syntax::Statement& statement,
              std::span<const syntax::Token> rest, std::string_view what);

// Exactly one word or quoted string after the name and no block; reports
// and returns nullptr otherwise.
const syntax::Token* single_value(const BuildContext& context, const syntax::Statement& statement,
                                  std::string_view what);

// Calls parse(entry_tokens) for each list entry: either the tokens after
// the name (`name a b;`) or each statement of the block (`name { a b; c; };`).
// The callback reports its own errors. Returns false when the shape itself
// was wrong (reported here).
template <class F>
bool for_each_entry(const BuildContext& context, const syntax::Statement& statement,
                    std::string_view what, F&& parse);

// Parses an unsigned number: decimal, or hex with a 0x prefix.
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

}  // namespace rc::conf

#include "conf/build_context_inl.h"
