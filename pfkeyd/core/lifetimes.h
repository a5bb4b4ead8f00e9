// Lifetime arithmetic shared by SAs and policies: when a time limit falls
// due and whether a byte or packet limit is reached. A limit of 0 is no
// limit, as in PF_KEY and XFRM.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "clock.h"
#include "kernel/events.h"
#include "kernel/lifetime.h"

namespace rc::pfkeyd {

inline std::optional<MonoTime> after_seconds(MonoTime base, std::uint64_t seconds) {
  if (seconds == 0) return std::nullopt;
  // Far-future limits (PF_KEY carries 64-bit seconds) must not overflow.
  constexpr std::uint64_t kCentury = 100ULL * 366 * 24 * 3600;
  return base + std::chrono::seconds(static_cast<std::int64_t>(std::min(seconds, kCentury)));
}

inline std::optional<MonoTime> earliest(std::optional<MonoTime> a, std::optional<MonoTime> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

// When `limit`'s time part falls due: add_seconds after `added`, use_seconds
// after `use_base` (nothing while there is no use base).
inline std::optional<MonoTime> time_deadline(const kernel::LifetimeLimit& limit, MonoTime added,
                                             std::optional<MonoTime> use_base) {
  std::optional<MonoTime> due = after_seconds(added, limit.add_seconds);
  if (use_base) due = earliest(due, after_seconds(*use_base, limit.use_seconds));
  return due;
}

inline bool time_reached(const kernel::LifetimeLimit& limit, MonoTime added,
                         std::optional<MonoTime> use_base, MonoTime now) {
  const auto due = time_deadline(limit, added, use_base);
  return due && *due <= now;
}

// Bytes first, as Linux's xfrm_state_check_expire tests them.
inline std::optional<kernel::ExpireCause> count_reached(const kernel::LifetimeLimit& limit,
                                                        const kernel::LifetimeCurrent& current) {
  if (limit.bytes != 0 && current.bytes >= limit.bytes) return kernel::ExpireCause::Bytes;
  if (limit.packets != 0 && current.packets >= limit.packets) return kernel::ExpireCause::Packets;
  return std::nullopt;
}

}  // namespace rc::pfkeyd
