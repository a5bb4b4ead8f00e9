// Internal to lib/ikev2: the per-payload decoders and encoders that
// message.cc chains together. A payload's body is everything after its
// 4-octet generic header (RFC 7296 §3.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "base/result.h"
#include "buf/byte_writer.h"
#include "ikev2/parse_error.h"
#include "ikev2/payloads.h"

namespace rc::ikev2::detail {

// `offset` is where `body` starts in the bytes the caller is parsing, so
// errors can point into them. `next` is the payload's Next Payload field
// (the SK payload keeps it as the type of its first inner payload).
Result<Payload, ParseError> parse_payload_body(PayloadType type, bool critical, PayloadType next,
                                               std::span<const std::uint8_t> body,
                                               std::size_t offset);
Result<SaPayload, ParseError> parse_sa(std::span<const std::uint8_t> body, std::size_t offset);

// Appends a payload's body. Refuses what the parser would refuse, so what
// iked sends always parses.
Result<void> encode_payload_body(buf::ByteWriter& out, const Payload& payload);
Result<void> encode_sa(buf::ByteWriter& out, const SaPayload& sa);

// §3.3.1: a proposal's SPI is 0 octets for the IKE SA of IKE_SA_INIT, 8
// when an IKE SA is rekeyed, 4 for AH and ESP; unknown protocols keep any
// size (the responder just will not choose them).
constexpr bool proposal_spi_size_ok(ProtocolId protocol, std::size_t size) {
  switch (protocol) {
    case ProtocolId::Ike:
      return size == 0 || size == kIkeSpiSize;
    case ProtocolId::Ah:
    case ProtocolId::Esp:
      return size == kChildSpiSize;
    default:
      return true;
  }
}

// §3.11: deleting an IKE SA names no SPI, AH and ESP SPIs are 4 octets.
constexpr bool delete_spi_size_ok(ProtocolId protocol, std::size_t size) {
  switch (protocol) {
    case ProtocolId::Ike:
      return size == 0;
    case ProtocolId::Ah:
    case ProtocolId::Esp:
      return size == kChildSpiSize;
    default:
      return true;
  }
}

// §3.3.1 and §3.3.2 "Last Substruc" values.
inline constexpr std::uint8_t kLastSubstructure = 0;
inline constexpr std::uint8_t kMoreProposals = 2;
inline constexpr std::uint8_t kMoreTransforms = 3;
inline constexpr std::size_t kProposalHeaderSize = 8;
inline constexpr std::size_t kTransformHeaderSize = 8;
// §3.3.5 Attribute Format bit: 1 = TV.
inline constexpr std::uint16_t kAttributeTv = 0x8000;
inline constexpr std::uint16_t kAttributeTypeMask = 0x7FFF;

inline ParseError parse_error(ParseErrorKind kind, std::size_t offset, std::string message) {
  return ParseError{kind, offset, std::move(message)};
}

}  // namespace rc::ikev2::detail
