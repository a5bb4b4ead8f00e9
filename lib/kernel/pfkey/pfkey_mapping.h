// What the PF_KEY message mappers (SA, policy, events, GETSPI, pfkeyd's
// packet) share: their errors, the SA type and IP protocol numbers, the
// lifetime conversions, and the X_POLICY <-> PolicyParams translation.
// Internal to lib/kernel/pfkey: callers use the per-message headers.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "kernel/lifetime.h"
#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/policy.h"
#include "rct/types.h"

namespace rc::kernel::pfkey::mapping {

// EBADMSG "malformed PF_KEY <what> message: <detail>"
Error malformed(std::string_view message_kind, std::string_view detail);
// EINVAL: the caller asked for something PF_KEY has no way to say.
Error invalid(std::string_view detail);
// ENOTSUP "PF_KEY cannot express <what>"
Error unsupported(std::string_view what);

// The extension of `type`, or EBADMSG naming what is missing.
Result<const Extension*> require(const Message& message, std::uint16_t type,
                                 std::string_view message_kind);

// ADDRESS_SRC and ADDRESS_DST, both required and of one family (EBADMSG
// otherwise): what every SA, GETSPI, ACQUIRE and selector message carries.
struct AddressPair {
  AddressExtension src;
  AddressExtension dst;
};
Result<AddressPair> read_address_pair(const Message& message, std::string_view message_kind);

// sadb_msg_satype of a single SA (ESP, AH, IPComp); EINVAL for a bundle.
Result<std::uint8_t> satype_of(rct::SaType type);
// The SA type of a message header; EBADMSG for anything else.
Result<rct::SaType> sa_type_of(const Header& header, std::string_view message_kind);

// IPPROTO_ESP / _AH / _COMP of an ipsecrequest; EINVAL for a bundle.
Result<std::uint16_t> ip_protocol_of(rct::SaType type);
std::optional<rct::SaType> sa_type_from_ip_protocol(std::uint16_t protocol);

// Limits: packets have no PF_KEY field (Linux reads "allocations" as a
// packet count, KAME as a count of allocations), so a packet limit is
// refused with ENOTSUP and allocations are ignored when read.
Result<LifetimeExtension> lifetime_of(const LifetimeLimit& limit);
LifetimeLimit limit_of(const LifetimeExtension& lifetime);
// Counters: Linux reports the packet count in sadb_lifetime_allocations of
// LIFETIME_CURRENT; we read and write it there.
LifetimeExtension lifetime_of(const LifetimeCurrent& current);
LifetimeCurrent current_of(const LifetimeExtension& lifetime);
// LIFETIME_CURRENT of a message, zeros when absent.
Result<LifetimeCurrent> read_current(const Message& message);
// LIFETIME_HARD and LIFETIME_SOFT of a message, no limit when absent.
Result<Lifetimes> read_limits(const Message& message);
// Both limits (Linux wants both or neither).
Result<void> add_limits(MessageBuilder& builder, const Lifetimes& lifetimes);

// PolicyParams (less the selector and lifetimes) as X_POLICY, and back.
// Only an IPsec policy has ipsecrequests: templates on a bypass or discard
// policy are EINVAL, as are a tunnel without both endpoints, endpoints of
// two families and a bundle protocol.
Result<PolicyExtension> policy_extension_of(const PolicyParams& params);
// Action, direction, SPID, priority and templates; EBADMSG for numbers we
// have no value for.
Result<void> read_policy_extension(const PolicyExtension& policy, PolicyParams& params);

}  // namespace rc::kernel::pfkey::mapping
