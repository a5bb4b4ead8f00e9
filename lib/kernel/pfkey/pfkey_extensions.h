// Typed PF_KEYv2 extensions both ways (RFC 2367 §2.3 and the KAME/Linux
// X_ ones): each add_* appends one extension to a MessageBuilder, each
// read_* checks one parsed Extension's length and fields. Numbers
// (SADB_SATYPE_*, algorithm ids, modes) stay numbers here; rct/pfkey.h
// converts them to our enums.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey {

// SADB_EXT_SA
struct SaExtension {
  std::uint32_t spi = 0;  // host order (network order on the wire)
  std::uint8_t replay = 0;
  std::uint8_t state = 0;
  std::uint8_t auth = 0;
  std::uint8_t encrypt = 0;
  std::uint32_t flags = 0;

  bool operator==(const SaExtension&) const = default;
};
void add_sa(MessageBuilder& builder, const SaExtension& sa);
Result<SaExtension> read_sa(const Extension& extension);

// SADB_EXT_LIFETIME_CURRENT / _HARD / _SOFT
struct LifetimeExtension {
  std::uint32_t allocations = 0;
  std::uint64_t bytes = 0;
  std::uint64_t add_time = 0;
  std::uint64_t use_time = 0;

  bool operator==(const LifetimeExtension&) const = default;
};
void add_lifetime(MessageBuilder& builder, std::uint16_t type, const LifetimeExtension& lifetime);
Result<LifetimeExtension> read_lifetime(const Extension& extension);

// SADB_EXT_ADDRESS_SRC / _DST / _PROXY: sockaddr_in or sockaddr_in6.
struct AddressExtension {
  addr::IpAddress address;
  std::uint16_t port = 0;          // host order
  std::uint8_t prefix_length = 0;  // host_address() gives the full length
  std::uint8_t protocol = 255;     // IPSEC_ULPROTO_ANY

  bool operator==(const AddressExtension&) const = default;
};
// An address with the full prefix length and any protocol.
AddressExtension host_address(const addr::IpAddress& address);
void add_address(MessageBuilder& builder, std::uint16_t type, const AddressExtension& address);
Result<AddressExtension> read_address(const Extension& extension);

// SADB_EXT_KEY_AUTH / _ENCRYPT: the key bytes (bits = 8 × size).
void add_key(MessageBuilder& builder, std::uint16_t type, std::span<const std::uint8_t> key);
// A view of the key bytes inside the extension (sadb_key_bits / 8 of them).
Result<std::span<const std::uint8_t>> read_key(const Extension& extension);

// SADB_EXT_SPIRANGE
struct SpiRange {
  std::uint32_t min = 0;
  std::uint32_t max = 0;

  bool operator==(const SpiRange&) const = default;
};
void add_spi_range(MessageBuilder& builder, const SpiRange& range);
Result<SpiRange> read_spi_range(const Extension& extension);

// SADB_X_EXT_SA2
struct Sa2Extension {
  std::uint8_t mode = 0;  // IPSEC_MODE_*
  std::uint32_t sequence = 0;
  std::uint32_t reqid = 0;

  bool operator==(const Sa2Extension&) const = default;
};
void add_sa2(MessageBuilder& builder, const Sa2Extension& sa2);
Result<Sa2Extension> read_sa2(const Extension& extension);

// SADB_X_EXT_NAT_T_TYPE (UDP_ENCAP_ESPINUDP, ...)
void add_nat_type(MessageBuilder& builder, std::uint8_t type);
Result<std::uint8_t> read_nat_type(const Extension& extension);
// SADB_X_EXT_NAT_T_SPORT / _DPORT (host order here)
void add_nat_port(MessageBuilder& builder, std::uint16_t type, std::uint16_t port);
Result<std::uint16_t> read_nat_port(const Extension& extension);

// One sadb_x_ipsecrequest of an IPsec policy.
struct IpsecRequest {
  std::uint16_t protocol = 0;  // IPPROTO_ESP, IPPROTO_AH, IPPROTO_COMP
  std::uint8_t mode = 0;       // IPSEC_MODE_*
  std::uint8_t level = 0;      // IPSEC_LEVEL_*
  std::uint32_t reqid = 0;
  // Tunnel endpoints (source, destination): two sockaddrs after the request.
  std::optional<std::pair<addr::IpAddress, addr::IpAddress>> tunnel;

  bool operator==(const IpsecRequest&) const = default;
};

// SADB_X_EXT_POLICY
struct PolicyExtension {
  std::uint16_t type = 0;      // IPSEC_POLICY_*
  std::uint8_t direction = 0;  // IPSEC_DIR_*
  std::uint32_t id = 0;        // the kernel's policy id (our spid)
  std::uint32_t priority = 0;
  std::vector<IpsecRequest> requests;

  bool operator==(const PolicyExtension&) const = default;
};
void add_policy(MessageBuilder& builder, const PolicyExtension& policy);
Result<PolicyExtension> read_policy(const Extension& extension);

}  // namespace rc::kernel::pfkey
