#include "conf/variables.h"

#include <fmt/format.h>

namespace rc::conf {

const SetvalEntry* Variables::find(std::string_view name) const {
  for (const auto& entry : setval_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::optional<std::string> Variables::expand_setval(std::string_view text, const Location& location,
                                                    Diagnostics& diagnostics, int depth) const {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto start = text.find("${", pos);
    if (start == std::string_view::npos) break;
    out.append(text.substr(pos, start - pos));
    const auto close = text.find('}', start + 2);
    if (close == std::string_view::npos) {
      diagnostics.error(location,
                        fmt::format("unterminated ${{ in \"{}\"; expected ${{NAME}}", text));
      return std::nullopt;
    }
    const std::string_view name = text.substr(start + 2, close - start - 2);
    const SetvalEntry* entry = find(name);
    if (entry == nullptr) {
      diagnostics.error(location,
                        fmt::format("undefined variable ${{{}}}; expected a name from the setval "
                                    "section",
                                    name));
      return std::nullopt;
    }
    if (depth >= kMaxVariableDepth) {
      diagnostics.error(location, fmt::format("variable ${{{}}} expands more than {} levels deep "
                                              "(does it refer to itself?)",
                                              name, kMaxVariableDepth));
      return std::nullopt;
    }
    // An inner level stops silently when the result grows too large, so
    // the one error quotes the text written where the error is reported,
    // not some setval value deep inside it.
    const std::size_t errors_before = diagnostics.error_count();
    auto value = expand_setval(entry->value, location, diagnostics, depth + 1);
    if (value) out += *value;
    if (!value || out.size() > kMaxExpandedLength) {
      if (depth == 0 && diagnostics.error_count() == errors_before) {
        diagnostics.error(location, fmt::format("\"{}\" expands to more than {} KiB", text,
                                                kMaxExpandedLength >> 10));
      }
      return std::nullopt;
    }
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

std::optional<std::string> Variables::expand(std::string_view text, const Location& location,
                                             Diagnostics& diagnostics) const {
  if (text.find('$') == std::string_view::npos) return std::string(text);
  auto expanded = expand_setval(text, location, diagnostics, 0);
  if (!expanded) return std::nullopt;
  return expand_environment(*expanded, location, environment_, diagnostics);
}

}  // namespace rc::conf
