// The text of a hex dump, as a list of lines: offset, 16 bytes in hex, and
// the same bytes as ASCII ('.' for anything unprintable). log::hexdump()
// prints these lines; they are separate so the layout can be tested alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rc::log {

// Dumps longer than this show their first kMaxHexdumpBytes and a line saying
// how many bytes were left out: large enough for any IKE or KINK message.
inline constexpr std::size_t kMaxHexdumpBytes = 65536;

// "label (N bytes):" then lines such as
// "0000: 01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10  |................|".
std::vector<std::string> hexdump_lines(std::string_view label, std::span<const std::uint8_t> data);

}  // namespace rc::log
