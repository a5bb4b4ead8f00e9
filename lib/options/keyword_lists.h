// The `choices` of option rows, taken from the rct name tables so that a
// keyword added there is accepted and documented here without a second list.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "rct/names.h"

namespace rc::options {

// Every config word of E: its keywords in table order, then its aliases
// (`bypass` for none). Values the config cannot name are left out.
template <class E>
std::span<const std::string_view> keywords_of() {
  static const std::vector<std::string_view> words = [] {
    std::vector<std::string_view> out;
    for (const auto& row : rct::name_rows(E{})) {
      if (!row.keyword.empty()) out.push_back(row.keyword);
    }
    for (const auto& alias : rct::alias_rows(E{})) out.push_back(alias.keyword);
    return out;
  }();
  return words;
}

// kmp_hash_alg: IKEv1 names a hash (md5, sha2_256), IKEv2 an integrity
// algorithm (hmac_sha1, aes_xcbc); one directive serves both.
std::span<const std::string_view> hash_or_integrity_keywords();

}  // namespace rc::options
