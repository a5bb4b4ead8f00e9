#include "conf/text_writer.h"

#include <algorithm>

namespace rc::conf {
namespace {

bool bare_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("%*-./:?@_").find(c) != std::string_view::npos;
}

}  // namespace

void TextWriter::indent() {
  text_.append(static_cast<std::size_t>(depth_), '\t');
}

void TextWriter::statement(std::string_view name, std::string_view value) {
  indent();
  text_ += name;
  if (!value.empty()) {
    text_ += ' ';
    text_ += value;
  }
  text_ += ";\n";
}

void TextWriter::open(std::string_view head) {
  indent();
  text_ += head;
  text_ += " {\n";
  ++depth_;
}

void TextWriter::close() {
  if (depth_ > 0) --depth_;
  indent();
  text_ += "};\n";
}

std::string TextWriter::quote(std::string_view value, bool always) {
  const bool bare =
      !value.empty() && value != "-" && std::all_of(value.begin(), value.end(), bare_char);
  if (bare && !always) return std::string(value);
  std::string out = "\"";
  out += value;
  out += '"';
  return out;
}

}  // namespace rc::conf
