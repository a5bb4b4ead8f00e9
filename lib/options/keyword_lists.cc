#include "options/keyword_lists.h"

namespace rc::options {

std::span<const std::string_view> hash_or_integrity_keywords() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> out;
    for (auto word : keywords_of<rct::HashAlg>()) out.push_back(word);
    for (auto word : keywords_of<rct::AuthAlg>()) out.push_back(word);
    return out;
  }();
  return words;
}

}  // namespace rc::options
