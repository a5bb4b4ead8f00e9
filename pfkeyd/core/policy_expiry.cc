#include "policy_expiry.h"

#include "lifetimes.h"

namespace rc::pfkeyd {
namespace {

MonoTime use_base(const PolicyEntry& entry) {
  return entry.last_use.value_or(entry.added);
}

PolicyExpireNotice notice_of(const PolicyEntry& entry, bool hard) {
  PolicyExpireNotice notice;
  notice.event.spid = entry.params.spid;
  notice.event.selector = entry.params.selector;
  notice.event.direction = entry.params.direction;
  notice.event.hard = hard;
  notice.policy = info_of(entry);
  return notice;
}

}  // namespace

std::optional<MonoTime> policy_deadline(const PolicyEntry& entry) {
  const kernel::Lifetimes& limits = entry.params.lifetimes;
  std::optional<MonoTime> due = time_deadline(limits.hard, entry.added, use_base(entry));
  if (!entry.soft_expired) {
    due = earliest(due, time_deadline(limits.soft, entry.added, use_base(entry)));
  }
  return due;
}

void expire_policies(Spd& spd, MonoTime now, Notifications& out, TablesCounters& counters) {
  for (PolicyEntry* entry : spd.due(now)) {
    const kernel::Lifetimes& limits = entry->params.lifetimes;
    if (time_reached(limits.hard, entry->added, use_base(*entry), now)) {
      out.emplace_back(notice_of(*entry, true));
      ++counters.policy_expires;
      (void)spd.erase(entry->params.spid);
    } else if (!entry->soft_expired &&
               time_reached(limits.soft, entry->added, use_base(*entry), now)) {
      entry->soft_expired = true;
      spd.reindex(*entry);  // now only the hard limit is ahead
      out.emplace_back(notice_of(*entry, false));
      ++counters.policy_expires;
    }
  }
}

}  // namespace rc::pfkeyd
