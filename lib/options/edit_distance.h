// Edit distance for "did you mean" hints in configuration errors.
#pragma once

#include <cstddef>
#include <string_view>

namespace rc::options {

// Optimal-string-alignment distance: insertions, deletions, substitutions
// and transpositions of neighbours each cost 1 (typos are mostly these).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace rc::options
