// Lifetimes of SAs and policies: limits (soft and hard) and the counters the
// kernel reports.
#pragma once

#include <cstdint>

namespace rc::kernel {

// One limit set. 0 means "no limit" for every field, as in PF_KEY and XFRM.
struct LifetimeLimit {
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;      // XFRM only; PF_KEY has "allocations"
  std::uint64_t add_seconds = 0;  // seconds after the SA was added
  std::uint64_t use_seconds = 0;  // seconds after its first use

  bool operator==(const LifetimeLimit&) const = default;
};

struct Lifetimes {
  LifetimeLimit soft;
  LifetimeLimit hard;

  bool operator==(const Lifetimes&) const = default;
};

// What the kernel counted so far.
struct LifetimeCurrent {
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint64_t add_time = 0;  // seconds since the epoch
  std::uint64_t use_time = 0;  // 0 = never used

  bool operator==(const LifetimeCurrent&) const = default;
};

}  // namespace rc::kernel
