// XFRM messages from the kernel as our neutral structs: GETSA / dump
// replies, GETPOLICY / dump replies, and the events ACQUIRE, EXPIRE,
// POLEXPIRE and MIGRATE. Pure. Every fixed struct and attribute is checked
// against its size before it is read, unknown attributes are skipped, and a
// malformed message is an EBADMSG error, never undefined behaviour. What the
// kernel may hold but racoon2 cannot name (a BEET-mode SA, an algorithm
// outside rct::xfrm) is ENOTSUP.
#pragma once

#include <linux/xfrm.h>

#include <optional>

#include "base/result.h"
#include "kernel/events.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/xfrm/netlink.h"

namespace rc::kernel::xfrm::decode {

// XFRM_MSG_NEWSA. A state without algorithms is larval (XFRM does not
// report the state itself).
Result<SaInfo> sa(const netlink::Message& message);
// XFRM_MSG_NEWPOLICY; the direction may be Fwd (the engine hides those).
Result<PolicyInfo> policy(const netlink::Message& message);

// ACQUIRE: the policy's index is the SPID; the template of the SA type
// asked for gives mode and reqid.
Result<AcquireEvent> acquire(const netlink::Message& message);
// EXPIRE: the cause is the limit the current counters reached.
Result<ExpireEvent> expire(const netlink::Message& message);
Result<PolicyExpireEvent> policy_expire(const netlink::Message& message);
Result<MigrateEvent> migrate(const netlink::Message& message);
// Whichever of the four `message` is; nothing for any other type.
Result<std::optional<Event>> event(const netlink::Message& message);

// The (type, src, dst, SPI) of a kernel SA.
Result<SaId> sa_id(const xfrm_usersa_info& info);

}  // namespace rc::kernel::xfrm::decode
