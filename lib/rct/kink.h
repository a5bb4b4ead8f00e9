// KINK (RFC 4430) numbers: message types, payload types, KINK_ERROR codes,
// the protocol constants and Kerberos key usages, and which neutral
// algorithms KINK can carry. KINK negotiates SAs with IKEv1 quick-mode
// payloads in the IPsec DOI, so its algorithm numbers are isakmp.h's.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "rct/types.h"

namespace rc::rct::kink {

// RFC 4430 §4 header: major version 1, minor 0; DOI 1 (IPsec).
inline constexpr std::uint8_t kMajorVersion = 1;
inline constexpr std::uint8_t kMinorVersion = 0;
inline constexpr std::uint32_t kDoiIpsec = 1;
// KINK_ISAKMP payload QMMaj/QMMin nibbles: quick mode version 1.0.
inline constexpr std::uint8_t kQuickModeVersion = 0x10;

// Kerberos key usage numbers KINK uses with the session key (RFC 4430):
// KINK_ENCRYPT payload encryption and the message checksum.
inline constexpr std::int32_t kKeyUsageEncrypt = 39;
inline constexpr std::int32_t kKeyUsageChecksum = 40;

// IANA "KINK Message Types".
enum class MessageType : std::uint8_t {
  Reserved = 0,
  Create = 1,
  Delete = 2,
  Reply = 3,
  GetTgt = 4,
  Ack = 5,
  Status = 6,
};

// IANA "KINK Next Payload Types".
enum class PayloadType : std::uint8_t {
  Done = 0,
  ApReq = 1,
  ApRep = 2,
  KrbError = 3,
  TgtReq = 4,
  TgtRep = 5,
  Isakmp = 6,
  Encrypt = 7,
  Error = 8,
};

// IANA "KINK Error Codes" (the KINK_ERROR payload).
enum class ErrorCode : std::uint32_t {
  Ok = 0,
  ProtoErr = 1,
  InvDoi = 2,
  InvMaj = 3,
  InvMin = 4,
  IntErr = 5,
  BadQmVers = 6,
};

template <class E>
struct KinkNameRow {
  E value;
  std::string_view name;

  bool operator==(const KinkNameRow&) const = default;
};

// Names as RFC 4430 spells them ("CREATE", "KINK_AP_REQ", "KINK_PROTOERR");
// "unknown" for a number outside the registry.
std::string_view to_string(MessageType type);
std::string_view to_string(PayloadType type);
std::string_view to_string(ErrorCode code);

// Checked conversion of a received number.
std::optional<MessageType> message_type_from(std::uint8_t number);
std::optional<PayloadType> payload_type_from(std::uint8_t number);
std::optional<ErrorCode> error_code_from(std::uint32_t number);

// The IPsec DOI numbers of an algorithm KINK can carry; the error names
// KINK as the target.
Result<std::uint8_t> to_esp_transform(EncAlg alg);
Result<std::uint8_t> to_ah_transform(AuthAlg alg);
Result<std::uint16_t> to_auth_algorithm(AuthAlg alg);
Result<std::uint8_t> to_ipcomp_transform(CompAlg alg);
// KINK has no NAT traversal, so never a UDP-encapsulated mode.
Result<std::uint16_t> to_encapsulation_mode(IpsecMode mode);

std::span<const KinkNameRow<MessageType>> message_type_rows();
std::span<const KinkNameRow<PayloadType>> payload_type_rows();
std::span<const KinkNameRow<ErrorCode>> error_code_rows();

}  // namespace rc::rct::kink
