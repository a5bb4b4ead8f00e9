// parse_sa: the SA payload (RFC 7296 §3.3) with its three levels of
// nesting. Each level has its own length field, and each must hold what it
// claims: a proposal inside the SA body, a transform inside its proposal,
// attributes inside their transform. The "last substructure" markers and
// the transform counts must agree with what the lengths contain, so the
// two ways of finding the end of a list (marker, count) cannot disagree.
#include <fmt/format.h>

#include "buf/byte_reader.h"
#include "ikev2/payload_codec.h"

namespace rc::ikev2::detail {
namespace {

// Reads a body whose first byte sits at `base` in the caller's bytes.
struct Cursor {
  buf::ByteReader reader;
  std::size_t base;

  [[nodiscard]] std::size_t at() const { return base + reader.offset(); }
};

Result<void, ParseError> parse_attributes(Cursor cursor, std::vector<TransformAttribute>& out) {
  bool have_key_length = false;
  while (!cursor.reader.empty()) {
    const std::size_t start = cursor.at();
    const auto word = cursor.reader.u16();
    const auto second = cursor.reader.u16();
    if (!word || !second) {
      return fail(parse_error(ParseErrorKind::Truncated, start,
                              fmt::format("transform attribute at {} is cut short", start)));
    }
    TransformAttribute attribute;
    attribute.type = static_cast<std::uint16_t>(*word & kAttributeTypeMask);
    attribute.tv = (*word & kAttributeTv) != 0;
    if (attribute.tv) {
      attribute.value = *second;
    } else {
      const auto data = cursor.reader.bytes(*second);
      if (!data) {
        return fail(
            parse_error(ParseErrorKind::BadLength, start,
                        fmt::format("transform attribute at {}: length {} runs past its transform",
                                    start, *second)));
      }
      attribute.data.assign(data->begin(), data->end());
    }
    if (attribute.type == kAttributeKeyLength) {
      if (!attribute.tv) {
        return fail(parse_error(
            ParseErrorKind::BadField, start,
            fmt::format("Key Length attribute at {} is in TLV form; §3.3.5 makes it TV", start)));
      }
      if (have_key_length) {
        return fail(parse_error(ParseErrorKind::BadField, start,
                                fmt::format("second Key Length attribute at {}", start)));
      }
      have_key_length = true;
    }
    out.push_back(std::move(attribute));
  }
  return {};
}

Result<Transform, ParseError> parse_transform(Cursor& proposal, bool last) {
  const std::size_t start = proposal.at();
  const auto marker = proposal.reader.u8();
  const bool reserved_read = proposal.reader.skip(1);
  const auto length = proposal.reader.u16();
  if (!marker || !reserved_read || !length) {
    return fail(parse_error(ParseErrorKind::Truncated, start,
                            fmt::format("transform at {} is cut short", start)));
  }
  const std::uint8_t expected = last ? kLastSubstructure : kMoreTransforms;
  if (*marker != expected) {
    return fail(
        parse_error(ParseErrorKind::BadField, start,
                    fmt::format("transform at {} has last-substructure {} where the count says {}",
                                start, *marker, expected)));
  }
  if (*length < kTransformHeaderSize) {
    return fail(parse_error(
        ParseErrorKind::BadLength, start,
        fmt::format("transform at {} has length {}, less than its header", start, *length)));
  }
  auto body = proposal.reader.sub(std::size_t{*length} - 4);
  if (!body) {
    return fail(parse_error(
        ParseErrorKind::BadLength, start,
        fmt::format("transform at {}: length {} runs past its proposal", start, *length)));
  }
  Cursor cursor{*body, start + 4};
  const auto type = cursor.reader.u8();
  cursor.reader.skip(1);
  const auto id = cursor.reader.u16();
  if (!type || !id) {
    return fail(parse_error(ParseErrorKind::Truncated, start,
                            fmt::format("transform at {} is cut short", start)));
  }
  Transform transform;
  transform.type = static_cast<TransformType>(*type);
  transform.id = *id;
  auto attributes = parse_attributes(cursor, transform.attributes);
  if (!attributes) return fail(std::move(attributes).error());
  return transform;
}

Result<Proposal, ParseError> parse_proposal(Cursor cursor, std::size_t start) {
  const auto number = cursor.reader.u8();
  const auto protocol = cursor.reader.u8();
  const auto spi_size = cursor.reader.u8();
  const auto count = cursor.reader.u8();
  if (!number || !protocol || !spi_size || !count) {
    return fail(parse_error(ParseErrorKind::Truncated, start,
                            fmt::format("proposal at {} is cut short", start)));
  }
  Proposal proposal;
  proposal.number = *number;
  proposal.protocol = static_cast<ProtocolId>(*protocol);
  if (!proposal_spi_size_ok(proposal.protocol, *spi_size)) {
    return fail(parse_error(
        ParseErrorKind::BadField, start,
        fmt::format("proposal at {}: SPI size {} for protocol {}", start, *spi_size, *protocol)));
  }
  const auto spi = cursor.reader.bytes(*spi_size);
  if (!spi) {
    return fail(parse_error(
        ParseErrorKind::BadLength, start,
        fmt::format("proposal at {}: SPI of {} octets runs past the proposal", start, *spi_size)));
  }
  proposal.spi.assign(spi->begin(), spi->end());
  // The count is believed only as far as the bytes go (8 octets a transform).
  if (std::size_t{*count} * kTransformHeaderSize > cursor.reader.remaining()) {
    return fail(parse_error(ParseErrorKind::BadLength, start,
                            fmt::format("proposal at {} counts {} transforms in {} octets", start,
                                        *count, cursor.reader.remaining())));
  }
  proposal.transforms.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) {
    auto transform = parse_transform(cursor, i + 1 == *count);
    if (!transform) return fail(std::move(transform).error());
    proposal.transforms.push_back(std::move(*transform));
  }
  if (!cursor.reader.empty()) {
    return fail(parse_error(ParseErrorKind::TrailingBytes, cursor.at(),
                            fmt::format("proposal at {}: {} octets after its {} transforms", start,
                                        cursor.reader.remaining(), *count)));
  }
  return proposal;
}

}  // namespace

Result<SaPayload, ParseError> parse_sa(std::span<const std::uint8_t> body, std::size_t offset) {
  Cursor cursor{buf::ByteReader(body), offset};
  SaPayload sa;
  if (cursor.reader.empty()) {
    return fail(parse_error(ParseErrorKind::BadField, offset, "SA payload without a proposal"));
  }
  while (!cursor.reader.empty()) {
    const std::size_t start = cursor.at();
    const auto marker = cursor.reader.u8();
    const bool reserved_read = cursor.reader.skip(1);
    const auto length = cursor.reader.u16();
    if (!marker || !reserved_read || !length) {
      return fail(parse_error(ParseErrorKind::Truncated, start,
                              fmt::format("proposal at {} is cut short", start)));
    }
    if (*length < kProposalHeaderSize) {
      return fail(parse_error(
          ParseErrorKind::BadLength, start,
          fmt::format("proposal at {} has length {}, less than its header", start, *length)));
    }
    auto inner = cursor.reader.sub(std::size_t{*length} - 4);
    if (!inner) {
      return fail(parse_error(
          ParseErrorKind::BadLength, start,
          fmt::format("proposal at {}: length {} runs past the SA payload", start, *length)));
    }
    const bool last = cursor.reader.empty();
    const std::uint8_t expected = last ? kLastSubstructure : kMoreProposals;
    if (*marker != expected) {
      return fail(parse_error(
          ParseErrorKind::BadField, start,
          fmt::format("proposal at {} has last-substructure {}, expected {} ({})", start, *marker,
                      expected, last ? "it ends the SA payload" : "more proposals follow")));
    }
    auto proposal = parse_proposal(Cursor{*inner, start + 4}, start);
    if (!proposal) return fail(std::move(proposal).error());
    sa.proposals.push_back(std::move(*proposal));
  }
  return sa;
}

}  // namespace rc::ikev2::detail
