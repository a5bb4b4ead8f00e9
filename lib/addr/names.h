// Checks for the names an address can carry (interface names, DNS names) and
// the quoting used to show untrusted text inside an error message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace rc::addr {

// Linux and the BSDs both limit interface names to IFNAMSIZ - 1 characters.
inline constexpr std::size_t kMaxInterfaceNameLength = 15;
// RFC 1035: 63 octets a label, 255 on the wire, which is 253 in text form.
inline constexpr std::size_t kMaxDnsLabelLength = 63;
inline constexpr std::size_t kMaxDnsNameLength = 253;

// `text` in double quotes with control bytes, quotes and backslashes escaped
// and anything past 64 bytes cut, so config or peer text can go in a message.
std::string quote_text(std::string_view text);

// An interface name as `%ifname` or a scope: 1..15 printable characters
// without '/', '%' or white space, and neither "." nor "..".
Result<void> check_interface_name(std::string_view name);

// A host name: dot-separated labels of 1..63 letters, digits, '-' or '_'
// (no label starts or ends with '-'), at most 253 characters, with an
// optional trailing dot.
Result<void> check_dns_name(std::string_view name);

}  // namespace rc::addr
