// parse_header / encode_header: RFC 7296 §3.1.
#include "ikev2/header.h"

#include <fmt/format.h>

#include "buf/byte_reader.h"

namespace rc::ikev2 {
namespace {

// §3.1 Flags: X X R V I X X X, bit 0 the most significant.
constexpr std::uint8_t kFlagResponse = 0x20;
constexpr std::uint8_t kFlagVersion = 0x10;
constexpr std::uint8_t kFlagInitiator = 0x08;
constexpr std::uint8_t kNibble = 0x0F;

}  // namespace

Result<WireHeader, ParseError> parse_header(std::span<const std::uint8_t> datagram) {
  buf::ByteReader reader(datagram);
  const auto spi_i = reader.u64();
  const auto spi_r = reader.u64();
  const auto next = reader.u8();
  const auto version = reader.u8();
  const auto exchange = reader.u8();
  const auto flags = reader.u8();
  const auto message_id = reader.u32();
  const auto length = reader.u32();
  if (!length) {
    return fail(ParseError{ParseErrorKind::Truncated, datagram.size(),
                           fmt::format("{} bytes, shorter than the {}-byte IKE header",
                                       datagram.size(), kHeaderSize)});
  }
  constexpr std::size_t kLengthOffset = 24;
  if (*length < kHeaderSize) {
    return fail(
        ParseError{ParseErrorKind::BadLength, kLengthOffset,
                   fmt::format("header length {} is shorter than the header itself", *length)});
  }
  if (*length > datagram.size()) {
    return fail(ParseError{
        ParseErrorKind::Truncated, datagram.size(),
        fmt::format("header length {} but the datagram has {} bytes", *length, datagram.size())});
  }
  if (*length < datagram.size()) {
    return fail(ParseError{
        ParseErrorKind::TrailingBytes, *length,
        fmt::format("{} bytes after the message's length {}", datagram.size() - *length, *length)});
  }

  WireHeader wire;
  Header& header = wire.header;
  header.initiator_spi = *spi_i;
  header.responder_spi = *spi_r;
  header.major_version = static_cast<std::uint8_t>(*version >> 4U);
  header.minor_version = static_cast<std::uint8_t>(*version & kNibble);
  header.exchange = static_cast<ExchangeType>(*exchange);
  header.initiator = (*flags & kFlagInitiator) != 0;
  header.higher_version = (*flags & kFlagVersion) != 0;
  header.response = (*flags & kFlagResponse) != 0;
  header.message_id = *message_id;
  wire.first_payload = static_cast<PayloadType>(*next);
  wire.length = *length;
  return wire;
}

Result<void> encode_header(buf::ByteWriter& out, const Header& header, PayloadType first_payload,
                           std::uint32_t length) {
  if (header.major_version > kNibble || header.minor_version > kNibble) {
    return fail(Error::invalid(fmt::format("IKE version {}.{} does not fit the header",
                                           header.major_version, header.minor_version)));
  }
  std::uint8_t flags = 0;
  if (header.initiator) flags |= kFlagInitiator;
  if (header.higher_version) flags |= kFlagVersion;
  if (header.response) flags |= kFlagResponse;
  out.u64(header.initiator_spi)
      .u64(header.responder_spi)
      .u8(static_cast<std::uint8_t>(first_payload))
      .u8(static_cast<std::uint8_t>((header.major_version << 4U) | header.minor_version))
      .u8(static_cast<std::uint8_t>(header.exchange))
      .u8(flags)
      .u32(header.message_id)
      .u32(length);
  return ok();
}

}  // namespace rc::ikev2
