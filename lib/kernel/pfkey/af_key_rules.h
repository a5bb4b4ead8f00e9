// What Linux's af_key (the kernel PF_KEY, a front end to XFRM) cannot carry
// or report, found in net/key/af_key.c (6.1) and checked in the VM. The
// engine refuses it before the kernel sees it (ENOTSUP, naming XFRM as the
// way), instead of letting af_key change it silently:
//
//  - AEAD ciphers (AES-GCM, AES-CCM, ChaCha20-Poly1305, GMAC): af_key looks
//    sadb_sa_encrypt up only among the non-AEAD ciphers (ENOSYS);
//  - replay windows over 32 packets: af_key caps sadb_sa_replay at 32;
//  - a level use template with a reqid: af_key keeps a reqid only for
//    level unique;
//  - reqids above 0x3fff (IPSEC_MANUAL_REQID_MAX): af_key replaces them with
//    one of its own;
//  - policy lifetimes: af_key never sends SADB_X_SPDEXPIRE, so the policy
//    would vanish at its hard limit without anyone being told.
//
// (HMAC-SHA2-256, ESN and packet limits are refused by the codec itself,
// pfkey_sa.h.) One translation keeps the kernel's meaning: a level require
// template with a reqid goes out as level unique — af_key stores the reqid
// only then, and binds SAs by reqid whatever the level — and reads back as
// unique.
#pragma once

#include "base/result.h"
#include "kernel/policy.h"
#include "kernel/sa.h"

namespace rc::kernel::pfkey::af_key {

inline constexpr std::uint8_t kMaxReplayWindow = 32;
inline constexpr std::uint32_t kMaxManualReqid = 0x3fff;

Result<void> check_sa(const SaParams& sa);
Result<PolicyParams> adapt_policy(PolicyParams policy);

}  // namespace rc::kernel::pfkey::af_key
