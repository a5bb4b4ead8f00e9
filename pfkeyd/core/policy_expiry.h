// Policy lifetimes as Linux's xfrm_policy_timer runs them: add limits from
// the add, use limits from the last use (or the add, when never used).
// Soft gives one X_SPDEXPIRE, hard another and removes the policy. Linux
// only counts time for policies; byte and packet limits are kept but never
// reached.
#pragma once

#include <optional>

#include "clock.h"
#include "counters.h"
#include "notifications.h"
#include "spd.h"

namespace rc::pfkeyd {

// When the policy's next limit falls due; the SPD files it under that.
std::optional<MonoTime> policy_deadline(const PolicyEntry& entry);

// Every policy whose limit is due at `now`, in SPD order. Visits only
// those (the SPD's deadline index), not the whole SPD.
void expire_policies(Spd& spd, MonoTime now, Notifications& out, TablesCounters& counters);

}  // namespace rc::pfkeyd
