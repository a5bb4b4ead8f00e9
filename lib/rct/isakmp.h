// Conversions between neutral values and ISAKMP / IPsec DOI numbers
// (RFC 2408, RFC 2407, RFC 2409, RFC 3947 and the IANA "ISAKMP Identifiers"
// and "Internet Key Exchange (IKE) Attributes" registries), used by iked's
// IKEv1 and by kinkd, which carries quick-mode payloads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "rct/table.h"
#include "rct/types.h"

namespace rc::rct::isakmp {

// RFC 2407 §4.2: the IPsec DOI.
inline constexpr std::uint32_t kDoiIpsec = 1;
// RFC 2407 §4.4.1 PROTO_ISAKMP.
inline constexpr std::uint8_t kProtocolIsakmp = 1;

// RFC 2408 §3.1 exchange types, plus Quick Mode and New Group Mode (RFC 2409 §5.5, §6).
enum class ExchangeType : std::uint8_t {
  Base = 1,
  IdentityProtection = 2,
  AuthenticationOnly = 3,
  Aggressive = 4,
  Informational = 5,
  Quick = 32,
  NewGroup = 33,
};

// RFC 2409 Appendix A phase-1 attribute classes.
enum class Phase1Attribute : std::uint16_t {
  Encryption = 1,
  Hash = 2,
  AuthMethod = 3,
  GroupDescription = 4,
  GroupType = 5,
  LifeType = 11,
  LifeDuration = 12,
  Prf = 13,
  KeyLength = 14,
};

// RFC 2407 §4.5 IPsec SA attribute classes.
enum class SaAttribute : std::uint16_t {
  LifeType = 1,
  LifeDuration = 2,
  GroupDescription = 3,
  EncapsulationMode = 4,
  AuthAlgorithm = 5,
  KeyLength = 6,
  KeyRounds = 7,
  CompressDictionarySize = 8,
  CompressPrivateAlgorithm = 9,
};

// Whether an SA's packets are UDP-encapsulated for NAT traversal (RFC 3947).
enum class Encapsulation { Plain, Udp };

struct EncapsulationRow {
  IpsecMode mode;
  Encapsulation encapsulation;
  std::uint16_t value;

  bool operator==(const EncapsulationRow&) const = default;
};

// The exchange a phase-1 exchange_mode runs.
Result<std::uint8_t> to_exchange_type(ExchangeMode mode);
std::optional<ExchangeMode> from_exchange_type(std::uint8_t type);

// Proposal Protocol-Id (RFC 2407 §4.4.1).
Result<std::uint8_t> to_protocol(SaType type);
std::optional<SaType> from_protocol(std::uint8_t id);

// Transform ids of the three IPsec protocols (RFC 2407 §4.4.3-4.4.5).
Result<std::uint8_t> to_esp_transform(EncAlg alg);
std::optional<EncAlg> from_esp_transform(std::uint8_t id);
Result<std::uint8_t> to_ah_transform(AuthAlg alg);
std::optional<AuthAlg> from_ah_transform(std::uint8_t id);
Result<std::uint8_t> to_ipcomp_transform(CompAlg alg);
std::optional<CompAlg> from_ipcomp_transform(std::uint8_t id);

// SA attribute "Authentication Algorithm" (RFC 2407 §4.5). non_auth has no
// value: ESP without authentication omits the attribute.
Result<std::uint16_t> to_auth_algorithm(AuthAlg alg);
std::optional<AuthAlg> from_auth_algorithm(std::uint16_t value);

// SA attribute "Encapsulation Mode" (RFC 2407 §4.5, RFC 3947).
Result<std::uint16_t> to_encapsulation_mode(IpsecMode mode,
                                            Encapsulation encapsulation = Encapsulation::Plain);
std::optional<EncapsulationRow> from_encapsulation_mode(std::uint16_t value);

// Phase-1 attribute values (RFC 2409 Appendix A).
Result<std::uint16_t> to_ike_encryption(EncAlg alg);
std::optional<EncAlg> from_ike_encryption(std::uint16_t value);
Result<std::uint16_t> to_ike_hash(HashAlg alg);
std::optional<HashAlg> from_ike_hash(std::uint16_t value);
Result<std::uint16_t> to_ike_auth_method(AuthMethod method);
std::optional<AuthMethod> from_ike_auth_method(std::uint16_t value);
// Also the Group Description SA attribute of quick mode with PFS.
Result<std::uint16_t> to_ike_group(DhGroup group);
std::optional<DhGroup> from_ike_group(std::uint16_t value);

// ID payload ID Type (RFC 2407 §4.6.2.1).
Result<std::uint8_t> to_id_type(IdType type, IpFamily family = IpFamily::V4);
std::optional<IdType> from_id_type(std::uint8_t id);

std::span<const Row<ExchangeMode, std::uint8_t>> exchange_type_rows();
std::span<const Row<SaType, std::uint8_t>> protocol_rows();
std::span<const Row<EncAlg, std::uint8_t>> esp_transform_rows();
std::span<const Row<AuthAlg, std::uint8_t>> ah_transform_rows();
std::span<const Row<CompAlg, std::uint8_t>> ipcomp_transform_rows();
std::span<const Row<AuthAlg, std::uint16_t>> auth_algorithm_rows();
std::span<const EncapsulationRow> encapsulation_mode_rows();
std::span<const Row<EncAlg, std::uint16_t>> ike_encryption_rows();
std::span<const Row<HashAlg, std::uint16_t>> ike_hash_rows();
std::span<const Row<AuthMethod, std::uint16_t>> ike_auth_method_rows();
std::span<const Row<DhGroup, std::uint16_t>> ike_group_rows();
std::span<const IdTypeRow> id_type_rows();

}  // namespace rc::rct::isakmp
