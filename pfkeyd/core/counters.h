// Drops and events of pfkeyd's tables, counted by name for the status output.
#pragma once

#include <cstdint>

namespace rc::pfkeyd {

struct TablesCounters {
  std::uint64_t acquires_sent = 0;
  std::uint64_t acquires_suppressed = 0;  // one for the same template was pending
  std::uint64_t packets_discarded = 0;    // discard policy, or inbound IPsec without SA
  std::uint64_t packets_acquiring = 0;    // outbound IPsec without SA: dropped
  std::uint64_t sa_soft_expires = 0;
  std::uint64_t sa_hard_expires = 0;  // larval time-outs included
  std::uint64_t policy_expires = 0;   // soft and hard

  bool operator==(const TablesCounters&) const = default;
};

}  // namespace rc::pfkeyd
