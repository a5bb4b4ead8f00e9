// Internal to lib/dns: the pieces of name handling that the message parser
// and the encoder share. Not part of the module's interface (message.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/result.h"
#include "dns/message.h"

namespace rc::dns::detail {

// A name read out of a message.
struct WireName {
  Name text;
  // The offset just after the name where it appears (after its root label
  // or its first compression pointer): where the next field starts.
  std::size_t end = 0;
};

// Compression pointers followed before a name is refused. A name has at
// most 127 labels, so even a compressor that put a pointer before every
// label would need no more.
inline constexpr std::size_t kMaxPointerHops = 127;
inline constexpr std::size_t kMaxLabelLength = 63;
inline constexpr std::size_t kMaxNameLength = 255;  // wire octets, root label included

// Decodes the name that starts at `start` in `message`. Its own labels must
// end before `limit` (the end of the message, or of the rdata holding the
// name); bytes a compression pointer leads to may lie anywhere before
// `start`. The pointer rule: every pointer must point strictly before the
// start of the run of labels it ends (the name's start for the first
// pointer, the previous pointer's target afterwards). Targets therefore
// decrease strictly and no loop can form; kMaxPointerHops bounds the work
// as well. Errors carry the offset and a message without context; the
// caller prefixes where the name sits ("answer 2: name: ").
Result<WireName, ParseError> read_name(std::span<const std::uint8_t> message, std::size_t start,
                                       std::size_t limit);

// Appends one label's bytes in the text form of dns::Name (lower-cased,
// escaped) without the separating dot.
void append_label_text(std::string& out, std::span<const std::uint8_t> label);

}  // namespace rc::dns::detail
