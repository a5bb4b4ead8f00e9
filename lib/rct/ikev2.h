// Conversions between neutral values and IKEv2 numbers (RFC 7296 and the
// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registry):
// transform types and ids, authentication methods, ID types, protocol ids.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "rct/table.h"
#include "rct/types.h"

namespace rc::rct::ikev2 {

// RFC 7296 §3.3.2 "Transform Type Values".
enum class TransformType : std::uint8_t { Encr = 1, Prf = 2, Integ = 3, Dh = 4, Esn = 5 };

// RFC 7296 §3.3.1 Protocol ID of an IKE SA proposal.
inline constexpr std::uint8_t kProtocolIke = 1;

// An ENCR transform: its id and whether the Key Length attribute (RFC 7296
// §3.3.5) goes with it. It must for variable-length ciphers (AES, CAST,
// Blowfish, RC5) and must not for fixed ones (DES, 3DES, IDEA, NULL,
// ChaCha20-Poly1305 per RFC 7634).
struct EncrRow {
  EncAlg alg;
  std::uint16_t id;
  bool key_length_attribute;

  bool operator==(const EncrRow&) const = default;
};

Result<EncrRow> to_encr(EncAlg alg);
std::optional<EncAlg> from_encr(std::uint16_t id);

Result<std::uint16_t> to_prf(Prf prf);
std::optional<Prf> from_prf(std::uint16_t id);

Result<std::uint16_t> to_integ(AuthAlg alg);
std::optional<AuthAlg> from_integ(std::uint16_t id);

// Also the config's numeric DH group form (`kmp_dh_group 14;`).
Result<std::uint16_t> to_dh(DhGroup group);
std::optional<DhGroup> from_dh(std::uint16_t id);

// ext_sequence on/off as the ESN transform (0 = no ESN, 1 = ESN).
Result<std::uint16_t> to_esn(Bool esn);
std::optional<Bool> from_esn(std::uint16_t id);

// AUTH payload Auth Method.
Result<std::uint8_t> to_auth_method(AuthMethod method);
std::optional<AuthMethod> from_auth_method(std::uint8_t id);

// ID payload ID Type.
Result<std::uint8_t> to_id_type(IdType type, IpFamily family = IpFamily::V4);
std::optional<IdType> from_id_type(std::uint8_t id);

// Proposal / Delete / Notify Protocol ID of a Child SA (IPComp is not a
// protocol in IKEv2; it travels in the IPCOMP_SUPPORTED notify).
Result<std::uint8_t> to_protocol(SaType type);
std::optional<SaType> from_protocol(std::uint8_t id);

// IPCOMP_SUPPORTED Transform ID (RFC 7296 §3.10.1).
Result<std::uint8_t> to_ipcomp(CompAlg alg);
std::optional<CompAlg> from_ipcomp(std::uint8_t id);

std::span<const EncrRow> encr_rows();
std::span<const Row<Prf, std::uint16_t>> prf_rows();
std::span<const Row<AuthAlg, std::uint16_t>> integ_rows();
std::span<const Row<DhGroup, std::uint16_t>> dh_rows();
std::span<const Row<Bool, std::uint16_t>> esn_rows();
std::span<const Row<AuthMethod, std::uint8_t>> auth_method_rows();
std::span<const IdTypeRow> id_type_rows();
std::span<const Row<SaType, std::uint8_t>> protocol_rows();
std::span<const Row<CompAlg, std::uint8_t>> ipcomp_rows();

}  // namespace rc::rct::ikev2
