// Checks one scalar value against its OptionSpec. Addresses, lists, paths
// and strings are checked by the config parser with the addr and safefile
// modules.
#pragma once

#include <string_view>

#include "base/result.h"
#include "options/option_spec.h"

namespace rc::options {

// on|enable|yes -> true, off|disable|no -> false, as the original lexer.
Result<bool> parse_bool(std::string_view word);

// Ok when `word` is acceptable for `spec` (Bool, Enum, Number, Time, Bytes
// — "30 sec" — and a bare Protocol); the error names the directive and what
// was expected.
Result<void> check_scalar(const OptionSpec& spec, std::string_view word);

}  // namespace rc::options
