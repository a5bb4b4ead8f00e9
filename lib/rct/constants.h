// Fixed numbers of the RCT scheme (reference §7): well-known ports, the
// "any protocol" marker, the infinite lifetime, and the two bit sets the
// config stores as integers (IKEv2 CP requests and acceptable KMPs).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "rct/types.h"

namespace rc::rct {

inline constexpr std::uint16_t kPortIke = 500;
inline constexpr std::uint16_t kPortIkeNatt = 4500;
// The original's RC_PORT_KINK is 0 ("kinkd decides"); kinkd then uses the
// RFC 4430 port, so the neutral constant is the real one.
inline constexpr std::uint16_t kPortKink = 910;
inline constexpr std::uint16_t kPortSpmd = 9555;
inline constexpr std::uint16_t kPortDns = 53;
inline constexpr std::uint16_t kPortAny = 0;

// upper_layer_protocol any; equals IPSEC_ULPROTO_ANY of <linux/ipsec.h>.
inline constexpr std::uint8_t kProtoAny = 255;

// Lifetimes of 0 (seconds or bytes) mean "never expires".
inline constexpr std::uint64_t kLifetimeInfinite = 0;

// IKEv2 configuration-payload requests (`request { ... }` in ikev2{}).
inline constexpr std::uint32_t kRequestIp4Dns = 0x0001;
inline constexpr std::uint32_t kRequestIp6Dns = 0x0002;
inline constexpr std::uint32_t kRequestIp4Dhcp = 0x0004;
inline constexpr std::uint32_t kRequestIp6Dhcp = 0x0008;
inline constexpr std::uint32_t kRequestApplicationVersion = 0x0010;
inline constexpr std::uint32_t kRequestMip6HomePrefix = 0x0020;
inline constexpr std::uint32_t kRequestIp4Address = 0x0040;
inline constexpr std::uint32_t kRequestIp6Address = 0x0080;

// One `request` item and the bits it sets.
struct ConfigRequestRow {
  std::string_view keyword;
  std::uint32_t bits;
};
// Every item in the order of the original grammar.
std::span<const ConfigRequestRow> config_request_rows();

// The bits one `request` item sets (`ip` sets both address bits, as in the
// original grammar); nullopt for a word that is not a request item.
std::optional<std::uint32_t> config_request_from_keyword(std::string_view word);

// acceptable_kmp as a bit set.
inline constexpr std::uint16_t kAllowIkev1 = 0x1;
inline constexpr std::uint16_t kAllowIkev2 = 0x2;
inline constexpr std::uint16_t kAllowKink = 0x4;

// The acceptable_kmp bit of one KMP; 0 for an unset or unknown value.
std::uint16_t allow_bit(Kmp kmp);

}  // namespace rc::rct
