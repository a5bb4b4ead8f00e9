// TextWriter: writes racoon2.conf text (the dump), indenting blocks and
// quoting strings so that parsing the output gives the same model back.
#pragma once

#include <string>
#include <string_view>

namespace rc::conf {

class TextWriter {
 public:
  // `name value;`
  void statement(std::string_view name, std::string_view value);
  // `name {` ... `};`
  void open(std::string_view head);
  void close();
  // One list entry inside an open block: `value;`
  void entry(std::string_view value) { statement(value, {}); }

  std::string take() { return std::move(text_); }

  // A string value: bare when every character may appear in a bare word,
  // quoted otherwise (and always quoted when `always` is set, for paths and
  // names that could one day collide with a keyword).
  static std::string quote(std::string_view value, bool always = false);

 private:
  void indent();

  std::string text_;
  int depth_ = 0;
};

}  // namespace rc::conf
