#include "kernel/xfrm/xfrm_encode.h"

#include <arpa/inet.h>
#include <linux/ipsec.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/xfrm_algorithms.h"
#include "kernel/xfrm/xfrm_wire.h"
#include "rct/names.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm::encode {
namespace {

using wire::invalid;

constexpr std::uint16_t kRequest = NLM_F_REQUEST;
constexpr std::uint16_t kRequestAck = NLM_F_REQUEST | NLM_F_ACK;
constexpr std::uint32_t kFirstUsableSpi = 0x100;
constexpr std::uint32_t kMaxCpi = 0xffff;
// XFRM keeps a 32-bit replay bitmap in xfrm_usersa_info; wider windows and
// ESN need struct xfrm_replay_state_esn.
constexpr unsigned kLegacyReplayWindow = 32;

Result<std::uint8_t> direction_number(rct::Direction direction) {
  auto dir = rct::xfrm::to_direction(direction);
  if (!dir) return fail(invalid(dir.error().message));
  return *dir;
}

Result<addr::Family> sa_family(const SaId& id) {
  if (id.src.family() != id.dst.family()) {
    return fail(invalid(fmt::format("SA {} -> {} mixes IPv4 and IPv6", id.src, id.dst)));
  }
  return id.dst.family();
}

// "Any traffic" of the SA's family, as the kernel itself fills in.
xfrm_selector any_selector(addr::Family family) {
  xfrm_selector out{};
  out.family = wire::kernel_family(family);
  return out;
}

// Where the replay window goes: the 8-bit field of xfrm_usersa_info up to
// 32 packets, else (and always for ESN) struct xfrm_replay_state_esn with a
// bitmap as wide as the window.
struct ReplaySetting {
  std::uint8_t legacy_window = 0;
  bool esn = false;
  std::optional<wire::ReplayEsnHead> state;
};

Result<ReplaySetting> replay_setting(const SaParams& sa) {
  const unsigned window = sa.replay_window;
  if (!sa.extended_sequence_numbers && window <= kLegacyReplayWindow) {
    return ReplaySetting{sa.replay_window, false, std::nullopt};
  }
  if (sa.id.type == rct::SaType::Ipcomp) {
    return fail(invalid("an IPComp SA has no sequence numbers (no ESN, no replay window)"));
  }
  wire::ReplayEsnHead state{};
  state.bmp_len = std::max(1U, (window + 31) / 32);
  state.replay_window = window;
  // The kernel refuses a window in both places.
  return ReplaySetting{0, sa.extended_sequence_numbers, state};
}

void append_replay(netlink::MessageBuilder& message, const ReplaySetting& replay) {
  if (!replay.state) return;
  const std::vector<std::uint8_t> bitmap(replay.state->bmp_len * sizeof(std::uint32_t), 0);
  message.attribute(XFRMA_REPLAY_ESN_VAL, *replay.state, bitmap);
}

Result<void> append_nat(netlink::MessageBuilder& message, const SaParams& sa) {
  if (!sa.nat) return ok();
  if (sa.id.type != rct::SaType::Esp) return fail(invalid("UDP encapsulation is for ESP only"));
  xfrm_encap_tmpl encap{};
  encap.encap_type = UDP_ENCAP_ESPINUDP;
  encap.encap_sport = htons(sa.nat->src_port);
  encap.encap_dport = htons(sa.nat->dst_port);
  encap.encap_oa =
      sa.nat->original_address ? wire::to_address(*sa.nat->original_address) : wire::zero_address();
  message.attribute(XFRMA_ENCAP, encap);
  return ok();
}

xfrm_userpolicy_id policy_id(Spid spid) {
  xfrm_userpolicy_id id{};
  id.index = spid;
  id.dir = static_cast<std::uint8_t>(direction_of_index(spid));
  return id;
}

Result<xfrm_userpolicy_id> policy_id(const Selector& selector, rct::Direction direction) {
  auto sel = wire::to_selector(selector);
  if (!sel) return fail(std::move(sel).error());
  auto dir = direction_number(direction);
  if (!dir) return fail(std::move(dir).error());
  xfrm_userpolicy_id id{};
  id.sel = *sel;
  id.dir = *dir;
  return id;
}

Result<WipedBuffer> sa_id_request(std::uint16_t type, std::uint16_t flags, const SaId& id) {
  auto sa_id = wire::to_sa_id(id);
  if (!sa_id) return fail(std::move(sa_id).error());
  netlink::MessageBuilder message(type, flags);
  message.fixed(*sa_id);
  message.attribute(XFRMA_SRCADDR, wire::to_address(id.src));
  return std::move(message).finish();
}

Result<WipedBuffer> selector_request(std::uint16_t type, std::uint16_t flags,
                                     const Selector& selector, rct::Direction direction) {
  auto id = policy_id(selector, direction);
  if (!id) return fail(std::move(id).error());
  netlink::MessageBuilder message(type, flags);
  message.fixed(*id);
  return std::move(message).finish();
}

}  // namespace

Result<SpiRange> usable_spi_range(const SpiRequest& request) {
  SpiRange range{std::max(request.min, kFirstUsableSpi), request.max};
  if (request.type == rct::SaType::Ipcomp) range.max = std::min(range.max, kMaxCpi);
  if (range.min > range.max) {
    return fail(invalid(
        fmt::format("SPI range {:#x}-{:#x} holds no usable {} (0-255 are "
                    "reserved{})",
                    request.min, request.max, request.type == rct::SaType::Ipcomp ? "CPI" : "SPI",
                    request.type == rct::SaType::Ipcomp ? ", CPIs have 16 bits" : "")));
  }
  return range;
}

Result<WipedBuffer> allocate_spi(const SpiRequest& request) {
  auto proto = wire::to_protocol(request.type);
  if (!proto) return fail(std::move(proto).error());
  auto mode = wire::to_mode(request.mode);
  if (!mode) return fail(std::move(mode).error());
  auto family = sa_family(SaId{request.type, request.src, request.dst, 0});
  if (!family) return fail(std::move(family).error());
  auto range = usable_spi_range(request);
  if (!range) return fail(std::move(range).error());
  xfrm_userspi_info spi{};
  spi.info.id.daddr = wire::to_address(request.dst);
  spi.info.id.proto = *proto;
  spi.info.saddr = wire::to_address(request.src);
  spi.info.family = wire::kernel_family(*family);
  spi.info.mode = *mode;
  spi.info.reqid = request.reqid;
  spi.info.seq = request.seq;
  spi.min = range->min;  // host order, unlike every SPI the kernel reports
  spi.max = range->max;
  netlink::MessageBuilder message(XFRM_MSG_ALLOCSPI, kRequest);
  message.fixed(spi);
  return std::move(message).finish();
}

Result<WipedBuffer> add_sa(const SaParams& sa, bool update) {
  auto proto = wire::to_protocol(sa.id.type);
  if (!proto) return fail(std::move(proto).error());
  auto mode = wire::to_mode(sa.mode);
  if (!mode) return fail(std::move(mode).error());
  auto family = sa_family(sa.id);
  if (!family) return fail(std::move(family).error());
  if (sa.id.type == rct::SaType::Ipcomp && sa.id.spi > kMaxCpi) {
    return fail(invalid(fmt::format("IPComp CPI {:#x} has more than 16 bits", sa.id.spi)));
  }
  xfrm_usersa_info info{};
  if (sa.selector) {
    auto sel = wire::to_selector(*sa.selector);
    if (!sel) return fail(std::move(sel).error());
    info.sel = *sel;
  } else {
    info.sel = any_selector(*family);
  }
  info.id.daddr = wire::to_address(sa.id.dst);
  info.id.spi = htonl(sa.id.spi);
  info.id.proto = *proto;
  info.saddr = wire::to_address(sa.id.src);
  info.lft = wire::to_lifetime(sa.lifetimes);
  info.seq = sa.seq;
  info.reqid = sa.reqid;
  info.family = wire::kernel_family(*family);
  info.mode = *mode;

  auto replay = replay_setting(sa);
  if (!replay) return fail(std::move(replay).error());
  info.replay_window = replay->legacy_window;
  if (replay->esn) info.flags |= XFRM_STATE_ESN;

  netlink::MessageBuilder message(update ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA, kRequestAck);
  message.fixed(info);
  if (auto r = algorithms::append(message, sa); !r) return fail(std::move(r).error());
  append_replay(message, *replay);
  if (auto r = append_nat(message, sa); !r) return fail(std::move(r).error());
  return std::move(message).finish();
}

Result<WipedBuffer> get_sa(const SaId& id) {
  return sa_id_request(XFRM_MSG_GETSA, kRequest, id);
}

Result<WipedBuffer> delete_sa(const SaId& id) {
  return sa_id_request(XFRM_MSG_DELSA, kRequestAck, id);
}

WipedBuffer dump_sas() {
  return netlink::MessageBuilder(XFRM_MSG_GETSA, NLM_F_REQUEST | NLM_F_DUMP).finish();
}

WipedBuffer flush_sas() {
  xfrm_usersa_flush flush{};
  flush.proto = IPSEC_PROTO_ANY;
  netlink::MessageBuilder message(XFRM_MSG_FLUSHSA, kRequestAck);
  message.fixed(flush);
  return std::move(message).finish();
}

Result<WipedBuffer> add_policy(const PolicyParams& policy, bool update) {
  auto sel = wire::to_selector(policy.selector);
  if (!sel) return fail(std::move(sel).error());
  auto dir = direction_number(policy.direction);
  if (!dir) return fail(std::move(dir).error());
  if (policy.spid != 0 && direction_of_index(policy.spid) != *dir) {
    return fail(invalid(fmt::format("SPID {} does not belong to direction {}", policy.spid,
                                    rct::display_name(policy.direction))));
  }
  const bool ipsec = policy.action == PolicyAction::Ipsec;
  if (ipsec && policy.templates.empty()) {
    return fail(invalid("an IPsec policy needs at least one template"));
  }
  if (!ipsec && !policy.templates.empty()) {
    return fail(invalid("only an IPsec policy takes templates (bypass and discard take none)"));
  }
  if (policy.templates.size() > wire::kMaxDepth) {
    return fail(invalid(fmt::format("{} templates; XFRM applies at most {}",
                                    policy.templates.size(), wire::kMaxDepth)));
  }
  auto action = rct::xfrm::to_action(policy.action == PolicyAction::Discard ? rct::Action::Discard
                                     : ipsec                                ? rct::Action::AutoIpsec
                                                                            : rct::Action::None);
  if (!action) return fail(invalid(action.error().message));

  xfrm_userpolicy_info info{};
  info.sel = *sel;
  info.lft = wire::to_lifetime(policy.lifetimes);
  info.priority = policy.priority;
  info.index = policy.spid;
  info.dir = *dir;
  info.action = action->xfrm_action;
  info.share = XFRM_SHARE_ANY;

  std::vector<xfrm_user_tmpl> templates;
  for (const PolicyTemplate& tmpl : policy.templates) {
    auto kernel_tmpl = wire::to_template(tmpl, policy.selector.src.family());
    if (!kernel_tmpl) return fail(std::move(kernel_tmpl).error());
    templates.push_back(*kernel_tmpl);
  }
  netlink::MessageBuilder message(update ? XFRM_MSG_UPDPOLICY : XFRM_MSG_NEWPOLICY, kRequestAck);
  message.fixed(info);
  if (!templates.empty()) {
    WipedBuffer bytes;
    for (const xfrm_user_tmpl& tmpl : templates) netlink::append_struct(bytes, tmpl);
    message.attribute(XFRMA_TMPL, bytes.view());
  }
  return std::move(message).finish();
}

WipedBuffer get_policy(Spid spid) {
  netlink::MessageBuilder message(XFRM_MSG_GETPOLICY, kRequest);
  message.fixed(policy_id(spid));
  return std::move(message).finish();
}

WipedBuffer delete_policy(Spid spid) {
  netlink::MessageBuilder message(XFRM_MSG_DELPOLICY, kRequestAck);
  message.fixed(policy_id(spid));
  return std::move(message).finish();
}

Result<WipedBuffer> get_policy(const Selector& selector, rct::Direction direction) {
  return selector_request(XFRM_MSG_GETPOLICY, kRequest, selector, direction);
}

Result<WipedBuffer> delete_policy(const Selector& selector, rct::Direction direction) {
  return selector_request(XFRM_MSG_DELPOLICY, kRequestAck, selector, direction);
}

WipedBuffer dump_policies() {
  return netlink::MessageBuilder(XFRM_MSG_GETPOLICY, NLM_F_REQUEST | NLM_F_DUMP).finish();
}

WipedBuffer flush_policies() {
  return netlink::MessageBuilder(XFRM_MSG_FLUSHPOLICY, kRequestAck).finish();
}

Result<WipedBuffer> migrate(const MigrateParams& migration) {
  auto id = policy_id(migration.selector, migration.direction);
  if (!id) return fail(std::move(id).error());
  if (migration.entries.empty() || migration.entries.size() > wire::kMaxDepth) {
    return fail(invalid(fmt::format("a migration moves 1 to {} SAs, not {}", wire::kMaxDepth,
                                    migration.entries.size())));
  }
  WipedBuffer entries;
  for (const MigrateEntry& entry : migration.entries) {
    auto proto = wire::to_protocol(entry.protocol);
    if (!proto) return fail(std::move(proto).error());
    auto mode = wire::to_mode(entry.mode);
    if (!mode) return fail(std::move(mode).error());
    if (entry.old_src.family() != entry.old_dst.family() ||
        entry.new_src.family() != entry.new_dst.family()) {
      return fail(invalid("a migration entry mixes IPv4 and IPv6 within the old or new pair"));
    }
    xfrm_user_migrate m{};
    m.old_daddr = wire::to_address(entry.old_dst);
    m.old_saddr = wire::to_address(entry.old_src);
    m.new_daddr = wire::to_address(entry.new_dst);
    m.new_saddr = wire::to_address(entry.new_src);
    m.proto = *proto;
    m.mode = *mode;
    m.reqid = entry.reqid;
    m.old_family = wire::kernel_family(entry.old_dst.family());
    m.new_family = wire::kernel_family(entry.new_dst.family());
    netlink::append_struct(entries, m);
  }
  netlink::MessageBuilder message(XFRM_MSG_MIGRATE, kRequestAck);
  message.fixed(*id);
  message.attribute(XFRMA_MIGRATE, entries.view());
  return std::move(message).finish();
}

}  // namespace rc::kernel::xfrm::encode
