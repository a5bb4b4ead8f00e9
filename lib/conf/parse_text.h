// Text -> syntax tree for one file (no includes; the reader splices those).
// Implemented in grammar.yy (Bison lalr1.cc) and lexer.l (Flex); only this
// header is hand-written, so no hand-written file includes generated code.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conf/diagnostics.h"
#include "conf/syntax.h"

namespace rc::conf {

// Blocks nest at most this deep: the language needs 5 (default > remote >
// ikev2 > provide > dns list), and a bound keeps the tree's recursive passes
// safe from hostile input.
inline constexpr std::size_t kMaxBlockDepth = 16;
// The largest text parse_text accepts (the reader refuses bigger files).
inline constexpr std::size_t kMaxParseSize = std::size_t{64} << 20;

// Parses `text` (the content of `file`). Syntax errors go to `diagnostics`;
// the statements parsed before and after a recoverable error are returned
// so later passes can report their problems too.
std::vector<syntax::Statement> parse_text(std::string_view text,
                                          std::shared_ptr<const std::string> file,
                                          Diagnostics& diagnostics);

}  // namespace rc::conf
