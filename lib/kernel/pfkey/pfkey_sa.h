// SaParams as PF_KEY ADD / UPDATE requests and GET replies (RFC 2367 §3.1.3,
// 3.1.4, 3.1.5 with X_SA2 and the NAT-T extensions).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/sa.h"

namespace rc::kernel::pfkey {

struct SaEncodeOptions {
  // Linux af_key installs HMAC-SHA2-256 with a 96-bit ICV (the pre-RFC 4868
  // draft), which no RFC 4868 peer accepts; such SAs must go through XFRM.
  // Our own pfkeyd uses the 128-bit ICV and sets this.
  bool allow_hmac_sha2_256 = false;
};

// SADB_ADD or SADB_UPDATE (`type`) for `params`. Refused (ENOTSUP) when PF_KEY
// cannot say it: ESN, packet limits, a selector; HMAC-SHA2-256 unless allowed.
Result<WipedBuffer> encode_sa(std::uint8_t type, const SaParams& params,
                              const SaEncodeOptions& options = {});

// The SA of an ADD / UPDATE / GET message (request or reply).
Result<SaParams> decode_sa(const Message& message);

}  // namespace rc::kernel::pfkey
