// parse_message / parse_payload_chain / encode_message: the generic payload
// header (RFC 7296 §3.2) that links payloads into a chain, around the
// per-payload codecs of payload_parse.cc and payload_encode.cc.
#include "ikev2/message.h"

#include <limits>

#include <fmt/format.h>

#include "buf/byte_reader.h"
#include "ikev2/payload_codec.h"

namespace rc::ikev2 {
namespace {

constexpr std::uint8_t kCriticalBit = 0x80;

// `base` is where `bytes` starts in what the caller parses.
Result<std::vector<Payload>, ParseError> parse_chain(PayloadType first,
                                                     std::span<const std::uint8_t> bytes,
                                                     std::size_t base) {
  std::vector<Payload> payloads;
  buf::ByteReader reader(bytes);
  PayloadType type = first;
  while (type != PayloadType::None) {
    const std::size_t start = base + reader.offset();
    const auto next = reader.u8();
    const auto flags = reader.u8();
    const auto length = reader.u16();
    if (!next || !flags || !length) {
      return fail(
          detail::parse_error(ParseErrorKind::Truncated, start,
                              fmt::format("{} payload at {}: the chain ends before its header",
                                          to_string(type), start)));
    }
    if (*length < kPayloadHeaderSize) {
      return fail(
          detail::parse_error(ParseErrorKind::BadLength, start,
                              fmt::format("{} payload at {} has length {}, less than its header",
                                          to_string(type), start, *length)));
    }
    const auto body = reader.bytes(std::size_t{*length} - kPayloadHeaderSize);
    if (!body) {
      return fail(detail::parse_error(
          ParseErrorKind::BadLength, start,
          fmt::format("{} payload at {}: length {} runs past the end ({} octets left)",
                      to_string(type), start, *length, reader.remaining() + kPayloadHeaderSize)));
    }
    const bool critical = (*flags & kCriticalBit) != 0;
    const auto next_type = static_cast<PayloadType>(*next);
    auto payload =
        detail::parse_payload_body(type, critical, next_type, *body, start + kPayloadHeaderSize);
    if (!payload) return fail(std::move(payload).error());
    payloads.push_back(std::move(*payload));
    // The SK payload's Next Payload is the first payload inside it.
    type = type == PayloadType::Sk ? PayloadType::None : next_type;
  }
  if (!reader.empty()) {
    const bool after_sk = !payloads.empty() && payload_type(payloads.back()) == PayloadType::Sk;
    return fail(detail::parse_error(
        ParseErrorKind::TrailingBytes, base + reader.offset(),
        fmt::format("{} octets after the {} at {}", reader.remaining(),
                    after_sk ? "SK payload, which must be last (RFC 7296 §3.14)" : "last payload",
                    base + reader.offset())));
  }
  return payloads;
}

Result<void> encode_chain(buf::ByteWriter& out, std::span<const Payload> payloads) {
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const Payload& payload = payloads[i];
    const bool last = i + 1 == payloads.size();
    PayloadType next = last ? PayloadType::None : payload_type(payloads[i + 1]);
    if (const auto* sk = std::get_if<SkPayload>(&payload)) {
      if (!last) {
        return fail(Error::invalid("the SK payload must be the last payload (RFC 7296 §3.14)"));
      }
      next = sk->first_inner;
    }
    const auto* unknown = std::get_if<UnknownPayload>(&payload);
    const bool critical = unknown != nullptr && unknown->critical;
    const std::size_t start = out.size();
    out.u8(static_cast<std::uint8_t>(next)).u8(critical ? kCriticalBit : 0);
    const auto length = out.reserve_u16();
    if (auto body = detail::encode_payload_body(out, payload); !body) {
      return fail(Error::invalid(
          fmt::format("{} payload: {}", to_string(payload_type(payload)), body.error().message)));
    }
    if (auto patched = out.patch_length_since(length, start); !patched) {
      return fail(Error::invalid(fmt::format("{} payload: {}", to_string(payload_type(payload)),
                                             patched.error().message)));
    }
  }
  return ok();
}

}  // namespace

Result<Message, ParseError> parse_message(std::span<const std::uint8_t> datagram) {
  auto wire = parse_header(datagram);
  if (!wire) return fail(std::move(wire).error());
  const std::uint8_t major = wire->header.major_version;
  if (major != kMajorVersion) {
    constexpr std::size_t kVersionOffset = 17;
    return fail(detail::parse_error(
        major > kMajorVersion ? ParseErrorKind::UnsupportedVersion : ParseErrorKind::NotIkev2,
        kVersionOffset, fmt::format("major version {}", major)));
  }
  auto payloads = parse_chain(wire->first_payload, datagram.subspan(kHeaderSize), kHeaderSize);
  if (!payloads) return fail(std::move(payloads).error());
  return Message{wire->header, std::move(*payloads)};
}

Result<std::vector<Payload>, ParseError> parse_payload_chain(PayloadType first,
                                                             std::span<const std::uint8_t> bytes) {
  return parse_chain(first, bytes, 0);
}

Result<buf::Bytes> encode_payload_chain(std::span<const Payload> payloads) {
  buf::ByteWriter out;
  if (auto chain = encode_chain(out, payloads); !chain) return fail(std::move(chain).error());
  return out.take();
}

Result<buf::Bytes> encode_message(const Message& message) {
  auto chain = encode_payload_chain(message.payloads);
  if (!chain) return fail(std::move(chain).error());
  const std::size_t length = kHeaderSize + chain->size();
  if (length > std::numeric_limits<std::uint32_t>::max()) {
    return fail(Error::invalid(fmt::format("message of {} octets", length)));
  }
  buf::ByteWriter out(length);
  auto header = encode_header(out, message.header, first_type(message.payloads),
                              static_cast<std::uint32_t>(length));
  if (!header) return fail(std::move(header).error());
  out.bytes(*chain);
  return out.take();
}

PayloadType first_type(std::span<const Payload> payloads) {
  return payloads.empty() ? PayloadType::None : payload_type(payloads.front());
}

}  // namespace rc::ikev2
