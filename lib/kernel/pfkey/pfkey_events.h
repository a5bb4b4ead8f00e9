// The messages a key engine sends unasked: SADB_ACQUIRE (RFC 2367 §3.1.6
// with Linux's X_POLICY naming the policy) and SADB_EXPIRE (§3.1.8), plus
// decode_event() for everything that may arrive on an event socket.
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.h"
#include "kernel/events.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/policy.h"

namespace rc::kernel::pfkey {

// ACQUIRE: sadb_msg_seq is the event's seq; source and destination are the
// template's SA endpoints (the packet's addresses in transport mode) with
// the packet's ports and protocol; X_POLICY carries the SPID, direction and
// the template asked for (mode, reqid); the proposal lists what we accept.
// Decoding: packet.src/dst are the SA endpoints as hosts (no PF_KEY ACQUIRE
// carries a tunnelled packet's own addresses); Linux's ACQUIRE has no
// request in X_POLICY, so mode and reqid read as transport and 0, and its
// protocol 0 as any. The proposal is not read (AcquireEvent has no place
// for it; read_proposal in pfkey_register.h reads it) and encode_acquire
// sends none. encode_acquire writes one ipsecrequest (level unique when it
// has a reqid; the SA endpoints as its tunnel endpoints in tunnel mode).
//
// pfkeyd adds the packet itself (tunnel mode loses it otherwise): its
// source and destination with ports and protocol in two extensions of
// FreeBSD's SADB_X_EXT_NEW_ADDRESS_SRC/DST numbers, which no kernel puts in
// an ACQUIRE. When present, they are the event's `packet`.
inline constexpr std::uint16_t kPfkeydPacketSource = 30;
inline constexpr std::uint16_t kPfkeydPacketDestination = 31;
Result<AcquireEvent> decode_acquire(const Message& message);
Result<WipedBuffer> encode_acquire(const AcquireEvent& event);

// EXPIRE: SA, X_SA2 (reqid), addresses, LIFETIME_CURRENT, and the limit hit
// (LIFETIME_SOFT or LIFETIME_HARD) — its presence says soft or hard (HARD
// wins if both come; neither is EBADMSG); the cause is the limit the current
// counters reached: bytes, else allocations (Linux's packet count), else
// time. LIFETIME_CURRENT's allocations are current.packets.
Result<ExpireEvent> decode_expire(const Message& message);
// `limit` is the SA's limit that was reached (soft or hard per event.hard).
Result<WipedBuffer> encode_expire(const ExpireEvent& event, const LifetimeLimit& limit);

// ACQUIRE, EXPIRE, X_SPDEXPIRE or X_MIGRATE as an Event; nothing for any
// other message type (replies broadcast to every socket, REGISTER, ...) nor
// for a message with sadb_msg_errno set (a reply, not an event).
Result<std::optional<Event>> decode_event(const Message& message);

}  // namespace rc::kernel::pfkey
