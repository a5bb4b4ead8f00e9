// encode_payload_body: one payload's body (RFC 7296 §3.4-3.16); SA is
// sa_encode.cc's. RESERVED octets are sent as zero. What the parser would
// refuse (a Nonce out of range, SPIs of the wrong size, a selector whose
// addresses differ in family, an "unknown" payload under a known type) is
// refused here too, so every encoded payload parses back to itself.
#include <fmt/format.h>

#include "base/overloaded.h"
#include "ikev2/payload_codec.h"

namespace rc::ikev2::detail {
namespace {

constexpr std::size_t kMaxOctet = 0xFF;
constexpr std::size_t kMaxLength = 0xFFFF;

Result<void> typed(buf::ByteWriter& out, std::uint8_t type, const buf::Bytes& data) {
  out.u8(type).zeros(3).bytes(data);
  return ok();
}

Result<void> encode_nonce(buf::ByteWriter& out, const NoncePayload& nonce) {
  if (nonce.data.size() < kMinNonceSize || nonce.data.size() > kMaxNonceSize) {
    return fail(Error::invalid(fmt::format("Nonce of {} octets; RFC 7296 §3.9 allows {} to {}",
                                           nonce.data.size(), kMinNonceSize, kMaxNonceSize)));
  }
  out.bytes(nonce.data);
  return ok();
}

Result<void> encode_notify(buf::ByteWriter& out, const NotifyPayload& notify) {
  if (notify.spi.size() > kMaxOctet) {
    return fail(Error::invalid(fmt::format("notify SPI of {} octets", notify.spi.size())));
  }
  out.u8(static_cast<std::uint8_t>(notify.protocol))
      .u8(static_cast<std::uint8_t>(notify.spi.size()))
      .u16(static_cast<std::uint16_t>(notify.type))
      .bytes(notify.spi)
      .bytes(notify.data);
  return ok();
}

Result<void> encode_delete(buf::ByteWriter& out, const DeletePayload& del) {
  if (!delete_spi_size_ok(del.protocol, del.spi_size) || (del.spi_size == 0 && !del.spis.empty())) {
    return fail(Error::invalid(fmt::format("Delete of {} SPIs of {} octets for protocol {}",
                                           del.spis.size(), del.spi_size,
                                           static_cast<unsigned>(del.protocol))));
  }
  if (del.spis.size() > kMaxLength) {
    return fail(Error::invalid(fmt::format("Delete of {} SPIs", del.spis.size())));
  }
  for (const buf::Bytes& spi : del.spis) {
    if (spi.size() != del.spi_size) {
      return fail(Error::invalid(
          fmt::format("Delete SPI of {} octets, the payload says {}", spi.size(), del.spi_size)));
    }
  }
  out.u8(static_cast<std::uint8_t>(del.protocol))
      .u8(del.spi_size)
      .u16(static_cast<std::uint16_t>(del.spis.size()));
  for (const buf::Bytes& spi : del.spis) out.bytes(spi);
  return ok();
}

Result<void> encode_selector(buf::ByteWriter& out, const AddressRange& range) {
  if (range.start.family() != range.end.family()) {
    return fail(Error::invalid("traffic selector with an IPv4 and an IPv6 end"));
  }
  const bool v4 = range.start.is_v4();
  out.u8(static_cast<std::uint8_t>(v4 ? TsType::Ipv4AddrRange : TsType::Ipv6AddrRange))
      .u8(range.ip_protocol)
      .u16(static_cast<std::uint16_t>(v4 ? kIpv4SelectorSize : kIpv6SelectorSize))
      .u16(range.start_port)
      .u16(range.end_port)
      .bytes(range.start.bytes())
      .bytes(range.end.bytes());
  return ok();
}

Result<void> encode_selector(buf::ByteWriter& out, const UnknownSelector& selector) {
  if (selector.type == TsType::Ipv4AddrRange || selector.type == TsType::Ipv6AddrRange) {
    return fail(Error::invalid("an address-range selector must be an AddressRange"));
  }
  constexpr std::size_t kHeader = 4;
  if (selector.body.size() > kMaxLength - kHeader) {
    return fail(Error::invalid(fmt::format("traffic selector of {} octets", selector.body.size())));
  }
  out.u8(static_cast<std::uint8_t>(selector.type))
      .u8(selector.second_octet)
      .u16(static_cast<std::uint16_t>(selector.body.size() + kHeader))
      .bytes(selector.body);
  return ok();
}

Result<void> encode_ts(buf::ByteWriter& out, const std::vector<TrafficSelector>& selectors) {
  if (selectors.size() > kMaxOctet) {
    return fail(
        Error::invalid(fmt::format("{} traffic selectors (at most 255)", selectors.size())));
  }
  out.u8(static_cast<std::uint8_t>(selectors.size())).zeros(3);
  for (const TrafficSelector& selector : selectors) {
    auto done = std::visit([&](const auto& s) { return encode_selector(out, s); }, selector);
    if (!done) return done;
  }
  return ok();
}

Result<void> encode_cp(buf::ByteWriter& out, const CpPayload& cp) {
  out.u8(static_cast<std::uint8_t>(cp.type)).zeros(3);
  for (const CfgAttribute& attribute : cp.attributes) {
    const auto type = static_cast<std::uint16_t>(attribute.type);
    if (type > kAttributeTypeMask || attribute.value.size() > kMaxLength) {
      return fail(Error::invalid(
          fmt::format("configuration attribute {} of {} octets", type, attribute.value.size())));
    }
    out.u16(type).u16(static_cast<std::uint16_t>(attribute.value.size())).bytes(attribute.value);
  }
  return ok();
}

Result<void> encode_unknown(buf::ByteWriter& out, const UnknownPayload& unknown) {
  if (is_known(unknown.type) || unknown.type == PayloadType::None) {
    return fail(Error::invalid(
        fmt::format("{} cannot be sent as an unknown payload", to_string(unknown.type))));
  }
  out.bytes(unknown.body);
  return ok();
}

}  // namespace

Result<void> encode_payload_body(buf::ByteWriter& out, const Payload& payload) {
  return std::visit(Overloaded{
                        [&](const SaPayload& sa) { return encode_sa(out, sa); },
                        [&](const KePayload& ke) {
                          out.u16(ke.group).zeros(2).bytes(ke.data);
                          return ok();
                        },
                        [&](const IdiPayload& id) {
                          return typed(out, static_cast<std::uint8_t>(id.type), id.data);
                        },
                        [&](const IdrPayload& id) {
                          return typed(out, static_cast<std::uint8_t>(id.type), id.data);
                        },
                        [&](const CertPayload& cert) {
                          out.u8(static_cast<std::uint8_t>(cert.encoding)).bytes(cert.data);
                          return ok();
                        },
                        [&](const CertReqPayload& req) {
                          out.u8(static_cast<std::uint8_t>(req.encoding)).bytes(req.authorities);
                          return ok();
                        },
                        [&](const AuthPayload& auth) {
                          return typed(out, static_cast<std::uint8_t>(auth.method), auth.data);
                        },
                        [&](const NoncePayload& nonce) { return encode_nonce(out, nonce); },
                        [&](const NotifyPayload& notify) { return encode_notify(out, notify); },
                        [&](const DeletePayload& del) { return encode_delete(out, del); },
                        [&](const VendorIdPayload& vendor) {
                          out.bytes(vendor.data);
                          return ok();
                        },
                        [&](const TsiPayload& ts) { return encode_ts(out, ts.selectors); },
                        [&](const TsrPayload& ts) { return encode_ts(out, ts.selectors); },
                        [&](const SkPayload& sk) {
                          out.bytes(sk.body);
                          return ok();
                        },
                        [&](const CpPayload& cp) { return encode_cp(out, cp); },
                        [&](const EapPayload& eap) {
                          out.bytes(eap.message);
                          return ok();
                        },
                        [&](const UnknownPayload& unknown) { return encode_unknown(out, unknown); },
                    },
                    payload);
}

}  // namespace rc::ikev2::detail
