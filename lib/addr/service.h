// Ports and upper-layer protocols as the config writes them: numbers, the
// word "any", or names from the services and protocols databases.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace rc::addr {

inline constexpr std::uint16_t kPortAny = 0;       // RC_PORT_ANY
inline constexpr std::uint8_t kProtocolAny = 255;  // RC_PROTO_ANY

// "500", "any" (0), or a service name ("isakmp") looked up for UDP, then TCP.
Result<std::uint16_t> parse_port(std::string_view text);

// "50", "any" (255), or a protocol name ("esp", "ipv6-icmp"). "icmp6",
// "icmpv6" and "mh" are known even where /etc/protocols lacks them (Debian
// does), because racoon2's own samples write "icmp6".
Result<std::uint8_t> parse_protocol(std::string_view text);

}  // namespace rc::addr
