// The IKE header (RFC 7296 §3.1): the 28 octets before the first payload.
// parse_header is what iked reads first to find the IKE SA a datagram belongs
// to; the payloads are parse_message's (message.h).
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "buf/byte_writer.h"
#include "ikev2/constants.h"
#include "ikev2/parse_error.h"

namespace rc::ikev2 {

// What the header says about the message. The first payload type and the
// length are not here: the encoder computes them (see WireHeader).
struct Header {
  std::uint64_t initiator_spi = 0;
  std::uint64_t responder_spi = 0;
  std::uint8_t major_version = kMajorVersion;  // 4 bits
  std::uint8_t minor_version = 0;              // 4 bits; sent as 0, ignored on receipt
  ExchangeType exchange = ExchangeType::IkeSaInit;
  bool initiator = false;       // I: sent by the original initiator of the IKE SA
  bool higher_version = false;  // V: the sender could speak a higher major version
  bool response = false;        // R
  std::uint32_t message_id = 0;

  bool operator==(const Header&) const = default;
};

// The header with the two fields that describe the bytes after it.
struct WireHeader {
  Header header;
  PayloadType first_payload = PayloadType::None;  // the header's Next Payload
  std::uint32_t length = 0;                       // of the whole message
};

// The header of one datagram's IKE message (without the 4-octet non-ESP
// marker of port 4500, which the caller strips). Fails when the datagram
// is shorter than 28 octets or its length field is not exactly the
// datagram's size: one UDP datagram carries one message (§2), and bytes
// outside every length field would be outside the integrity check too.
// Any major version parses; rules.h's check_header judges it.
Result<WireHeader, ParseError> parse_header(std::span<const std::uint8_t> datagram);

// Appends the 28 octets. The flag bits other than I, V and R are sent as 0
// (§3.1). Fails only for a version that does not fit its 4 bits.
Result<void> encode_header(buf::ByteWriter& out, const Header& header, PayloadType first_payload,
                           std::uint32_t length);

}  // namespace rc::ikev2
