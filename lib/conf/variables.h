// setval variables: `${NAME}` in any quoted string is replaced by the
// setval value (which may itself use ${...}), then `$[NAME]` by the
// environment, after every file has been read -- so a variable may be used
// before the file that defines it is included, as in the original.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conf/diagnostics.h"
#include "conf/model.h"
#include "conf/reader.h"

namespace rc::conf {

// Expansion stops after this many nested ${...} (a loop such as A="${B}",
// B="${A}") and when a result would exceed this size (A="${B}${B}" ...).
inline constexpr int kMaxVariableDepth = 16;
inline constexpr std::size_t kMaxExpandedLength = std::size_t{1} << 16;

class Variables {
 public:
  Variables(const std::vector<SetvalEntry>& setval, EnvironmentLookup environment)
      : setval_(setval), environment_(std::move(environment)) {}

  // The text with every ${NAME} and $[NAME] replaced; reports at `location`.
  std::optional<std::string> expand(std::string_view text, const Location& location,
                                    Diagnostics& diagnostics) const;

 private:
  std::optional<std::string> expand_setval(std::string_view text, const Location& location,
                                           Diagnostics& diagnostics, int depth) const;
  const SetvalEntry* find(std::string_view name) const;

  const std::vector<SetvalEntry>& setval_;
  EnvironmentLookup environment_;
};

}  // namespace rc::conf
