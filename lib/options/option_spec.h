// OptionSpec: the one definition of a racoon2.conf directive — its name,
// value type, built-in default and help text. The config validator, the
// built-in defaults, `racoon2-config options` and the racoon2.conf(5) table
// are all generated from these rows, so a directive is described once.
#pragma once

#include <span>
#include <string_view>

namespace rc::options {

enum class ValueType {
  Bool,      // on|off|enable|disable|yes|no
  Enum,      // one word of `choices`
  AddrList,  // one address or `{ a; b; }`; address [port N]
  Path,      // a file or socket path, usually quoted
  Number,    // an integer within [min, max]
};

struct OptionSpec {
  std::string_view section;  // top-level block: "interface", "resolver", ...
  std::string_view name;     // directive keyword inside the block
  ValueType type;
  std::string_view default_value;  // as an administrator would write it; empty = none
  std::string_view help;           // one or two sentences for racoon2.conf(5)
  std::span<const std::string_view> choices = {};  // ValueType::Enum only
  long long min = 0;                               // ValueType::Number only
  long long max = 0;
  bool extension = false;  // ours, not in the original racoon2 grammar
};

std::string_view type_name(ValueType type);

}  // namespace rc::options
