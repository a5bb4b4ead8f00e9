// How spmdctl reads its command words: as the original, case-insensitively
// and by prefix (`p s` is `policy show`). Unlike the original, which took
// the first keyword a prefix happened to match, an ambiguous prefix is an
// error that lists the candidates, so `policy delete S t ...` cannot quietly
// mean transport when the user meant tunnel.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace spmdctl {

// The index in `keywords` of the one keyword `typed` is a prefix of (an
// exact match wins over longer keywords it is also a prefix of). When no
// visible keyword matches, `hidden` aliases are tried the same way; their
// index is reported after the visible ones (keywords.size() + i), so a
// hidden alias never makes a visible word ambiguous.
//
// Errors (code 0), with `what` naming the slot ("command", "ns command"):
//   "unknown ns command 'x' (expected add, delete or list)"
//   "ambiguous command 'p': policy or ping"
rc::Result<std::size_t> match_word(std::string_view typed,
                                   std::span<const std::string_view> keywords,
                                   std::string_view what,
                                   std::span<const std::string_view> hidden = {});

// "a", "a or b", "a, b or c".
std::string or_list(std::span<const std::string_view> words);

}  // namespace spmdctl
