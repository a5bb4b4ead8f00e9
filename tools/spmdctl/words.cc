#include "tools/spmdctl/words.h"

#include <strings.h>

#include <vector>

#include <fmt/format.h>

namespace spmdctl {
namespace {

bool is_prefix_of(std::string_view typed, std::string_view keyword) {
  return !typed.empty() && typed.size() <= keyword.size() &&
         ::strncasecmp(typed.data(), keyword.data(), typed.size()) == 0;
}

// The candidates `typed` matches in `keywords`; an exact match alone when
// there is one.
std::vector<std::size_t> candidates(std::string_view typed,
                                    std::span<const std::string_view> keywords) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    if (!is_prefix_of(typed, keywords[i])) continue;
    if (typed.size() == keywords[i].size()) return {i};
    found.push_back(i);
  }
  return found;
}

}  // namespace

std::string or_list(std::span<const std::string_view> words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i != 0) text += i + 1 == words.size() ? " or " : ", ";
    text += words[i];
  }
  return text;
}

rc::Result<std::size_t> match_word(std::string_view typed,
                                   std::span<const std::string_view> keywords,
                                   std::string_view what,
                                   std::span<const std::string_view> hidden) {
  const std::vector<std::size_t> visible = candidates(typed, keywords);
  if (visible.size() == 1) return visible.front();
  if (visible.size() > 1) {
    std::vector<std::string_view> names;
    names.reserve(visible.size());
    for (const std::size_t i : visible) names.push_back(keywords[i]);
    return rc::fail(
        rc::Error::invalid(fmt::format("ambiguous {} '{}': {}", what, typed, or_list(names))));
  }
  const std::vector<std::size_t> aliases = candidates(typed, hidden);
  if (aliases.size() == 1) return keywords.size() + aliases.front();
  return rc::fail(rc::Error::invalid(
      fmt::format("unknown {} '{}' (expected {})", what, typed, or_list(keywords))));
}

}  // namespace spmdctl
