// Access to the option table: lookups by section and name, the list of
// sections, "did you mean" suggestions for misspelt directives, and the
// per-KMP built-in defaults and gaps of the "kmp" rows.
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

// Where IKEv1's or kinkd's built-in default differs from a "kmp" row's.
std::span<const KmpDefault> kmp_defaults();

// The built-in default of `row` for `kmp` ("ikev1", "ikev2", "kink"): the
// override of kmp_defaults() if there is one, else row.default_value.
std::string_view default_for(std::string_view kmp, const OptionSpec& row);

// "kmp" rows that one KMP accepts without implementing them.
std::span<const KmpGap> kmp_gaps();

// Why `row` has no effect under `kmp`; empty when it works. A row's own
// not_implemented applies to every KMP; kmp_gaps() adds per-KMP reasons.
std::string_view not_implemented_for(std::string_view kmp, const OptionSpec& row);

}  // namespace rc::options
