// A whole IKEv2 message (RFC 7296 §3): the header and its chain of
// payloads, decoded and encoded as pure functions. Decryption is not here:
// the SK payload's body stays as received, and once iked has decrypted it,
// parse_payload_chain decodes the payloads inside. What a message must
// contain for its exchange is rules.h's.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "buf/bytes.h"
#include "ikev2/header.h"
#include "ikev2/parse_error.h"
#include "ikev2/payloads.h"

namespace rc::ikev2 {

struct Message {
  Header header;
  std::vector<Payload> payloads;  // in wire order; an SkPayload can only be last

  bool operator==(const Message&) const = default;
};

// One datagram's message (without the non-ESP marker of port 4500). Fails
// on any length that does not add up (see parse_header), a major version
// other than 2 (UnsupportedVersion above, NotIkev2 below: the payloads of
// another version are not ours to read), or a payload that does not
// decode. The chain ends at Next Payload 0 or at an SK payload, whose Next
// Payload names its first inner payload instead; a byte left after that is
// an error (so an SK payload that is not last cannot parse, §3.14).
Result<Message, ParseError> parse_message(std::span<const std::uint8_t> datagram);

// A chain of payloads starting with type `first` that fills `bytes`
// exactly: the plaintext of an SK payload, padding and pad length already
// removed, with `first` its SkPayload::first_inner. Offsets in errors count
// from the start of `bytes`.
Result<std::vector<Payload>, ParseError> parse_payload_chain(PayloadType first,
                                                             std::span<const std::uint8_t> bytes);

// The message's bytes with every Next Payload, length field and substructure
// marker computed from the structs. An SkPayload's body is copied as is, so
// its ICV (the last octets of the message) can be computed over these bytes
// and written in place. Fails on what parse_message would refuse: an SK
// payload that is not last, a value that does not fit its field, or a
// payload the per-payload encoders refuse.
Result<buf::Bytes> encode_message(const Message& message);

// The payload chain alone: the plaintext to put in an SK payload (before
// padding), whose first_inner is first_type(payloads).
Result<buf::Bytes> encode_payload_chain(std::span<const Payload> payloads);

// The type of the first payload, PayloadType::None for an empty chain.
PayloadType first_type(std::span<const Payload> payloads);

}  // namespace rc::ikev2
