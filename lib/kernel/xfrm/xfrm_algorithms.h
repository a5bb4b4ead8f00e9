// The algorithm attributes of an SA: XFRMA_ALG_CRYPT, XFRMA_ALG_AEAD,
// XFRMA_ALG_AUTH_TRUNC (always, so the ICV truncation is explicit) and
// XFRMA_ALG_COMP, named and sized by the rct::xfrm tables. Keys go straight
// from SecretBytes into the (wiped) message and back.
#pragma once

#include <vector>

#include "base/result.h"
#include "kernel/sa.h"
#include "kernel/xfrm/netlink.h"

namespace rc::kernel::xfrm::algorithms {

// Appends the attributes `sa` needs, after checking that the algorithms fit
// its protocol (ESP: a cipher, an AEAD or integrity; AH: integrity only;
// IPComp: compression only) and that every key has the length its algorithm
// takes. ESP with integrity and no cipher gets the null cipher, as the
// kernel requires one. Errors are EINVAL.
Result<void> append(netlink::MessageBuilder& message, const SaParams& sa);

// Fills the algorithms and keys of `sa` from a NEWSA message's attributes.
// Returns false when there are none (a larval SA). A key longer than its
// attribute is EBADMSG; an algorithm racoon2 has no name for is ENOTSUP.
Result<bool> read(const std::vector<netlink::Attribute>& attributes, SaParams& sa);

}  // namespace rc::kernel::xfrm::algorithms
