// A name in text form to wire labels (RFC 1035 §3.1), for the queries the
// proxy sends itself. Accepts the text form parse_message produces (with
// \DDD and \X escapes) as well as plain user input, with or without the
// trailing dot; the case is kept as written.
#include <fmt/format.h>

#include "buf/byte_writer.h"
#include "dns/name_wire.h"

namespace rc::dns {

namespace {

Failure<ParseError> bad_name(std::size_t offset, std::string message) {
  return fail(ParseError{ParseErrorKind::BadName, offset, std::move(message)});
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

Result<std::vector<std::uint8_t>, ParseError> encode_name(std::string_view name) {
  if (name.empty()) return bad_name(0, "empty name");
  if (name == ".") return std::vector<std::uint8_t>{0};

  buf::ByteWriter out(name.size() + 2);
  auto length_field = out.reserve_u8();
  std::size_t label_length = 0;
  std::size_t i = 0;
  while (i < name.size()) {
    const std::size_t at = i;
    char c = name[i++];
    if (c == '.') {
      if (label_length == 0) return bad_name(at, fmt::format("empty label at {}", at));
      if (!out.patch(length_field, label_length)) return bad_name(at, "label length");
      length_field = out.reserve_u8();
      label_length = 0;
      continue;
    }
    std::uint8_t byte = static_cast<std::uint8_t>(c);
    if (c == '\\') {
      if (i == name.size()) return bad_name(at, fmt::format("escape at {} ends the name", at));
      if (is_digit(name[i])) {
        if (i + 3 > name.size() || !is_digit(name[i + 1]) || !is_digit(name[i + 2])) {
          return bad_name(at, fmt::format("escape at {} needs three digits", at));
        }
        const unsigned value = static_cast<unsigned>(name[i] - '0') * 100 +
                               static_cast<unsigned>(name[i + 1] - '0') * 10 +
                               static_cast<unsigned>(name[i + 2] - '0');
        if (value > 255) return bad_name(at, fmt::format("escape at {} is over 255", at));
        byte = static_cast<std::uint8_t>(value);
        i += 3;
      } else {
        byte = static_cast<std::uint8_t>(name[i++]);
      }
    }
    if (++label_length > detail::kMaxLabelLength) {
      return bad_name(
          at, fmt::format("label longer than {} octets at {}", detail::kMaxLabelLength, at));
    }
    out.u8(byte);
  }
  if (label_length != 0) {
    if (!out.patch(length_field, label_length)) return bad_name(name.size(), "label length");
    out.u8(0);
  }
  // Otherwise the text ended with its dot, and the length field reserved
  // after it, still zero, is the root label.
  if (out.size() > detail::kMaxNameLength) {
    return bad_name(name.size(), fmt::format("name longer than {} octets", detail::kMaxNameLength));
  }
  return out.take();
}

}  // namespace rc::dns
