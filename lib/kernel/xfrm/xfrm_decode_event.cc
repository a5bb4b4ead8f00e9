// XFRM_MSG_ACQUIRE, XFRM_MSG_EXPIRE and XFRM_MSG_MIGRATE, and the dispatch
// of every event type the engine listens for.
#include <arpa/inet.h>

#include <cerrno>

#include <fmt/format.h>

#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_wire.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm::decode {
namespace {

using wire::malformed;

// The template the kernel acquires for: same protocol and, for a tunnel,
// the same far end.
const xfrm_user_tmpl* acquired_template(const xfrm_user_acquire& acquire,
                                        const std::vector<xfrm_user_tmpl>& templates) {
  for (const xfrm_user_tmpl& tmpl : templates) {
    if (tmpl.id.proto != acquire.id.proto) continue;
    if (tmpl.mode == XFRM_MODE_TUNNEL && !wire::is_zero(tmpl.id.daddr, tmpl.family) &&
        !wire::same_address(tmpl.id.daddr, acquire.id.daddr, tmpl.family)) {
      continue;
    }
    return &tmpl;
  }
  return nullptr;
}

Result<std::vector<xfrm_user_tmpl>> raw_templates(const std::vector<netlink::Attribute>& attrs) {
  std::vector<xfrm_user_tmpl> out;
  const netlink::Attribute* attribute = netlink::find(attrs, XFRMA_TMPL);
  if (attribute == nullptr) return out;
  if (attribute->data.size() % sizeof(xfrm_user_tmpl) != 0) {
    return fail(malformed(fmt::format("XFRMA_TMPL of {} bytes", attribute->data.size())));
  }
  for (std::size_t at = 0; at < attribute->data.size(); at += sizeof(xfrm_user_tmpl)) {
    const auto tmpl = netlink::read_struct<xfrm_user_tmpl>(attribute->data.subspan(at));
    if (!tmpl) return fail(malformed("short template"));
    out.push_back(*tmpl);
  }
  return out;
}

bool reached(std::uint64_t current, std::uint64_t limit) {
  return limit != 0 && limit != XFRM_INF && current >= limit;
}

ExpireCause cause_of(const xfrm_usersa_info& state, bool hard) {
  const std::uint64_t bytes = hard ? state.lft.hard_byte_limit : state.lft.soft_byte_limit;
  const std::uint64_t packets = hard ? state.lft.hard_packet_limit : state.lft.soft_packet_limit;
  if (reached(state.curlft.bytes, bytes)) return ExpireCause::Bytes;
  if (reached(state.curlft.packets, packets)) return ExpireCause::Packets;
  return ExpireCause::Time;
}

}  // namespace

Result<AcquireEvent> acquire(const netlink::Message& message) {
  const auto acquire = netlink::read_struct<xfrm_user_acquire>(message.payload);
  if (!acquire) return fail(malformed("ACQUIRE shorter than struct xfrm_user_acquire"));
  auto attributes = netlink::parse_attributes_after(message.payload, sizeof(xfrm_user_acquire));
  if (!attributes) return fail(std::move(attributes).error());
  auto templates = raw_templates(*attributes);
  if (!templates) return fail(std::move(templates).error());

  AcquireEvent out;
  auto packet = wire::from_selector(acquire->sel);
  if (!packet) return fail(std::move(packet).error());
  out.packet = *packet;
  auto protocol = wire::from_protocol(acquire->id.proto);
  if (!protocol) return fail(std::move(protocol).error());
  out.protocol = *protocol;
  // The SA's family is the template's (a tunnel may carry the other family).
  addr::Family family = out.packet.src.family();
  if (const xfrm_user_tmpl* tmpl = acquired_template(*acquire, *templates)) {
    auto mode = wire::from_mode(tmpl->mode);
    if (!mode) return fail(std::move(mode).error());
    out.mode = *mode;
    out.reqid = tmpl->reqid;
    if (tmpl->family != 0) {
      auto own = wire::family_of(tmpl->family);
      if (!own) return fail(std::move(own).error());
      family = *own;
    }
  }
  out.src = wire::from_address(acquire->saddr, family);
  out.dst = wire::from_address(acquire->id.daddr, family);
  out.spid = acquire->policy.index;
  out.seq = acquire->seq;
  return out;
}

Result<ExpireEvent> expire(const netlink::Message& message) {
  const auto expire = netlink::read_struct<xfrm_user_expire>(message.payload);
  if (!expire) return fail(malformed("EXPIRE shorter than struct xfrm_user_expire"));
  auto id = sa_id(expire->state);
  if (!id) return fail(std::move(id).error());
  ExpireEvent out;
  out.id = *id;
  out.hard = expire->hard != 0;
  out.cause = cause_of(expire->state, out.hard);
  out.reqid = expire->state.reqid;
  out.current = wire::from_current(expire->state.curlft);
  return out;
}

Result<MigrateEvent> migrate(const netlink::Message& message) {
  const auto id = netlink::read_struct<xfrm_userpolicy_id>(message.payload);
  if (!id) return fail(malformed("MIGRATE shorter than struct xfrm_userpolicy_id"));
  auto attributes = netlink::parse_attributes_after(message.payload, sizeof(xfrm_userpolicy_id));
  if (!attributes) return fail(std::move(attributes).error());
  MigrateEvent out;
  auto selector = wire::from_selector(id->sel);
  if (!selector) return fail(std::move(selector).error());
  out.params.selector = *selector;
  auto direction = rct::xfrm::from_direction(id->dir);
  if (!direction) return fail(malformed(fmt::format("policy direction {}", id->dir)));
  out.params.direction = *direction;
  const netlink::Attribute* list = netlink::find(*attributes, XFRMA_MIGRATE);
  constexpr std::size_t kSize = sizeof(xfrm_user_migrate);
  if (list == nullptr || list->data.empty() || list->data.size() % kSize != 0) {
    return fail(malformed("MIGRATE without a whole list of struct xfrm_user_migrate"));
  }
  for (std::size_t at = 0; at < list->data.size(); at += kSize) {
    const auto m = netlink::read_struct<xfrm_user_migrate>(list->data.subspan(at));
    if (!m) return fail(malformed("short migrate entry"));
    auto protocol = wire::from_protocol(m->proto);
    auto mode = wire::from_mode(m->mode);
    auto old_family = wire::family_of(m->old_family);
    auto new_family = wire::family_of(m->new_family);
    if (!protocol) return fail(std::move(protocol).error());
    if (!mode) return fail(std::move(mode).error());
    if (!old_family) return fail(std::move(old_family).error());
    if (!new_family) return fail(std::move(new_family).error());
    out.params.entries.push_back(MigrateEntry{*protocol, *mode, m->reqid,
                                              wire::from_address(m->old_saddr, *old_family),
                                              wire::from_address(m->old_daddr, *old_family),
                                              wire::from_address(m->new_saddr, *new_family),
                                              wire::from_address(m->new_daddr, *new_family)});
  }
  return out;
}

Result<std::optional<Event>> event(const netlink::Message& message) {
  switch (message.type) {
    case XFRM_MSG_ACQUIRE: {
      auto e = acquire(message);
      if (!e) return fail(std::move(e).error());
      return std::optional<Event>{*e};
    }
    case XFRM_MSG_EXPIRE: {
      auto e = expire(message);
      if (!e) return fail(std::move(e).error());
      return std::optional<Event>{*e};
    }
    case XFRM_MSG_POLEXPIRE: {
      auto e = policy_expire(message);
      if (!e) return fail(std::move(e).error());
      return std::optional<Event>{*e};
    }
    case XFRM_MSG_MIGRATE: {
      auto e = migrate(message);
      if (!e) return fail(std::move(e).error());
      return std::optional<Event>{std::move(*e)};
    }
    default:
      return std::optional<Event>{};
  }
}

}  // namespace rc::kernel::xfrm::decode
