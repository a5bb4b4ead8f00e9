// Reading a (possibly compressed) name out of a message, RFC 1035 §3.1 and
// §4.1.4, with the loop-proof pointer rule described in name_wire.h.
#include <fmt/format.h>

#include "buf/byte_reader.h"
#include "dns/name_wire.h"

namespace rc::dns::detail {

namespace {

constexpr std::uint8_t kLabelTypeMask = 0xC0;
constexpr std::uint8_t kPointerType = 0xC0;
constexpr std::uint8_t kPointerHighMask = 0x3F;  // the top 6 bits of the 14-bit offset

ParseError name_error(ParseErrorKind kind, std::size_t offset, std::string message) {
  return ParseError{kind, offset, std::move(message)};
}

}  // namespace

Result<WireName, ParseError> read_name(std::span<const std::uint8_t> message, std::size_t start,
                                       std::size_t limit) {
  if (limit > message.size()) limit = message.size();
  WireName out;
  out.text.reserve(32);
  std::size_t pos = start;
  // The current run of labels began here; a pointer must point before it.
  std::size_t run_start = start;
  // The labels being read are the name's own (before any pointer): their
  // end is where the next field starts, and they must stay within `limit`.
  bool in_place = true;
  std::size_t end_of_run = limit;
  std::size_t wire_length = 0;
  std::size_t hops = 0;

  for (;;) {
    buf::ByteReader reader(message.first(end_of_run));
    if (!reader.skip(pos)) {
      return fail(name_error(ParseErrorKind::Truncated, pos,
                             fmt::format("label at {} starts past the end", pos)));
    }
    const auto first = reader.u8();
    if (!first) {
      return fail(name_error(ParseErrorKind::Truncated, pos,
                             fmt::format("name runs past the end at {}", pos)));
    }
    const std::uint8_t type = *first & kLabelTypeMask;
    if (type == kPointerType) {
      const auto low = reader.u8();
      if (!low) {
        return fail(name_error(ParseErrorKind::Truncated, pos,
                               fmt::format("compression pointer at {} cut short", pos)));
      }
      const std::size_t target = (static_cast<std::size_t>(*first & kPointerHighMask) << 8U) | *low;
      if (target >= pos) {
        return fail(name_error(
            ParseErrorKind::PointerLoop, pos,
            target == pos
                ? fmt::format("compression pointer at {} points to itself", pos)
                : fmt::format("compression pointer at {} points forward to {}", pos, target)));
      }
      if (target >= run_start) {
        return fail(name_error(ParseErrorKind::PointerLoop, pos,
                               fmt::format("compression pointer at {} points to {}, not before "
                                           "the labels it ends (from {})",
                                           pos, target, run_start)));
      }
      if (target < kHeaderSize) {
        return fail(name_error(
            ParseErrorKind::BadName, pos,
            fmt::format("compression pointer at {} points into the header ({})", pos, target)));
      }
      if (++hops > kMaxPointerHops) {
        return fail(name_error(ParseErrorKind::PointerLoop, pos,
                               fmt::format("more than {} compression pointers", kMaxPointerHops)));
      }
      if (in_place) {
        out.end = pos + 2;
        in_place = false;
        // Bytes reached through a pointer are earlier parts of the message;
        // only the message's end bounds them.
        end_of_run = message.size();
      }
      pos = target;
      run_start = target;
      continue;
    }
    if (type != 0) {
      return fail(name_error(ParseErrorKind::BadName, pos,
                             fmt::format("reserved label type 0x{:02x} at {}", type, pos)));
    }
    const std::size_t length = *first;
    wire_length += 1 + length;
    if (wire_length > kMaxNameLength) {
      return fail(name_error(ParseErrorKind::BadName, pos,
                             fmt::format("name longer than {} octets at {}", kMaxNameLength, pos)));
    }
    if (length == 0) {
      if (in_place) out.end = pos + 1;
      if (out.text.empty()) out.text.push_back('.');
      return out;
    }
    const auto label = reader.bytes(length);
    if (!label) {
      return fail(name_error(ParseErrorKind::Truncated, pos,
                             fmt::format("label of {} octets at {} runs past the end at {}", length,
                                         pos, end_of_run)));
    }
    append_label_text(out.text, *label);
    out.text.push_back('.');
    pos += 1 + length;
  }
}

}  // namespace rc::dns::detail
