#include "kernel/pfkey/pfkey_events.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kAcquire = "ACQUIRE";
constexpr std::string_view kExpire = "EXPIRE";

struct Endpoints {
  addr::IpAddress src;
  addr::IpAddress dst;
};

Result<Endpoints> read_endpoints(const Message& message, std::string_view kind) {
  auto pair = mapping::read_address_pair(message, kind);
  if (!pair) return fail(std::move(pair).error());
  return Endpoints{pair->src.address, pair->dst.address};
}

bool reached(std::uint64_t current, std::uint64_t limit) {
  return limit != 0 && current >= limit;
}

// What ran out: the counter that reached the limit the message carries
// (Linux counts packets as "allocations"), else time.
ExpireCause cause_of(const LifetimeExtension& current, const LifetimeExtension& limit) {
  if (reached(current.bytes, limit.bytes)) return ExpireCause::Bytes;
  if (reached(current.allocations, limit.allocations)) return ExpireCause::Packets;
  return ExpireCause::Time;
}

template <class T>
Result<std::optional<Event>> as_event(Result<T> decoded) {
  if (!decoded) return fail(std::move(decoded).error());
  return std::optional<Event>{std::move(*decoded)};
}

}  // namespace

Result<AcquireEvent> decode_acquire(const Message& message) {
  auto protocol = mapping::sa_type_of(message.header, kAcquire);
  if (!protocol) return fail(std::move(protocol).error());
  auto endpoints = read_endpoints(message, kAcquire);
  if (!endpoints) return fail(std::move(endpoints).error());
  // The packet as far as an ACQUIRE tells it: the SA endpoints as hosts
  // (the packet's own addresses only in transport mode) with its protocol
  // and ports.
  auto packet = read_selector(message);
  if (!packet) return fail(std::move(packet).error());
  packet->src = addr::Prefix::host(endpoints->src);
  packet->dst = addr::Prefix::host(endpoints->dst);
  const Extension* packet_src = message.find(kPfkeydPacketSource);
  const Extension* packet_dst = message.find(kPfkeydPacketDestination);
  if ((packet_src == nullptr) != (packet_dst == nullptr)) {
    return fail(mapping::malformed(kAcquire, "only one of the packet's addresses"));
  }
  if (packet_src != nullptr) {
    auto src = read_address(*packet_src);
    if (!src) return fail(std::move(src).error());
    auto dst = read_address(*packet_dst);
    if (!dst) return fail(std::move(dst).error());
    if (src->address.family() != dst->address.family() || src->protocol != dst->protocol) {
      return fail(mapping::malformed(kAcquire, "the packet's addresses disagree"));
    }
    packet->src = addr::Prefix::host(src->address);
    packet->dst = addr::Prefix::host(dst->address);
    packet->src_port = src->port;
    packet->dst_port = dst->port;
    packet->protocol = src->protocol;
  }
  auto extension = mapping::require(message, SADB_X_EXT_POLICY, kAcquire);
  if (!extension) return fail(std::move(extension).error());
  auto policy = read_policy(**extension);
  if (!policy) return fail(std::move(policy).error());

  AcquireEvent event;
  event.spid = policy->id;
  event.packet = *packet;
  event.protocol = *protocol;
  event.src = endpoints->src;
  event.dst = endpoints->dst;
  event.seq = message.header.seq;
  // Linux sends X_POLICY without requests: transport mode and no reqid
  // unless the template of our protocol comes along (pfkeyd sends it).
  const std::uint16_t ip_protocol = *mapping::ip_protocol_of(*protocol);
  for (const IpsecRequest& request : policy->requests) {
    if (request.protocol != ip_protocol) continue;
    const auto mode = rct::pfkey::from_mode(request.mode);
    if (!mode) return fail(mapping::malformed(kAcquire, fmt::format("mode {}", request.mode)));
    event.mode = *mode;
    event.reqid = request.reqid;
    break;
  }
  return event;
}

Result<WipedBuffer> encode_acquire(const AcquireEvent& event) {
  auto satype = mapping::satype_of(event.protocol);
  if (!satype) return fail(std::move(satype).error());
  auto ip_protocol = mapping::ip_protocol_of(event.protocol);
  if (!ip_protocol) return fail(std::move(ip_protocol).error());
  auto mode = rct::pfkey::to_mode(event.mode);
  if (!mode) return fail(mapping::invalid(mode.error().message));
  if (event.src.family() != event.dst.family()) {
    return fail(mapping::invalid("an ACQUIRE between addresses of two families"));
  }
  IpsecRequest request{
      *ip_protocol, *mode,
      event.reqid != 0 ? std::uint8_t{IPSEC_LEVEL_UNIQUE} : std::uint8_t{IPSEC_LEVEL_REQUIRE},
      event.reqid, std::nullopt};
  if (event.mode == rct::IpsecMode::Tunnel) request.tunnel.emplace(event.src, event.dst);

  MessageBuilder builder(Header{SADB_ACQUIRE, 0, *satype, event.seq, 0});
  AddressExtension src = host_address(event.src);
  src.port = event.packet.src_port;
  src.protocol = event.packet.protocol;
  AddressExtension dst = host_address(event.dst);
  dst.port = event.packet.dst_port;
  dst.protocol = event.packet.protocol;
  add_address(builder, SADB_EXT_ADDRESS_SRC, src);
  add_address(builder, SADB_EXT_ADDRESS_DST, dst);
  if (event.packet.src.address().family() != event.packet.dst.address().family()) {
    return fail(mapping::invalid("an ACQUIRE for a packet between addresses of two families"));
  }
  AddressExtension packet_src = host_address(event.packet.src.address());
  packet_src.port = event.packet.src_port;
  packet_src.protocol = event.packet.protocol;
  AddressExtension packet_dst = host_address(event.packet.dst.address());
  packet_dst.port = event.packet.dst_port;
  packet_dst.protocol = event.packet.protocol;
  add_address(builder, kPfkeydPacketSource, packet_src);
  add_address(builder, kPfkeydPacketDestination, packet_dst);
  // An ACQUIRE is for outbound traffic (Linux: XFRM_POLICY_OUT + 1).
  add_policy(builder,
             PolicyExtension{IPSEC_POLICY_IPSEC, IPSEC_DIR_OUTBOUND, event.spid, 0, {request}});
  return std::move(builder).finish();
}

Result<ExpireEvent> decode_expire(const Message& message) {
  auto type = mapping::sa_type_of(message.header, kExpire);
  if (!type) return fail(std::move(type).error());
  auto sa_extension = mapping::require(message, SADB_EXT_SA, kExpire);
  if (!sa_extension) return fail(std::move(sa_extension).error());
  auto sa = read_sa(**sa_extension);
  if (!sa) return fail(std::move(sa).error());
  auto endpoints = read_endpoints(message, kExpire);
  if (!endpoints) return fail(std::move(endpoints).error());

  ExpireEvent event;
  event.id = SaId{*type, endpoints->src, endpoints->dst, sa->spi};
  if (const Extension* extension = message.find(SADB_X_EXT_SA2)) {
    auto sa2 = read_sa2(*extension);
    if (!sa2) return fail(std::move(sa2).error());
    event.reqid = sa2->reqid;
  }
  LifetimeExtension current;
  if (const Extension* extension = message.find(SADB_EXT_LIFETIME_CURRENT)) {
    auto lifetime = read_lifetime(*extension);
    if (!lifetime) return fail(std::move(lifetime).error());
    current = *lifetime;
  }
  event.current = mapping::current_of(current);
  // The limit reached comes along, soft or hard (RFC 2367 §3.1.8); should
  // both come, the hard one counts.
  const Extension* limit = message.find(SADB_EXT_LIFETIME_HARD);
  event.hard = limit != nullptr;
  if (limit == nullptr) limit = message.find(SADB_EXT_LIFETIME_SOFT);
  if (limit == nullptr) {
    return fail(mapping::malformed(kExpire, "neither LIFETIME_HARD nor LIFETIME_SOFT"));
  }
  auto reached_limit = read_lifetime(*limit);
  if (!reached_limit) return fail(std::move(reached_limit).error());
  event.cause = cause_of(current, *reached_limit);
  return event;
}

Result<WipedBuffer> encode_expire(const ExpireEvent& event, const LifetimeLimit& limit) {
  auto satype = mapping::satype_of(event.id.type);
  if (!satype) return fail(std::move(satype).error());
  auto reached_limit = mapping::lifetime_of(limit);
  if (!reached_limit) return fail(std::move(reached_limit).error());
  if (event.id.src.family() != event.id.dst.family()) {
    return fail(mapping::invalid("an SA between addresses of two families"));
  }
  MessageBuilder builder(Header{SADB_EXPIRE, 0, *satype, 0, 0});
  const std::uint8_t state = event.hard ? SADB_SASTATE_DEAD : SADB_SASTATE_DYING;
  add_sa(builder, SaExtension{event.id.spi, 0, state, 0, 0, 0});
  // The event has no mode: IPSEC_MODE_ANY; the reqid is what X_SA2 is for.
  add_sa2(builder, Sa2Extension{IPSEC_MODE_ANY, 0, event.reqid});
  add_lifetime(builder, SADB_EXT_LIFETIME_CURRENT, mapping::lifetime_of(event.current));
  add_lifetime(builder, event.hard ? SADB_EXT_LIFETIME_HARD : SADB_EXT_LIFETIME_SOFT,
               *reached_limit);
  add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(event.id.src));
  add_address(builder, SADB_EXT_ADDRESS_DST, host_address(event.id.dst));
  return std::move(builder).finish();
}

Result<std::optional<Event>> decode_event(const Message& message) {
  // A message with sadb_msg_errno set answers a request; it reports nothing.
  if (message.header.error != 0) return std::optional<Event>{};
  switch (message.header.type) {
    case SADB_ACQUIRE:
      return as_event(decode_acquire(message));
    case SADB_EXPIRE:
      return as_event(decode_expire(message));
    case SADB_X_SPDEXPIRE:
      return as_event(decode_policy_expire(message));
    case SADB_X_MIGRATE:
      return as_event(decode_migrate(message));
    default:
      return std::optional<Event>{};
  }
}

}  // namespace rc::kernel::pfkey
