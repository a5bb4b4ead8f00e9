// The text form of a name's labels (see dns::Name): what spmd compares with
// the names it watches, so it must be one canonical spelling per name.
#include <array>

#include "dns/name_wire.h"

namespace rc::dns::detail {

namespace {

// What a byte becomes: a kept character (lower-cased), or an escape.
bool kept_as_is(std::uint8_t byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte == '-' || byte == '_';
}

}  // namespace

void append_label_text(std::string& out, std::span<const std::uint8_t> label) {
  for (std::uint8_t byte : label) {
    if (byte >= 'A' && byte <= 'Z') byte = static_cast<std::uint8_t>(byte - 'A' + 'a');
    if (kept_as_is(byte)) {
      out.push_back(static_cast<char>(byte));
    } else if (byte == '.') {
      out.append("\\.");
    } else {
      // \DDD, always three decimal digits, so the form is unambiguous.
      const std::array<char, 4> escape = {'\\', static_cast<char>('0' + byte / 100),
                                          static_cast<char>('0' + byte / 10 % 10),
                                          static_cast<char>('0' + byte % 10)};
      out.append(escape.data(), escape.size());
    }
  }
}

}  // namespace rc::dns::detail
