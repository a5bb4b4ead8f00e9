#include "sa_expiry.h"

#include "lifetimes.h"

namespace rc::pfkeyd {

std::optional<SaExpiry> count_packet(SaEntry& entry, std::uint64_t bytes, MonoTime now,
                                     std::uint64_t wall_seconds) {
  entry.current.bytes += bytes;
  entry.current.packets += 1;
  if (!entry.first_use) {
    entry.first_use = now;
    entry.current.use_time = wall_seconds;
  }
  const kernel::Lifetimes& limits = entry.params.lifetimes;
  if (auto cause = count_reached(limits.hard, entry.current)) return SaExpiry{true, *cause};
  if (entry.state == kernel::SaState::Mature) {
    if (auto cause = count_reached(limits.soft, entry.current)) return SaExpiry{false, *cause};
  }
  return std::nullopt;
}

std::optional<SaExpiry> time_due(const SaEntry& entry, MonoTime now) {
  if (entry.state == kernel::SaState::Larval) {
    if (entry.larval_deadline && *entry.larval_deadline <= now) return SaExpiry{true};
    return std::nullopt;
  }
  const kernel::Lifetimes& limits = entry.params.lifetimes;
  if (time_reached(limits.hard, entry.added, entry.first_use, now)) return SaExpiry{true};
  if (entry.state == kernel::SaState::Mature &&
      time_reached(limits.soft, entry.added, entry.first_use, now)) {
    return SaExpiry{false};
  }
  return std::nullopt;
}

std::optional<MonoTime> sa_deadline(const SaEntry& entry) {
  if (entry.state == kernel::SaState::Larval) return entry.larval_deadline;
  const kernel::Lifetimes& limits = entry.params.lifetimes;
  std::optional<MonoTime> due = time_deadline(limits.hard, entry.added, entry.first_use);
  if (entry.state == kernel::SaState::Mature) {
    due = earliest(due, time_deadline(limits.soft, entry.added, entry.first_use));
  }
  return due;
}

void apply_expiry(Sad& sad, SaEntry& entry, const SaExpiry& expiry, Notifications& out,
                  TablesCounters& counters) {
  SaExpireNotice notice;
  notice.event.id = entry.params.id;
  notice.event.hard = expiry.hard;
  notice.event.cause = expiry.cause;
  notice.event.reqid = entry.params.reqid;
  notice.event.current = entry.current;
  notice.limit = expiry.hard ? entry.params.lifetimes.hard : entry.params.lifetimes.soft;
  out.emplace_back(notice);
  if (expiry.hard) {
    ++counters.sa_hard_expires;
    const kernel::SaId id = entry.params.id;
    (void)sad.erase(id);
  } else {
    ++counters.sa_soft_expires;
    entry.state = kernel::SaState::Dying;
    sad.reindex(entry);  // a dying SA waits for its hard limit only
  }
}

}  // namespace rc::pfkeyd
