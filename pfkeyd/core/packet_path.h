// The kernel's output and input path in miniature, for the packets the
// daemon is told about (pfkeyd's PacketReport): the SPD lookup, an SA for
// every template of an IPsec policy, the byte counts that run lifetimes
// down, and the ACQUIRE when an outbound packet finds no SA.
#pragma once

#include <chrono>
#include <cstdint>

#include "base/result.h"
#include "clock.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "notifications.h"
#include "tables_state.h"

namespace rc::pfkeyd {

// What one packet did: the verdict for the reply and what to broadcast
// (ACQUIREs, EXPIREs of SAs whose byte limit the packet reached).
struct PacketResult {
  kernel::pfkey::PacketVerdict verdict;
  Notifications notifications;
};

struct PacketTime {
  MonoTime now{};
  std::uint64_t wall_seconds = 0;
  std::chrono::seconds larval_timeout{30};  // how long an ACQUIRE stays pending
};

// EINVAL for a report that is not one packet (addresses of two families or
// not host prefixes, a direction other than in, out or fwd).
Result<PacketResult> process_packet(TablesState& tables, const PacketTime& time,
                                    const kernel::pfkey::PacketReport& report);

}  // namespace rc::pfkeyd
