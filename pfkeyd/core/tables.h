// Tables: pfkeyd's SAD and SPD with Linux kernel semantics, the one object
// the daemon calls. Pure and in-process: no sockets, no wire format, time
// from an injected Clock. Every failure is an rc::Error whose code is the
// errno a Linux kernel's af_key would put in sadb_msg_errno (ESRCH for a
// missing SA, ENOENT for a missing policy, EEXIST, EINVAL, ...; see
// README.md for the list).
//
// Not thread-safe: the daemon calls it from its one event loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "clock.h"
#include "counters.h"
#include "kernel/migrate.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "notifications.h"
#include "packet_path.h"
#include "rct/types.h"

namespace rc::pfkeyd {

struct TablesState;

struct TablesSettings {
  // How long a larval SA (GETSPI) and a pending ACQUIRE live before they
  // are dropped: Linux's net.core.xfrm_acq_expires, 30 s by default.
  std::chrono::seconds larval_timeout{30};
};

class Tables {
 public:
  explicit Tables(const Clock& clock, TablesSettings settings = {});
  Tables(const Tables&) = delete;
  Tables& operator=(const Tables&) = delete;
  ~Tables();

  // --- SAD: SAs are found by (type, destination, SPI), as in Linux. ----
  // A larval SA with a random free SPI from [min, max]. EINVAL for an empty
  // range, one inside the reserved 0..255, or a bundle type; ENOENT when
  // every SPI of the range is taken (Linux's xfrm_alloc_spi). A request
  // whose seq names a pending ACQUIRE takes that ACQUIRE's place and
  // deadline, as Linux turns its acquire state into the larval SA.
  Result<std::uint32_t> get_spi(const kernel::SpiRequest& request);
  // EEXIST if any SA (larval included) has the id; EINVAL for bad
  // parameters (key length, missing algorithm, mixed families); ENOSYS for
  // an algorithm Linux lacks.
  Result<void> add_sa(kernel::SaParams sa);
  // Larval -> mature with these parameters. For a mature SA only what Linux
  // changes is changed: lifetimes and NAT ports (keys and algorithms stay),
  // and a dying SA becomes mature again. ESRCH when there is no such SA.
  Result<void> update_sa(kernel::SaParams sa);
  // The deleted SA. ESRCH when there is none.
  Result<kernel::SaInfo> delete_sa(const kernel::SaId& id);
  [[nodiscard]] Result<kernel::SaInfo> get_sa(const kernel::SaId& id) const;
  // Every SA (larval ones too), or those of one type, oldest first.
  [[nodiscard]] std::vector<kernel::SaInfo> dump_sas(
      std::optional<rct::SaType> type = std::nullopt) const;
  [[nodiscard]] std::size_t sa_count() const;
  // Removes every SA (or those of `type`) and the pending ACQUIREs for
  // them; returns how many SAs went.
  std::size_t flush_sas(std::optional<rct::SaType> type = std::nullopt);

  // --- SPD --------------------------------------------------------------
  // The SPID: Linux-style, the direction in the low 3 bits (in 0, out 1,
  // fwd 2), unique. A nonzero policy.spid is kept when it is free and of
  // the right direction. EEXIST for the same selector and direction;
  // EINVAL for mixed families, a bundle or tunnel template without
  // endpoints.
  Result<kernel::Spid> add_policy(const kernel::PolicyParams& policy);
  // Replaces the policy with the same selector and direction (keeping its
  // SPID) or adds it.
  Result<kernel::Spid> update_policy(const kernel::PolicyParams& policy);
  // The deleted policy. ENOENT when there is none (af_key's answer).
  Result<kernel::PolicyInfo> delete_policy(kernel::Spid spid);
  Result<kernel::PolicyInfo> delete_policy(const kernel::Selector& selector,
                                           rct::Direction direction);
  [[nodiscard]] Result<kernel::PolicyInfo> get_policy(kernel::Spid spid) const;
  // Every policy, oldest first.
  [[nodiscard]] std::vector<kernel::PolicyInfo> dump_policies() const;
  [[nodiscard]] std::size_t policy_count() const;
  std::size_t flush_policies();

  // Moves the policy of (selector, direction) and its SAs to new endpoints
  // (SADB_X_MIGRATE). ENOENT when no policy has that selector; the
  // notification is the MIGRATE to broadcast.
  Result<Notifications> migrate(const kernel::MigrateParams& migration);

  // --- traffic and time -------------------------------------------------
  // Looks the packet up as the kernel's SPD would. EINVAL for a report
  // that is not one packet (mixed families, prefixes that are not hosts).
  Result<PacketResult> process(const kernel::pfkey::PacketReport& report);
  // When run_timers() has something to do; nothing when no deadline is set.
  // O(1): read from the deadline indexes, so the daemon may ask after
  // every request.
  [[nodiscard]] std::optional<MonoTime> next_deadline() const;
  // Expires whatever is due at the clock's now(): larval SAs and pending
  // ACQUIREs, SA and policy time lifetimes. Visits only what is due.
  Notifications run_timers();

  [[nodiscard]] const TablesCounters& counters() const;

  // --- persistence ------------------------------------------------------
  // Everything (SAs with keys, state, counters and add times, larval SAs
  // and pending ACQUIREs with their remaining time, policies with SPIDs,
  // the SPID, reqid and seq counters) written atomically with mode 0600.
  Result<void> save(const std::string& path) const;
  // Replaces the tables with a saved file's content. Refuses a file not
  // owned by us or readable by group or others. Time lifetimes go on from
  // the saved wall-clock add times, so a restart does not extend them.
  // ENOENT when the file does not exist (start empty).
  Result<void> load(const std::string& path);

 private:
  [[nodiscard]] PacketTime packet_time() const;

  const Clock& clock_;
  TablesSettings settings_;
  std::unique_ptr<TablesState> state_;
};

}  // namespace rc::pfkeyd
