// PolicyParams as SADB_X_SPDADD / X_SPDUPDATE / X_SPDDELETE / X_SPDGET /
// X_SPDDELETE2 / X_SPDDUMP replies (KAME and Linux extensions): the
// selector's two addresses, SADB_X_EXT_POLICY with its ipsecrequests, and
// the hard/soft/current lifetimes. The SPID is sadb_x_policy_id.
// Also SADB_X_SPDEXPIRE and SADB_X_MIGRATE.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/events.h"
#include "kernel/migrate.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/policy.h"

namespace rc::kernel::pfkey {

// X_SPDADD, X_SPDUPDATE or X_SPDDELETE (`type`) for `policy`. EINVAL for
// what PF_KEY cannot say (mixed families, an unknown direction, a template
// that is a bundle). `seq` goes into sadb_msg_seq.
Result<WipedBuffer> encode_policy(std::uint8_t type, const PolicyParams& policy,
                                  std::uint32_t seq = 0);
// X_SPDGET or X_SPDDELETE2 (`type`): only X_POLICY with the id and, as
// Linux requires, a direction: the one a Linux index encodes in its low 3
// bits (xfrm_policy_id2dir), IPSEC_DIR_ANY for an index that is not Linux's.
WipedBuffer encode_policy_by_spid(std::uint8_t type, Spid spid, std::uint32_t seq = 0);
// A reply (or pfkeyd: a request) carrying a whole policy: the X_SPDADD /
// X_SPDUPDATE / X_SPDGET / X_SPDDUMP messages. Current lifetime when present.
// IPSEC_POLICY_NONE and _BYPASS read as Bypass, ENTRUST is EBADMSG; a
// non-IPsec policy's requests are ignored (as the kernels do); a request of
// level DEFAULT or mode ANY, or a tunnel request without endpoints, is
// EBADMSG.
Result<PolicyInfo> decode_policy(const Message& message);
// The same for pfkeyd's replies and dumps: `header` gives type, seq, pid.
Result<WipedBuffer> encode_policy_reply(const Header& header, const PolicyInfo& policy);
// The SPID an X_SPDGET / X_SPDDELETE2 request names.
Result<Spid> decode_policy_spid(const Message& message);

// SADB_X_SPDEXPIRE: the whole policy with LIFETIME_CURRENT and the limit
// hit, HARD or SOFT (KAME sends HARD only; both: hard; neither: EBADMSG).
// Linux's af_key never sends one (key_notify_policy_expire is empty); pfkeyd
// does. The event's SPID, selector and direction override the policy's.
Result<PolicyExpireEvent> decode_policy_expire(const Message& message);
Result<WipedBuffer> encode_policy_expire(const PolicyExpireEvent& event, const PolicyInfo& policy);

// SADB_X_MIGRATE (Linux layout): the selector's addresses, X_POLICY whose
// ipsecrequests come in old/new pairs of tunnel endpoints (one pair per SA;
// both requests must agree on protocol, mode and reqid; level unique when
// there is a reqid). SADB_X_EXT_KMADDRESS is ignored when read and never
// written (MigrateParams has no place for it). EINVAL for no entries.
Result<WipedBuffer> encode_migrate(const MigrateParams& migration, std::uint32_t seq = 0);
Result<MigrateEvent> decode_migrate(const Message& message);

}  // namespace rc::kernel::pfkey
