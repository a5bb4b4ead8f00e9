// pfkeyd's private message, in no kernel: "this packet leaves (or arrives)".
// pfkeyd looks up its SPD as a kernel would for a real packet: it sends an
// ACQUIRE when an IPsec policy has no SA, and counts the bytes on the SA it
// picked so byte lifetimes run out for real. The message type sits above
// every SADB_* number Linux and the BSDs use.
//
// Request (sadb_msg_type kPfkeydPacket, satype UNSPEC):
//   ADDRESS_SRC / ADDRESS_DST  the packet: host prefixes, its ports, and its
//                              protocol in sadb_address_proto
//   X_POLICY                   only sadb_x_policy_dir counts (IPSEC_DIR_*);
//                              type, id and priority are 0, no requests
//   LIFETIME_CURRENT           sadb_lifetime_bytes: the packet's size
// Reply (same type, the request's seq and pid): the verdict;
// sadb_msg_errno is 0 unless the request was bad (then nothing follows and
// decode_packet_reply returns that errno).
//   no X_POLICY                NoPolicy
//   X_POLICY, type NONE        Bypass    } sadb_x_policy_id is the SPID
//   X_POLICY, type DISCARD     Discard   } of the policy that matched;
//   X_POLICY, type IPSEC       Acquire   } direction IPSEC_DIR_ANY
//   X_POLICY IPSEC + SA        Protected: SADB_EXT_SA (the SPI, state
//     + ADDRESS_SRC/DST        MATURE) and the SA's endpoints as host
//                              addresses; sadb_msg_satype is the SA's type
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/selector.h"

namespace rc::kernel::pfkey {

inline constexpr std::uint8_t kPfkeydPacket = 200;

struct PacketReport {
  Selector packet;  // host prefixes; protocol and ports as in the packet
  rct::Direction direction = rct::Direction::Outbound;
  std::uint64_t bytes = 0;

  bool operator==(const PacketReport&) const = default;
};

enum class PacketOutcome : std::uint8_t {
  NoPolicy,   // no policy matched: sent in the clear
  Bypass,     // a bypass policy matched
  Discard,    // a discard policy matched: dropped
  Protected,  // IPsec with an SA: bytes counted on it
  Acquire,    // IPsec without an SA: dropped, ACQUIRE sent (or pending)
};

struct PacketVerdict {
  PacketOutcome outcome = PacketOutcome::NoPolicy;
  Spid spid = 0;           // the policy that matched (0 for NoPolicy)
  std::optional<SaId> sa;  // Protected: the SA of the first template
  bool operator==(const PacketVerdict&) const = default;
};

Result<WipedBuffer> encode_packet(const PacketReport& report, std::uint32_t seq = 0);
Result<PacketReport> decode_packet(const Message& message);
Result<WipedBuffer> encode_packet_reply(const Header& header, const PacketVerdict& verdict);
Result<PacketVerdict> decode_packet_reply(const Message& message);

}  // namespace rc::kernel::pfkey
