// The rule tables of rules.h, one per (exchange, request|response), each row
// with the RFC 7296 section it comes from. Payload order is not a rule:
// §2.5 says a receiver MUST NOT reject payloads in another order than the
// figures show; only the SK payload's place (last, §3.14) is checked.
//
// Vendor ID may appear in any message (§3.12). EAP (§2.16) and IKE_AUTH
// without a Child SA in the request (RFC 6023) are not supported by iked
// and are not in these tables: an EAP payload is "not allowed", an IKE_AUTH
// request without AUTH or SA is "missing" one.
#include <array>

#include "ikev2/rules.h"

namespace rc::ikev2 {
namespace {

using enum PayloadType;
constexpr auto kClear = Placement::Clear;
constexpr auto kInside = Placement::Encrypted;
constexpr std::uint16_t kMany = kUnbounded;

// §1.2: HDR, SAi1, KEi, Ni; N(COOKIE) on the retry (§2.6); the NAT
// detection notifies (§2.23) and other status notifies (§3.10.1).
constexpr auto kIkeSaInitRequest = std::to_array<PayloadRule>({
    {Sa, 1, 1, kClear, false, "RFC 7296 §1.2 SAi1"},
    {Ke, 1, 1, kClear, false, "RFC 7296 §1.2 KEi"},
    {Nonce, 1, 1, kClear, false, "RFC 7296 §1.2 Ni"},
    {Notify, 0, kMany, kClear, false, "RFC 7296 §2.6 COOKIE, §2.23 NAT_DETECTION_*"},
    {VendorId, 0, kMany, kClear, false, "RFC 7296 §3.12"},
});

// §1.2: HDR, SAr1, KEr, Nr, [CERTREQ]; or HDR, N(COOKIE) (§2.6), or an
// error notify such as INVALID_KE_PAYLOAD (§1.2) or NO_PROPOSAL_CHOSEN.
constexpr auto kIkeSaInitResponse = std::to_array<PayloadRule>({
    {Sa, 1, 1, kClear, false, "RFC 7296 §1.2 SAr1"},
    {Ke, 1, 1, kClear, false, "RFC 7296 §1.2 KEr"},
    {Nonce, 1, 1, kClear, false, "RFC 7296 §1.2 Nr"},
    {CertReq, 0, kMany, kClear, false, "RFC 7296 §1.2 [CERTREQ]"},
    {Notify, 0, kMany, kClear, false, "RFC 7296 §2.23 NAT_DETECTION_*"},
    {VendorId, 0, kMany, kClear, false, "RFC 7296 §3.12"},
});

// §1.2: HDR, SK {IDi, [CERT,] [CERTREQ,] [IDr,] AUTH, SAi2, TSi, TSr};
// CP(CFG_REQUEST) from §2.19; the notifies of §1.2 (INITIAL_CONTACT,
// USE_TRANSPORT_MODE, IPCOMP_SUPPORTED, ...).
constexpr auto kIkeAuthRequest = std::to_array<PayloadRule>({
    {Sk, 1, 1, kClear, false, "RFC 7296 §1.2 SK{...}"},
    {IdI, 1, 1, kInside, false, "RFC 7296 §1.2 IDi"},
    {Cert, 0, kMany, kInside, false, "RFC 7296 §1.2 [CERT+], §3.6"},
    {CertReq, 0, kMany, kInside, false, "RFC 7296 §1.2 [CERTREQ+]"},
    {IdR, 0, 1, kInside, false, "RFC 7296 §1.2 [IDr]"},
    {Auth, 1, 1, kInside, false, "RFC 7296 §1.2 AUTH"},
    {Cp, 0, 1, kInside, false, "RFC 7296 §2.19 CP(CFG_REQUEST)"},
    {Sa, 1, 1, kInside, false, "RFC 7296 §1.2 SAi2"},
    {TsI, 1, 1, kInside, false, "RFC 7296 §1.2 TSi"},
    {TsR, 1, 1, kInside, false, "RFC 7296 §1.2 TSr"},
    {Notify, 0, kMany, kInside, false, "RFC 7296 §1.2 [N+]"},
    {VendorId, 0, kMany, kInside, false, "RFC 7296 §3.12"},
});

// §1.2: HDR, SK {IDr, [CERT,] AUTH, SAr2, TSi, TSr}; without SAr2, TSi and
// TSr when the Child SA failed but the IKE SA stands (§1.2, §2.21.2); only
// an error notify when the IKE SA failed (AUTHENTICATION_FAILED, §2.21.2).
constexpr auto kIkeAuthResponse = std::to_array<PayloadRule>({
    {Sk, 1, 1, kClear, false, "RFC 7296 §1.2 SK{...}"},
    {IdR, 1, 1, kInside, false, "RFC 7296 §1.2 IDr"},
    {Cert, 0, kMany, kInside, false, "RFC 7296 §1.2 [CERT+]"},
    {Auth, 1, 1, kInside, false, "RFC 7296 §1.2 AUTH"},
    {Cp, 0, 1, kInside, false, "RFC 7296 §2.19 CP(CFG_REPLY)"},
    {Sa, 0, 1, kInside, true, "RFC 7296 §1.2 SAr2, absent per §2.21.2"},
    {TsI, 0, 1, kInside, true, "RFC 7296 §1.2 TSi, absent per §2.21.2"},
    {TsR, 0, 1, kInside, true, "RFC 7296 §1.2 TSr, absent per §2.21.2"},
    {Notify, 0, kMany, kInside, false, "RFC 7296 §1.2 [N+]"},
    {VendorId, 0, kMany, kInside, false, "RFC 7296 §3.12"},
});

// §1.3.1 new Child SA: SK {[N(...)], SA, Ni, [KEi], TSi, TSr}; §1.3.3
// rekeying one: the same with N(REKEY_SA); §1.3.2 rekeying the IKE SA:
// SK {SA, Ni, KEi}, no selectors. Whether KE is required depends on the
// proposal's protocol, which the handler reads.
constexpr auto kCreateChildSaRequest = std::to_array<PayloadRule>({
    {Sk, 1, 1, kClear, false, "RFC 7296 §1.3 SK{...}"},
    {Sa, 1, 1, kInside, false, "RFC 7296 §1.3.1 SA"},
    {Nonce, 1, 1, kInside, false, "RFC 7296 §1.3.1 Ni"},
    {Ke, 0, 1, kInside, false, "RFC 7296 §1.3.1 [KEi], §1.3.2 KEi"},
    {TsI, 0, 1, kInside, true, "RFC 7296 §1.3.1 TSi, absent per §1.3.2"},
    {TsR, 0, 1, kInside, true, "RFC 7296 §1.3.1 TSr, absent per §1.3.2"},
    {Notify, 0, kMany, kInside, false, "RFC 7296 §1.3.1, §1.3.3 N(REKEY_SA)"},
    {VendorId, 0, kMany, kInside, false, "RFC 7296 §3.12"},
});

// §1.3.1: SK {SA, Nr, [KEr], TSi, TSr}; §1.3.2: SK {SA, Nr, KEr}; or an
// error notify (NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE, TEMPORARY_FAILURE ...,
// §1.3, §2.21.3) that leaves the IKE SA alone.
constexpr auto kCreateChildSaResponse = std::to_array<PayloadRule>({
    {Sk, 1, 1, kClear, false, "RFC 7296 §1.3 SK{...}"},
    {Sa, 1, 1, kInside, false, "RFC 7296 §1.3.1 SA"},
    {Nonce, 1, 1, kInside, false, "RFC 7296 §1.3.1 Nr"},
    {Ke, 0, 1, kInside, false, "RFC 7296 §1.3.1 [KEr], §1.3.2 KEr"},
    {TsI, 0, 1, kInside, true, "RFC 7296 §1.3.1 TSi, absent per §1.3.2"},
    {TsR, 0, 1, kInside, true, "RFC 7296 §1.3.1 TSr, absent per §1.3.2"},
    {Notify, 0, kMany, kInside, false, "RFC 7296 §1.3.1 [N+]"},
    {VendorId, 0, kMany, kInside, false, "RFC 7296 §3.12"},
});

// §1.4: SK {[N,] [D,] [CP,] ...} both ways: zero or more Notify, Delete and
// Configuration payloads; an empty SK is the liveness check (§2.4).
constexpr auto kInformational = std::to_array<PayloadRule>({
    {Sk, 1, 1, kClear, false, "RFC 7296 §1.4 SK{...}"},
    {Notify, 0, kMany, kInside, false, "RFC 7296 §1.4 [N+]"},
    {Delete, 0, kMany, kInside, false, "RFC 7296 §1.4 [D+]"},
    {Cp, 0, kMany, kInside, false, "RFC 7296 §1.4 [CP+]"},
    {VendorId, 0, kMany, kInside, false, "RFC 7296 §3.12"},
});

static_assert(kIkeAuthRequest.size() <= kMaxRulesPerTable);
static_assert(kIkeAuthResponse.size() <= kMaxRulesPerTable);

constexpr auto kTables = std::to_array<RuleTable>({
    {ExchangeType::IkeSaInit, false, NotifyAnswer::Refused, kIkeSaInitRequest, "RFC 7296 §1.2"},
    {ExchangeType::IkeSaInit, true, NotifyAnswer::ErrorOrCookie, kIkeSaInitResponse,
     "RFC 7296 §1.2, §2.6"},
    {ExchangeType::IkeAuth, false, NotifyAnswer::Refused, kIkeAuthRequest, "RFC 7296 §1.2"},
    {ExchangeType::IkeAuth, true, NotifyAnswer::Error, kIkeAuthResponse, "RFC 7296 §1.2, §2.21.2"},
    {ExchangeType::CreateChildSa, false, NotifyAnswer::Refused, kCreateChildSaRequest,
     "RFC 7296 §1.3"},
    {ExchangeType::CreateChildSa, true, NotifyAnswer::Error, kCreateChildSaResponse,
     "RFC 7296 §1.3, §2.21.3"},
    {ExchangeType::Informational, false, NotifyAnswer::Refused, kInformational, "RFC 7296 §1.4"},
    {ExchangeType::Informational, true, NotifyAnswer::Refused, kInformational, "RFC 7296 §1.4"},
});

}  // namespace

std::span<const RuleTable> rule_tables() {
  return kTables;
}

const RuleTable* find_rule_table(ExchangeType exchange, bool response) {
  for (const RuleTable& table : kTables) {
    if (table.exchange == exchange && table.response == response) return &table;
  }
  return nullptr;
}

}  // namespace rc::ikev2
