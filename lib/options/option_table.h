// Access to the option table: lookups by section and name, the list of
// sections, and "did you mean" suggestions for misspelt directives.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "options/option_spec.h"

namespace rc::options {

// Every row, in the order racoon2.conf(5) documents them.
std::span<const OptionSpec> all();

// The rows of one section (empty when the section is unknown).
std::vector<const OptionSpec*> in_section(std::string_view section);

// The row for section.name, or nullptr.
const OptionSpec* find(std::string_view section, std::string_view name);

// Sections that have rows, in table order, without repeats.
std::vector<std::string_view> sections();

// The closest known directive of `section` to a misspelt `name`, if one is
// close enough to be a plausible typo.
std::optional<std::string_view> suggest(std::string_view section, std::string_view name);

}  // namespace rc::options
