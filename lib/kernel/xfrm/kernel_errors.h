// Errors from the kernel turned into sentences for the operator: what was
// being done, the kernel's own explanation (extended ack) and, where the
// cause is a missing kernel feature, which one and what to do about it.
// The errno is always kept in Error::code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "addr/ip_address.h"
#include "base/error.h"
#include "kernel/sa.h"
#include "kernel/selector.h"

namespace rc::kernel::xfrm {

// "ESP", "AH", "IPComp"
std::string_view protocol_name(rct::SaType type);
// "ESP SA 192.0.2.1 -> 192.0.2.2 SPI 0x1001"
std::string describe(const SaId& id);
// "outbound policy 192.0.2.1/32 -> 192.0.2.2/32 protocol 17 ports 0 -> 53"
std::string describe(const Selector& selector, rct::Direction direction);

// "<what>: <cause>"
Error failed(std::string_view what, const Error& cause);

// Why the kernel cannot hold SAs of `type`: "the kernel cannot hold ESP SAs:
// no ESP transform in this kernel (CONFIG_INET_ESP / module esp4); ...".
// Without a family both modules are named.
std::string missing_transform(rct::SaType type, std::optional<addr::Family> family);

// An add or update of `sa` failed: a missing transform (EPROTONOSUPPORT,
// "Requested type not found") or crypto algorithm (ENOSYS) is named;
// ESRCH (no SA to update) becomes ENOENT, as for every other engine.
Error sa_failed(std::string_view what, const SaParams& sa, const Error& cause);

// ESRCH, XFRM's "no such SA", as ENOENT.
Error sa_lookup_failed(std::string_view what, const Error& cause);

}  // namespace rc::kernel::xfrm
