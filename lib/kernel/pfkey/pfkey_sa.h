// SaParams as PF_KEY ADD / UPDATE requests and GET replies (RFC 2367 §3.1.3,
// 3.1.4, 3.1.5 with X_SA2 and the NAT-T extensions).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/sa.h"

namespace rc::kernel::pfkey {

// Our pfkeyd speaks PF_KEYv2 with three additions Linux af_key lacks, so
// that it can hold every SA the XFRM engine can:
//  - HMAC-SHA2-256 with RFC 4868's 128-bit ICV (af_key gives it a 96-bit one,
//    the pre-RFC draft, which RFC 4868 peers reject: through af_key it is
//    refused, pointing to XFRM);
//  - ChaCha20-Poly1305 as sadb_sa_encrypt 28, its IANA ESP transform number
//    (RFC 7634), which is how KAME numbers every SADB_X_EALG_*;
//  - extended sequence numbers as sadb_sa_flags bit 0x400 (FreeBSD's
//    SADB_X_SAFLAGS_ESN).
inline constexpr std::uint8_t kPfkeydChacha20Poly1305 = 28;
inline constexpr std::uint32_t kPfkeydEsnFlag = 0x400;

struct SaEncodeOptions {
  bool pfkeyd_dialect = false;  // the peer is pfkeyd: the additions above
};

// SADB_ADD or SADB_UPDATE (`type`) for `params`. Refused (ENOTSUP) when PF_KEY
// cannot say it: packet limits, a selector; HMAC-SHA2-256, ChaCha20-Poly1305
// and ESN outside the pfkeyd dialect. Decoding always understands the
// dialect (no kernel sends those numbers).
Result<WipedBuffer> encode_sa(std::uint8_t type, const SaParams& params,
                              const SaEncodeOptions& options = {});

// The SA of an ADD / UPDATE / GET message (request or reply).
Result<SaParams> decode_sa(const Message& message);

// A GET reply or one DUMP message: the SA with its state (sadb_sa_state:
// LARVAL, MATURE, DYING, DEAD) and LIFETIME_CURRENT. A larval SA has no
// algorithms and no keys. `header` gives type, seq, pid (and satype is
// taken from the SA).
Result<WipedBuffer> encode_sa_info(const Header& header, const SaInfo& info,
                                   const SaEncodeOptions& options = {});
Result<SaInfo> decode_sa_info(const Message& message);

}  // namespace rc::kernel::pfkey
