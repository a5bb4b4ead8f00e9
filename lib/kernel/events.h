// What the key engine tells the daemons without being asked.
#pragma once

#include <cstdint>
#include <functional>
#include <variant>

#include "addr/ip_address.h"
#include "kernel/migrate.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/selector.h"

namespace rc::kernel {

// An outbound packet matched an IPsec policy with no SA: negotiate one.
struct AcquireEvent {
  Spid spid = 0;                            // the policy that matched
  Selector packet;                          // the packet's addresses, protocol and ports
  rct::SaType protocol = rct::SaType::Esp;  // of the template without an SA
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  addr::IpAddress src;  // SA endpoints the template asks for
  addr::IpAddress dst;
  std::uint32_t reqid = 0;
  std::uint32_t seq = 0;  // echo it in GETSPI/UPDATE/ADD (PF_KEY pairs them)

  bool operator==(const AcquireEvent&) const = default;
};

enum class ExpireCause : std::uint8_t { Time, Bytes, Packets };

// An SA reached a soft (rekey now) or hard (it is gone) limit.
struct ExpireEvent {
  SaId id;
  bool hard = false;
  ExpireCause cause = ExpireCause::Time;
  std::uint32_t reqid = 0;
  LifetimeCurrent current;

  bool operator==(const ExpireEvent&) const = default;
};

// A policy with a lifetime reached it.
struct PolicyExpireEvent {
  Spid spid = 0;
  Selector selector;
  rct::Direction direction = rct::Direction::Outbound;
  bool hard = false;

  bool operator==(const PolicyExpireEvent&) const = default;
};

struct MigrateEvent {
  MigrateParams params;

  bool operator==(const MigrateEvent&) const = default;
};

using Event = std::variant<AcquireEvent, ExpireEvent, PolicyExpireEvent, MigrateEvent>;
using EventSink = std::function<void(const Event&)>;

}  // namespace rc::kernel
