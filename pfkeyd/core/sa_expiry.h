// SA lifetimes as Linux runs them: time limits from the add and from the
// first use, byte and packet limits checked as traffic is counted. A soft
// limit makes the SA dying and says so once; a hard one removes it. A
// larval SA that outlives the larval timeout goes with a hard EXPIRE.
#pragma once

#include <cstdint>
#include <optional>

#include "clock.h"
#include "counters.h"
#include "kernel/events.h"
#include "notifications.h"
#include "sad.h"

namespace rc::pfkeyd {

struct SaExpiry {
  bool hard = false;
  kernel::ExpireCause cause = kernel::ExpireCause::Time;
};

// Counts one packet of `bytes` (the first one sets use_time) and says which
// limit the new count reached, if any. The first use can bring the SA's
// deadline forward: the caller reindexes it in the SAD.
std::optional<SaExpiry> count_packet(SaEntry& entry, std::uint64_t bytes, MonoTime now,
                                     std::uint64_t wall_seconds);
// The time limit due at `now`, if any; hard before soft.
std::optional<SaExpiry> time_due(const SaEntry& entry, MonoTime now);
// When time_due() will next have something to say; the SAD files the SA
// under it.
std::optional<MonoTime> sa_deadline(const SaEntry& entry);

// Carries `expiry` out: soft makes the SA dying, hard removes it from `sad`
// (so `entry` must not be used after a hard one). The EXPIRE goes to `out`.
void apply_expiry(Sad& sad, SaEntry& entry, const SaExpiry& expiry, Notifications& out,
                  TablesCounters& counters);

}  // namespace rc::pfkeyd
