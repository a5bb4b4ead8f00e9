// rcsetkey's command-language parser on arbitrary text: it must return
// commands or an error, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/rcsetkey/command.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto commands = rcsetkey::parse_commands(text, "fuzz");
  (void)commands;
  return 0;
}
