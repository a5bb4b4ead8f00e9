#include "packet_path.h"

#include <cerrno>
#include <vector>

#include "sa_expiry.h"

namespace rc::pfkeyd {
namespace {

using kernel::pfkey::PacketOutcome;
using kernel::pfkey::PacketReport;

Result<void> check_report(const PacketReport& report) {
  const kernel::Selector& packet = report.packet;
  if (!packet.src.is_host() || !packet.dst.is_host()) {
    return fail(Error{EINVAL, "a packet's addresses are hosts, not networks"});
  }
  if (packet.src.family() != packet.dst.family()) {
    return fail(Error{EINVAL, "a packet's addresses are of one family"});
  }
  if (report.direction != rct::Direction::Outbound && report.direction != rct::Direction::Inbound &&
      report.direction != rct::Direction::Fwd) {
    return fail(Error{EINVAL, "a packet goes in, out or is forwarded"});
  }
  return ok();
}

// The SA a template needs for this packet: between the tunnel endpoints,
// or the packet's own addresses in transport mode.
SaWanted wanted_for(const kernel::PolicyTemplate& tmpl, const kernel::Selector& packet) {
  SaWanted wanted;
  wanted.type = tmpl.protocol;
  wanted.mode = tmpl.mode;
  wanted.reqid = tmpl.reqid;
  if (tmpl.mode == rct::IpsecMode::Tunnel && tmpl.tunnel_src && tmpl.tunnel_dst) {
    wanted.src = *tmpl.tunnel_src;
    wanted.dst = *tmpl.tunnel_dst;
  } else {
    wanted.src = packet.src.address();
    wanted.dst = packet.dst.address();
  }
  return wanted;
}

// Linux sends no second ACQUIRE while an acquire state (pending ACQUIRE or
// larval SA) for the template lives.
void acquire(TablesState& tables, const PacketTime& time, const PolicyEntry& policy,
             const SaWanted& wanted, const kernel::Selector& packet, Notifications& out) {
  if (tables.acquires.pending(wanted) || tables.sad.larval_for(wanted)) {
    ++tables.counters.acquires_suppressed;
    return;
  }
  const std::uint32_t seq = tables.next_acquire_seq();
  tables.acquires.add(PendingAcquire{wanted, seq, time.now + time.larval_timeout});
  kernel::AcquireEvent event;
  event.spid = policy.params.spid;
  event.packet = packet;
  event.protocol = wanted.type;
  event.mode = wanted.mode;
  event.src = wanted.src;
  event.dst = wanted.dst;
  event.reqid = wanted.reqid;
  event.seq = seq;
  out.emplace_back(event);
  ++tables.counters.acquires_sent;
}

void apply_ipsec(TablesState& tables, const PacketTime& time, PolicyEntry& policy,
                 const PacketReport& report, PacketResult& result) {
  const bool outbound = report.direction == rct::Direction::Outbound;
  std::vector<SaEntry*> found;
  bool missing = false;
  for (const kernel::PolicyTemplate& tmpl : policy.params.templates) {
    const SaWanted wanted = wanted_for(tmpl, report.packet);
    if (SaEntry* sa = tables.sad.usable(wanted, report.packet)) {
      found.push_back(sa);
      continue;
    }
    // As xfrm_tmpl_resolve_one: an optional (level use) template without
    // an SA is asked for but skipped; a required one stops the packet.
    if (outbound) acquire(tables, time, policy, wanted, report.packet, result.notifications);
    if (tmpl.level != rct::IpsecLevel::Use) {
      missing = true;
      break;
    }
  }
  if (missing) {
    if (outbound) {
      result.verdict.outcome = PacketOutcome::Acquire;
      ++tables.counters.packets_acquiring;
    } else {
      result.verdict.outcome = PacketOutcome::Discard;
      ++tables.counters.packets_discarded;
    }
    return;
  }
  if (found.empty()) {
    // Only optional templates, none with an SA: the packet goes in the clear.
    result.verdict.outcome = PacketOutcome::Bypass;
    return;
  }
  result.verdict.outcome = PacketOutcome::Protected;
  result.verdict.sa = found.front()->params.id;
  std::vector<kernel::SaId> ids;
  ids.reserve(found.size());
  for (const SaEntry* sa : found) ids.push_back(sa->params.id);
  for (const kernel::SaId& id : ids) {
    // Found again by id: two templates may name one SA, and a hard expiry
    // on the first count removes it.
    SaEntry* sa = tables.sad.find(id);
    if (sa == nullptr) continue;
    if (auto expiry = count_packet(*sa, report.bytes, time.now, time.wall_seconds)) {
      apply_expiry(tables.sad, *sa, *expiry, result.notifications, tables.counters);
    } else {
      tables.sad.reindex(*sa);  // the first use starts the use lifetimes
    }
  }
}

}  // namespace

Result<PacketResult> process_packet(TablesState& tables, const PacketTime& time,
                                    const PacketReport& report) {
  if (auto checked = check_report(report); !checked) return fail(std::move(checked).error());
  PacketResult result;
  PolicyEntry* policy = tables.spd.lookup(report.packet, report.direction);
  if (policy == nullptr) return result;  // NoPolicy: in the clear
  tables.spd.used(*policy, time.now, time.wall_seconds);
  result.verdict.spid = policy->params.spid;
  switch (policy->params.action) {
    case kernel::PolicyAction::Bypass:
      result.verdict.outcome = PacketOutcome::Bypass;
      break;
    case kernel::PolicyAction::Discard:
      result.verdict.outcome = PacketOutcome::Discard;
      ++tables.counters.packets_discarded;
      break;
    case kernel::PolicyAction::Ipsec:
      if (policy->params.templates.empty()) {
        result.verdict.outcome = PacketOutcome::Bypass;  // Linux: allow without transforms
      } else {
        apply_ipsec(tables, time, *policy, report, result);
      }
      break;
  }
  return result;
}

}  // namespace rc::pfkeyd
