// The syntax tree: racoon2.conf as the grammar sees it, before any directive
// is understood. Every statement is a run of tokens ended by ';', or a run of
// tokens followed by a `{ ... }` block and ';'. Sections (`remote NAME {`),
// directives (`nonce_size 16 B;`) and list entries (`MY_IP port 500;`) all
// have this one shape; the builder (build_*.cc) gives them meaning.
//
// Keeping the grammar structural is what lets an old file use any word --
// including words we added later, such as `key_engine` -- as an index name:
// a word is a keyword only where the builder expects one.
#pragma once

#include <string>
#include <vector>

#include "conf/location.h"

namespace rc::conf::syntax {

enum class TokenKind {
  Word,    // bare: [0-9A-Za-z%*-./:?@_]+
  Quoted,  // "..." (text without the quotes; never a keyword)
  Comma,   // ',' in algorithm specs: aes128_cbc,128
  Dash,    // a lone '-' in address pool ranges
};

struct Token {
  TokenKind kind = TokenKind::Word;
  std::string text;
  Location location;

  [[nodiscard]] bool is_word(std::string_view word) const {
    return kind == TokenKind::Word && text == word;
  }
  // A word or a quoted string: anything that carries a value.
  [[nodiscard]] bool is_text() const {
    return kind == TokenKind::Word || kind == TokenKind::Quoted;
  }
};

struct Statement {
  std::vector<Token> tokens;     // never empty
  bool has_block = false;        // `tokens { block };` rather than `tokens;`
  std::vector<Statement> block;  // the statements inside the braces
  Location block_location;       // of the '{'

  [[nodiscard]] const Location& location() const { return tokens.front().location; }
  [[nodiscard]] const std::string& head() const { return tokens.front().text; }
};

}  // namespace rc::conf::syntax
