// A traffic selector as PF_KEY carries it (X_SPD*, ACQUIRE, X_MIGRATE): the
// SADB_EXT_ADDRESS_SRC / _DST pair, each with its prefix length, port and
// the upper-layer protocol (IPSEC_ULPROTO_ANY = 255 = kAnyProtocol). ICMP
// type and code ride in the source and destination ports, as the kernels do.
#pragma once

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/selector.h"

namespace rc::kernel::pfkey {

// EINVAL when the two prefixes are of different families (PF_KEY has one
// family per selector); ifindex is dropped (PF_KEY has no field for it).
Result<void> add_selector(MessageBuilder& builder, const Selector& selector);
// Both addresses must be present (EBADMSG otherwise) and agree on family
// and protocol. Protocol 0 reads as any (Linux copies XFRM's 0 into
// ACQUIRE and MIGRATE); host bits beyond the prefix length are cleared.
Result<Selector> read_selector(const Message& message);

}  // namespace rc::kernel::pfkey
