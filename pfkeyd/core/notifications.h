// What pfkeyd's tables say without being asked: the daemon turns each into
// the PF_KEY message a kernel would broadcast (SADB_ACQUIRE, SADB_EXPIRE,
// SADB_X_SPDEXPIRE, SADB_X_MIGRATE) to the sockets that want it.
#pragma once

#include <variant>
#include <vector>

#include "kernel/events.h"
#include "kernel/lifetime.h"
#include "kernel/policy.h"

namespace rc::pfkeyd {

// An SA reached a limit. The wire EXPIRE carries the limit set that was hit
// (LIFETIME_SOFT or LIFETIME_HARD) beside LIFETIME_CURRENT.
struct SaExpireNotice {
  kernel::ExpireEvent event;
  kernel::LifetimeLimit limit;  // the SA's soft or hard limits, per event.hard

  bool operator==(const SaExpireNotice&) const = default;
};

// A policy reached a limit; X_SPDEXPIRE carries the whole policy.
struct PolicyExpireNotice {
  kernel::PolicyExpireEvent event;
  kernel::PolicyInfo policy;

  // PolicyInfo has no ==; compare its parts.
  bool operator==(const PolicyExpireNotice& other) const {
    return event == other.event && policy.params == other.policy.params &&
           policy.current == other.policy.current;
  }
};

using Notification =
    std::variant<kernel::AcquireEvent, SaExpireNotice, PolicyExpireNotice, kernel::MigrateEvent>;
using Notifications = std::vector<Notification>;

}  // namespace rc::pfkeyd
