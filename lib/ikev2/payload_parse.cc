// parse_payload_body: one payload's body (RFC 7296 §3.4-3.16) into its
// struct; SA is sa_parse.cc's. Each decoder reads its fixed fields, checks
// every inner length against the body, and fails on bytes it cannot account
// for, so a payload parses only when every octet has a meaning.
#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "buf/byte_reader.h"
#include "ikev2/payload_codec.h"

namespace rc::ikev2::detail {
namespace {

using Body = std::span<const std::uint8_t>;

buf::Bytes copy(Body bytes) {
  return {bytes.begin(), bytes.end()};
}

ParseError too_short(PayloadType type, std::size_t offset, std::size_t needed) {
  return parse_error(ParseErrorKind::Truncated, offset,
                     fmt::format("{} payload at {} is shorter than its {}-octet fixed part",
                                 to_string(type), offset, needed));
}

// The payloads made of a one-octet type, three RESERVED octets and data
// (ID §3.5, AUTH §3.8, and CP §3.15 before its attributes).
struct TypedBody {
  std::uint8_t type = 0;
  Body data;
};
Result<TypedBody, ParseError> split_typed(PayloadType payload, Body body, std::size_t offset) {
  constexpr std::size_t kFixed = 4;
  if (body.size() < kFixed) return fail(too_short(payload, offset, kFixed));
  return TypedBody{body[0], body.subspan(kFixed)};
}

Result<Payload, ParseError> parse_ke(Body body, std::size_t offset) {
  buf::ByteReader reader(body);
  const auto group = reader.u16();
  if (!group || !reader.skip(2)) return fail(too_short(PayloadType::Ke, offset, 4));
  return Payload{KePayload{*group, copy(reader.rest())}};
}

template <class Id>
Result<Payload, ParseError> parse_id(Body body, std::size_t offset) {
  auto typed = split_typed(Id::kType, body, offset);
  if (!typed) return fail(std::move(typed).error());
  return Payload{Id{static_cast<IdType>(typed->type), copy(typed->data)}};
}

Result<Payload, ParseError> parse_auth(Body body, std::size_t offset) {
  auto typed = split_typed(PayloadType::Auth, body, offset);
  if (!typed) return fail(std::move(typed).error());
  return Payload{AuthPayload{static_cast<AuthMethod>(typed->type), copy(typed->data)}};
}

// CERT and CERTREQ: a one-octet encoding, then data (§3.6, §3.7).
template <class P>
Result<Payload, ParseError> parse_cert(Body body, std::size_t offset) {
  if (body.empty()) return fail(too_short(P::kType, offset, 1));
  return Payload{P{static_cast<CertEncoding>(body[0]), copy(body.subspan(1))}};
}

Result<Payload, ParseError> parse_nonce(Body body, std::size_t offset) {
  // §3.9 gives the size range for every Nonce, whatever the exchange, so
  // it is checked here rather than in the rule tables.
  if (body.size() < kMinNonceSize || body.size() > kMaxNonceSize) {
    return fail(parse_error(ParseErrorKind::BadField, offset,
                            fmt::format("Nonce at {} has {} octets; §3.9 allows {} to {}", offset,
                                        body.size(), kMinNonceSize, kMaxNonceSize)));
  }
  return Payload{NoncePayload{copy(body)}};
}

Result<Payload, ParseError> parse_notify(Body body, std::size_t offset) {
  buf::ByteReader reader(body);
  const auto protocol = reader.u8();
  const auto spi_size = reader.u8();
  const auto type = reader.u16();
  if (!protocol || !spi_size || !type) return fail(too_short(PayloadType::Notify, offset, 4));
  const auto spi = reader.bytes(*spi_size);
  if (!spi) {
    return fail(parse_error(
        ParseErrorKind::BadLength, offset,
        fmt::format("N payload at {}: SPI of {} octets runs past the payload", offset, *spi_size)));
  }
  NotifyPayload notify;
  notify.protocol = static_cast<ProtocolId>(*protocol);
  notify.spi = copy(*spi);
  notify.type = static_cast<NotifyType>(*type);
  notify.data = copy(reader.rest());
  return Payload{std::move(notify)};
}

Result<Payload, ParseError> parse_delete(Body body, std::size_t offset) {
  buf::ByteReader reader(body);
  const auto protocol = reader.u8();
  const auto spi_size = reader.u8();
  const auto count = reader.u16();
  if (!protocol || !spi_size || !count) return fail(too_short(PayloadType::Delete, offset, 4));
  DeletePayload del;
  del.protocol = static_cast<ProtocolId>(*protocol);
  del.spi_size = *spi_size;
  if (!delete_spi_size_ok(del.protocol, *spi_size)) {
    return fail(parse_error(
        ParseErrorKind::BadField, offset,
        fmt::format("D payload at {}: SPI size {} for protocol {}", offset, *spi_size, *protocol)));
  }
  if (*spi_size == 0 && *count != 0) {
    return fail(
        parse_error(ParseErrorKind::BadField, offset,
                    fmt::format("D payload at {} counts {} SPIs of size 0", offset, *count)));
  }
  // count * size must be exactly what is left: nothing is reserved before.
  if (std::size_t{*count} * *spi_size != reader.remaining()) {
    return fail(parse_error(ParseErrorKind::BadLength, offset,
                            fmt::format("D payload at {}: {} SPIs of {} octets in {} octets",
                                        offset, *count, *spi_size, reader.remaining())));
  }
  del.spis.reserve(*count);
  for (std::size_t i = 0; i < *count; ++i) del.spis.push_back(copy(*reader.bytes(*spi_size)));
  return Payload{std::move(del)};
}

Result<TrafficSelector, ParseError> parse_selector(buf::ByteReader& reader, std::size_t base) {
  const std::size_t start = base + reader.offset();
  const auto type = reader.u8();
  const auto second = reader.u8();
  const auto length = reader.u16();
  if (!type || !second || !length) {
    return fail(parse_error(ParseErrorKind::Truncated, start,
                            fmt::format("traffic selector at {} is cut short", start)));
  }
  constexpr std::size_t kSelectorHeader = 4;
  if (*length < kSelectorHeader) {
    return fail(parse_error(ParseErrorKind::BadLength, start,
                            fmt::format("traffic selector at {} has length {}", start, *length)));
  }
  const auto body = reader.bytes(std::size_t{*length} - kSelectorHeader);
  if (!body) {
    return fail(parse_error(
        ParseErrorKind::BadLength, start,
        fmt::format("traffic selector at {}: length {} runs past its payload", start, *length)));
  }
  const auto ts_type = static_cast<TsType>(*type);
  const bool v4 = ts_type == TsType::Ipv4AddrRange;
  if (!v4 && ts_type != TsType::Ipv6AddrRange) {
    return TrafficSelector{UnknownSelector{ts_type, *second, copy(*body)}};
  }
  const std::size_t expected = v4 ? kIpv4SelectorSize : kIpv6SelectorSize;
  if (*length != expected) {
    return fail(parse_error(ParseErrorKind::BadLength, start,
                            fmt::format("{} selector at {} has length {}; it is {}",
                                        v4 ? "IPv4" : "IPv6", start, *length, expected)));
  }
  buf::ByteReader fields(*body);
  AddressRange range;
  range.ip_protocol = *second;
  range.start_port = *fields.u16();
  range.end_port = *fields.u16();
  if (v4) {
    std::array<std::uint8_t, 4> start_address{};
    std::array<std::uint8_t, 4> end_address{};
    const auto first = *fields.bytes(4);
    const auto last = *fields.bytes(4);
    std::copy(first.begin(), first.end(), start_address.begin());
    std::copy(last.begin(), last.end(), end_address.begin());
    range.start = addr::IpAddress::from_bytes(start_address);
    range.end = addr::IpAddress::from_bytes(end_address);
  } else {
    std::array<std::uint8_t, 16> start_address{};
    std::array<std::uint8_t, 16> end_address{};
    const auto first = *fields.bytes(16);
    const auto last = *fields.bytes(16);
    std::copy(first.begin(), first.end(), start_address.begin());
    std::copy(last.begin(), last.end(), end_address.begin());
    range.start = addr::IpAddress::from_bytes(start_address);
    range.end = addr::IpAddress::from_bytes(end_address);
  }
  return TrafficSelector{range};
}

template <class Ts>
Result<Payload, ParseError> parse_ts(Body body, std::size_t offset) {
  buf::ByteReader reader(body);
  const auto count = reader.u8();
  if (!count || !reader.skip(3)) return fail(too_short(Ts::kType, offset, 4));
  Ts ts;
  for (std::size_t i = 0; i < *count; ++i) {
    auto selector = parse_selector(reader, offset);
    if (!selector) return fail(std::move(selector).error());
    ts.selectors.push_back(std::move(*selector));
  }
  if (!reader.empty()) {
    return fail(parse_error(ParseErrorKind::TrailingBytes, offset + reader.offset(),
                            fmt::format("{} payload at {}: {} octets after its {} selectors",
                                        to_string(Ts::kType), offset, reader.remaining(), *count)));
  }
  return Payload{std::move(ts)};
}

Result<Payload, ParseError> parse_cp(Body body, std::size_t offset) {
  auto typed = split_typed(PayloadType::Cp, body, offset);
  if (!typed) return fail(std::move(typed).error());
  CpPayload cp;
  cp.type = static_cast<CfgType>(typed->type);
  const std::size_t base = offset + 4;
  buf::ByteReader reader(typed->data);
  while (!reader.empty()) {
    const std::size_t start = base + reader.offset();
    const auto word = reader.u16();
    const auto length = reader.u16();
    if (!word || !length) {
      return fail(parse_error(ParseErrorKind::Truncated, start,
                              fmt::format("configuration attribute at {} is cut short", start)));
    }
    const auto value = reader.bytes(*length);
    if (!value) {
      return fail(parse_error(
          ParseErrorKind::BadLength, start,
          fmt::format("configuration attribute at {}: length {} runs past the CP payload", start,
                      *length)));
    }
    // §3.15.1: the top bit is reserved and ignored on receipt.
    cp.attributes.push_back(
        CfgAttribute{static_cast<CfgAttributeType>(*word & kAttributeTypeMask), copy(*value)});
  }
  return Payload{std::move(cp)};
}

}  // namespace

Result<Payload, ParseError> parse_payload_body(PayloadType type, bool critical, PayloadType next,
                                               std::span<const std::uint8_t> body,
                                               std::size_t offset) {
  switch (type) {
    case PayloadType::Sa: {
      auto sa = parse_sa(body, offset);
      if (!sa) return fail(std::move(sa).error());
      return Payload{std::move(*sa)};
    }
    case PayloadType::Ke:
      return parse_ke(body, offset);
    case PayloadType::IdI:
      return parse_id<IdiPayload>(body, offset);
    case PayloadType::IdR:
      return parse_id<IdrPayload>(body, offset);
    case PayloadType::Cert:
      return parse_cert<CertPayload>(body, offset);
    case PayloadType::CertReq:
      return parse_cert<CertReqPayload>(body, offset);
    case PayloadType::Auth:
      return parse_auth(body, offset);
    case PayloadType::Nonce:
      return parse_nonce(body, offset);
    case PayloadType::Notify:
      return parse_notify(body, offset);
    case PayloadType::Delete:
      return parse_delete(body, offset);
    case PayloadType::VendorId:
      return Payload{VendorIdPayload{copy(body)}};
    case PayloadType::TsI:
      return parse_ts<TsiPayload>(body, offset);
    case PayloadType::TsR:
      return parse_ts<TsrPayload>(body, offset);
    case PayloadType::Sk:
      return Payload{SkPayload{next, copy(body)}};
    case PayloadType::Cp:
      return parse_cp(body, offset);
    case PayloadType::Eap:
      return Payload{EapPayload{copy(body)}};
    case PayloadType::None:
      break;
  }
  return Payload{UnknownPayload{type, critical, copy(body)}};
}

}  // namespace rc::ikev2::detail
