// One struct per IKEv2 payload of RFC 7296 §3.2-3.16, and Payload, the
// variant that holds any of them. A parsed payload owns its bytes (a Message
// does not point into the datagram), so messages can be built, kept and
// compared freely. Fields the RFC says to ignore on receipt (RESERVED octets,
// the critical bit of a known payload, the R bit of a CP attribute) are not
// kept; everything else is, so parse(encode(x)) == x.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "addr/ip_address.h"
#include "buf/bytes.h"
#include "ikev2/constants.h"

namespace rc::ikev2 {

// §3.3.5. In the TV format (AF = 1) the value is the 16-bit `value`; in
// the TLV format (AF = 0) it is `data`.
struct TransformAttribute {
  std::uint16_t type = kAttributeKeyLength;  // 15 bits, without AF
  bool tv = true;
  std::uint16_t value = 0;
  buf::Bytes data;

  bool operator==(const TransformAttribute&) const = default;
};

// §3.3.2. `id` is a number of rct::ikev2's tables for `type`.
struct Transform {
  TransformType type = TransformType::Encr;
  std::uint16_t id = 0;
  std::vector<TransformAttribute> attributes;

  // The Key Length attribute in bits, when there is one (at most one: the
  // parser refuses two).
  [[nodiscard]] std::optional<std::uint16_t> key_length() const;
  bool operator==(const Transform&) const = default;
};

// §3.3.1. The SPI is 0 octets (IKE SA in IKE_SA_INIT), 8 (IKE SA rekeyed
// in CREATE_CHILD_SA) or 4 (AH, ESP); other protocols keep any size.
struct Proposal {
  std::uint8_t number = 1;
  ProtocolId protocol = ProtocolId::Ike;
  buf::Bytes spi;
  std::vector<Transform> transforms;

  bool operator==(const Proposal&) const = default;
};

// §3.3: one or more proposals, in order of preference.
struct SaPayload {
  static constexpr PayloadType kType = PayloadType::Sa;
  std::vector<Proposal> proposals;
  bool operator==(const SaPayload&) const = default;
};

// §3.4. The size of `data` is the group's; the code that knows the group
// checks it.
struct KePayload {
  static constexpr PayloadType kType = PayloadType::Ke;
  std::uint16_t group = 0;  // rct::ikev2::from_dh()
  buf::Bytes data;
  bool operator==(const KePayload&) const = default;
};

// §3.5, IDi and IDr (one layout, two payload types).
template <PayloadType Type>
struct IdPayloadOf {
  static constexpr PayloadType kType = Type;
  IdType type = IdType::Fqdn;
  buf::Bytes data;
  bool operator==(const IdPayloadOf&) const = default;
};
using IdiPayload = IdPayloadOf<PayloadType::IdI>;
using IdrPayload = IdPayloadOf<PayloadType::IdR>;

// §3.6.
struct CertPayload {
  static constexpr PayloadType kType = PayloadType::Cert;
  CertEncoding encoding = CertEncoding::X509Signature;
  buf::Bytes data;
  bool operator==(const CertPayload&) const = default;
};

// §3.7. For X.509, `authorities` is a run of 20-octet SHA-1 hashes of
// trusted CAs' public keys.
struct CertReqPayload {
  static constexpr PayloadType kType = PayloadType::CertReq;
  CertEncoding encoding = CertEncoding::X509Signature;
  buf::Bytes authorities;
  bool operator==(const CertReqPayload&) const = default;
};

// §3.8.
struct AuthPayload {
  static constexpr PayloadType kType = PayloadType::Auth;
  AuthMethod method = AuthMethod::SharedKeyMic;
  buf::Bytes data;
  bool operator==(const AuthPayload&) const = default;
};

// §3.9, Ni and Nr: 16 to 256 octets, enforced by the parser and the encoder.
struct NoncePayload {
  static constexpr PayloadType kType = PayloadType::Nonce;
  buf::Bytes data;
  bool operator==(const NoncePayload&) const = default;
};

// §3.10. `protocol` and `spi` name the Child SA a notify is about (only
// INVALID_SELECTORS, REKEY_SA and CHILD_SA_NOT_FOUND carry one); both are
// empty (0) otherwise.
struct NotifyPayload {
  static constexpr PayloadType kType = PayloadType::Notify;
  ProtocolId protocol = ProtocolId::None;
  buf::Bytes spi;
  NotifyType type = NotifyType::InvalidSyntax;
  buf::Bytes data;
  bool operator==(const NotifyPayload&) const = default;
};

// §3.11. Deleting the IKE SA names no SPI (size 0, count 0); AH and ESP
// SPIs are 4 octets each.
struct DeletePayload {
  static constexpr PayloadType kType = PayloadType::Delete;
  ProtocolId protocol = ProtocolId::Esp;
  std::uint8_t spi_size = kChildSpiSize;
  std::vector<buf::Bytes> spis;  // each spi_size octets
  bool operator==(const DeletePayload&) const = default;
};

// §3.12.
struct VendorIdPayload {
  static constexpr PayloadType kType = PayloadType::VendorId;
  buf::Bytes data;
  bool operator==(const VendorIdPayload&) const = default;
};

// §3.13.1 TS_IPV4_ADDR_RANGE / TS_IPV6_ADDR_RANGE: the family of the
// addresses gives the TS Type (both must be of one family).
struct AddressRange {
  std::uint8_t ip_protocol = 0;  // 0: any
  std::uint16_t start_port = 0;
  std::uint16_t end_port = 0xFFFF;
  addr::IpAddress start;
  addr::IpAddress end;
  bool operator==(const AddressRange&) const = default;
};

// A selector of a type RFC 7296 does not define (RFC 4595, RFC 9478...),
// kept so the narrowing code can refuse it by name. Such types share the
// first four octets: TS Type, one octet, Selector Length.
struct UnknownSelector {
  TsType type = TsType{0};
  std::uint8_t second_octet = 0;
  buf::Bytes body;  // after the Selector Length
  bool operator==(const UnknownSelector&) const = default;
};

using TrafficSelector = std::variant<AddressRange, UnknownSelector>;

// §3.13, TSi and TSr.
template <PayloadType Type>
struct TsPayloadOf {
  static constexpr PayloadType kType = Type;
  std::vector<TrafficSelector> selectors;
  bool operator==(const TsPayloadOf&) const = default;
};
using TsiPayload = TsPayloadOf<PayloadType::TsI>;
using TsrPayload = TsPayloadOf<PayloadType::TsR>;

// §3.14: the body as received (IV, ciphertext, ICV; their sizes depend on
// the negotiated algorithms) and the type of the first payload inside,
// which travels in this payload's Next Payload field. It is always the last
// payload of a message.
struct SkPayload {
  static constexpr PayloadType kType = PayloadType::Sk;
  PayloadType first_inner = PayloadType::None;
  buf::Bytes body;
  bool operator==(const SkPayload&) const = default;
};

// §3.15.1.
struct CfgAttribute {
  CfgAttributeType type = CfgAttributeType::InternalIp4Address;  // 15 bits
  buf::Bytes value;
  bool operator==(const CfgAttribute&) const = default;
};

// §3.15.
struct CpPayload {
  static constexpr PayloadType kType = PayloadType::Cp;
  CfgType type = CfgType::Request;
  std::vector<CfgAttribute> attributes;
  bool operator==(const CpPayload&) const = default;
};

// §3.16: the EAP message, not interpreted here.
struct EapPayload {
  static constexpr PayloadType kType = PayloadType::Eap;
  buf::Bytes message;
  bool operator==(const EapPayload&) const = default;
};

// A payload type outside RFC 7296, kept with its critical bit: the rule
// check skips it, or refuses the message when the bit is set (§2.5).
struct UnknownPayload {
  PayloadType type = PayloadType{0};
  bool critical = false;
  buf::Bytes body;
  bool operator==(const UnknownPayload&) const = default;
};

using Payload =
    std::variant<SaPayload, KePayload, IdiPayload, IdrPayload, CertPayload, CertReqPayload,
                 AuthPayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload,
                 TsiPayload, TsrPayload, SkPayload, CpPayload, EapPayload, UnknownPayload>;

// The Payload Type a payload travels under.
PayloadType payload_type(const Payload& payload);

// The first payload of type T, or nullptr. Handlers use this after the rule
// check has guaranteed the payloads they need are there.
template <class T>
const T* find_first(std::span<const Payload> payloads) {
  for (const Payload& payload : payloads) {
    if (const T* found = std::get_if<T>(&payload)) return found;
  }
  return nullptr;
}

// The Notify payload of `type`, or nullptr.
const NotifyPayload* find_notify(std::span<const Payload> payloads, NotifyType type);

}  // namespace rc::ikev2
