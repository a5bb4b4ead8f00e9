// Conversions between neutral values and PF_KEYv2 numbers (RFC 2367 with the
// KAME and Linux extensions): SA types, SADB algorithm ids, and the
// IPSEC_MODE/LEVEL/DIR/POLICY values of sadb_x_policy and its requests.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "rct/table.h"
#include "rct/types.h"

namespace rc::rct::pfkey {

// sadb_msg_satype
Result<std::uint8_t> to_sa_type(SaType type);
std::optional<SaType> from_sa_type(std::uint8_t satype);

// sadb_sa_encrypt
Result<std::uint8_t> to_encryption(EncAlg alg);
std::optional<EncAlg> from_encryption(std::uint8_t id);

// sadb_sa_auth
Result<std::uint8_t> to_authentication(AuthAlg alg);
std::optional<AuthAlg> from_authentication(std::uint8_t id);

// sadb_sa_encrypt of an IPComp SA
Result<std::uint8_t> to_compression(CompAlg alg);
std::optional<CompAlg> from_compression(std::uint8_t id);

// sadb_x_sa2_mode, sadb_x_ipsecrequest_mode
Result<std::uint8_t> to_mode(IpsecMode mode);
std::optional<IpsecMode> from_mode(std::uint8_t mode);

// sadb_x_ipsecrequest_level
Result<std::uint8_t> to_level(IpsecLevel level);
std::optional<IpsecLevel> from_level(std::uint8_t level);

// sadb_x_policy_dir
Result<std::uint8_t> to_direction(Direction dir);
std::optional<Direction> from_direction(std::uint8_t dir);

// sadb_x_policy_type. static_ipsec installs an IPsec policy like auto_ipsec;
// the reverse direction gives auto_ipsec.
Result<std::uint16_t> to_policy_type(Action action);
std::optional<Action> from_policy_type(std::uint16_t type);

// The tables themselves, so tests can check every row.
std::span<const Row<SaType, std::uint8_t>> sa_type_rows();
std::span<const Row<EncAlg, std::uint8_t>> encryption_rows();
std::span<const Row<AuthAlg, std::uint8_t>> authentication_rows();
std::span<const Row<CompAlg, std::uint8_t>> compression_rows();
std::span<const Row<IpsecMode, std::uint8_t>> mode_rows();
std::span<const Row<IpsecLevel, std::uint8_t>> level_rows();
std::span<const Row<Direction, std::uint8_t>> direction_rows();
std::span<const Row<Action, std::uint16_t>> policy_type_rows();

}  // namespace rc::rct::pfkey
