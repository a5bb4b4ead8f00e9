// The numbers of the IKEv2 wire format (RFC 7296 §3 and the IANA "IKEv2
// Parameters" registry) that the codec and the rule tables speak in.
// Transform types and transform ids (the algorithms) are not repeated here:
// they are rct::ikev2's (rct/ikev2.h), which also converts ID types, auth
// methods and protocol ids to the neutral values of the configuration.
//
// Every enum has a fixed underlying type, so a value the peer sends that has
// no name here is still held as is (a codec must carry unknown numbers to the
// code that decides what to do with them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "rct/ikev2.h"

namespace rc::ikev2 {

inline constexpr std::size_t kHeaderSize = 28;        // RFC 7296 §3.1
inline constexpr std::size_t kPayloadHeaderSize = 4;  // §3.2
inline constexpr std::uint8_t kMajorVersion = 2;      // §3.1
inline constexpr std::size_t kMinNonceSize = 16;      // §3.9
inline constexpr std::size_t kMaxNonceSize = 256;     // §3.9
inline constexpr std::size_t kIkeSpiSize = 8;         // §3.3.1 (rekeying an IKE SA)
inline constexpr std::size_t kChildSpiSize = 4;       // §3.3.1 (AH, ESP)

// §3.1 Exchange Type.
enum class ExchangeType : std::uint8_t {
  IkeSaInit = 34,
  IkeAuth = 35,
  CreateChildSa = 36,
  Informational = 37,
};

// §3.2 Payload Type values (the types the rule tables know). Anything else
// parses as an UnknownPayload.
enum class PayloadType : std::uint8_t {
  None = 0,  // "No Next Payload"
  Sa = 33,
  Ke = 34,
  IdI = 35,
  IdR = 36,
  Cert = 37,
  CertReq = 38,
  Auth = 39,
  Nonce = 40,  // Ni and Nr
  Notify = 41,
  Delete = 42,
  VendorId = 43,
  TsI = 44,
  TsR = 45,
  Sk = 46,  // Encrypted and Authenticated
  Cp = 47,
  Eap = 48,
};
// True for the types of RFC 7296 (33..48), the ones this codec decodes.
constexpr bool is_known(PayloadType type) {
  return type >= PayloadType::Sa && type <= PayloadType::Eap;
}

// §3.3.1 Protocol ID (proposals, Notify, Delete). rct::ikev2 converts AH and
// ESP to SaType; the numbers are repeated here because the SPI size of a
// proposal or a Delete depends on them.
enum class ProtocolId : std::uint8_t { None = 0, Ike = 1, Ah = 2, Esp = 3 };
static_assert(static_cast<std::uint8_t>(ProtocolId::Ike) == rct::ikev2::kProtocolIke);

using TransformType = rct::ikev2::TransformType;
// §3.3.5: the only transform attribute defined, always in the TV format.
inline constexpr std::uint16_t kAttributeKeyLength = 14;

// §3.5 ID Type.
enum class IdType : std::uint8_t {
  Ipv4Addr = 1,
  Fqdn = 2,
  Rfc822Addr = 3,
  Ipv6Addr = 5,
  DerAsn1Dn = 9,
  DerAsn1Gn = 10,
  KeyId = 11,
};

// §3.6 Certificate Encoding (CERT and CERTREQ).
enum class CertEncoding : std::uint8_t {
  Pkcs7X509 = 1,
  Pgp = 2,
  DnsSignedKey = 3,
  X509Signature = 4,
  Kerberos = 6,
  Crl = 7,
  Arl = 8,
  Spki = 9,
  X509Attribute = 10,
  RawRsaKey = 11,
  HashUrlX509 = 12,
  HashUrlX509Bundle = 13,
};

// §3.8 Auth Method (RFC 7427 added 14).
enum class AuthMethod : std::uint8_t {
  RsaSignature = 1,
  SharedKeyMic = 2,
  DssSignature = 3,
  EcdsaSha256P256 = 9,
  EcdsaSha384P384 = 10,
  EcdsaSha512P521 = 11,
  DigitalSignature = 14,
};

// §3.10.1 Notify Message Types: errors below 16384, status from 16384.
enum class NotifyType : std::uint16_t {
  UnsupportedCriticalPayload = 1,
  InvalidIkeSpi = 4,
  InvalidMajorVersion = 5,
  InvalidSyntax = 7,
  InvalidMessageId = 9,
  InvalidSpi = 11,
  NoProposalChosen = 14,
  InvalidKePayload = 17,
  AuthenticationFailed = 24,
  SinglePairRequired = 34,
  NoAdditionalSas = 35,
  InternalAddressFailure = 36,
  FailedCpRequired = 37,
  TsUnacceptable = 38,
  InvalidSelectors = 39,
  TemporaryFailure = 43,
  ChildSaNotFound = 44,
  InitialContact = 16384,
  SetWindowSize = 16385,
  AdditionalTsPossible = 16386,
  IpcompSupported = 16387,
  NatDetectionSourceIp = 16388,
  NatDetectionDestinationIp = 16389,
  Cookie = 16390,
  UseTransportMode = 16391,
  HttpCertLookupSupported = 16392,
  RekeySa = 16393,
  EspTfcPaddingNotSupported = 16394,
  NonFirstFragmentsAlso = 16395,
  Ikev2FragmentationSupported = 16430,  // RFC 7383
  SignatureHashAlgorithms = 16431,      // RFC 7427
};
inline constexpr std::uint16_t kFirstStatusNotify = 16384;
constexpr bool is_error(NotifyType type) {
  return static_cast<std::uint16_t>(type) < kFirstStatusNotify;
}

// §3.13.1 TS Type.
enum class TsType : std::uint8_t { Ipv4AddrRange = 7, Ipv6AddrRange = 8 };
inline constexpr std::size_t kIpv4SelectorSize = 16;
inline constexpr std::size_t kIpv6SelectorSize = 40;

// §3.15 CFG Type.
enum class CfgType : std::uint8_t { Request = 1, Reply = 2, Set = 3, Ack = 4 };

// §3.15.1 Configuration Attribute types.
enum class CfgAttributeType : std::uint16_t {
  InternalIp4Address = 1,
  InternalIp4Netmask = 2,
  InternalIp4Dns = 3,
  InternalIp4Nbns = 4,
  InternalIp4Dhcp = 6,
  ApplicationVersion = 7,
  InternalIp6Address = 8,
  InternalIp6Dns = 10,
  InternalIp6Dhcp = 12,
  InternalIp4Subnet = 13,
  SupportedAttributes = 14,
  InternalIp6Subnet = 15,
};

// Names for logs and error messages: "IKE_AUTH", "TSi", "NAT_DETECTION_SOURCE_IP";
// a number without a name prints as e.g. "exchange 99".
std::string to_string(ExchangeType type);
std::string to_string(PayloadType type);
std::string to_string(NotifyType type);

}  // namespace rc::ikev2
