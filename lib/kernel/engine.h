// The key-engine interface (DESIGN.md §2): the one way the daemons reach the
// SAD and the SPD, whichever engine holds them — Linux XFRM, a PF_KEYv2
// kernel, or our userspace pfkeyd. Calls are synchronous request/reply on
// the engine's own socket; unsolicited messages (ACQUIRE, EXPIRE, ...) come
// in on event_fd(), which the daemon watches in its event loop.
//
// Every failure is an rc::Error whose code is the kernel's errno (EEXIST,
// ENOENT, EINVAL, ...), so callers can act on it, with a message that says
// what was attempted.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "kernel/engine_kind.h"
#include "kernel/events.h"
#include "kernel/migrate.h"
#include "kernel/policy.h"
#include "kernel/sa.h"

namespace rc::kernel {

class KeyEngine {
 public:
  KeyEngine() = default;
  KeyEngine(const KeyEngine&) = delete;
  KeyEngine& operator=(const KeyEngine&) = delete;
  virtual ~KeyEngine() = default;

  [[nodiscard]] virtual EngineKind kind() const = 0;

  // --- SAD -------------------------------------------------------------
  // Creates a larval SA and returns its SPI (host order).
  virtual Result<std::uint32_t> get_spi(const SpiRequest& request) = 0;
  // A new SA; EEXIST if one with the same id exists.
  virtual Result<void> add_sa(const SaParams& sa) = 0;
  // Completes a larval SA from get_spi (or changes a mature one); ENOENT if
  // there is none with that id.
  virtual Result<void> update_sa(const SaParams& sa) = 0;
  virtual Result<void> delete_sa(const SaId& id) = 0;
  virtual Result<SaInfo> get_sa(const SaId& id) = 0;
  virtual Result<std::vector<SaInfo>> dump_sas() = 0;
  virtual Result<void> flush_sas() = 0;

  // --- SPD -------------------------------------------------------------
  // Returns the SPID the engine gave the policy. EEXIST if a policy with
  // the same selector and direction exists.
  virtual Result<Spid> add_policy(const PolicyParams& policy) = 0;
  // Replaces the policy with the same selector and direction, or adds it.
  virtual Result<Spid> update_policy(const PolicyParams& policy) = 0;
  virtual Result<void> delete_policy(Spid spid) = 0;
  virtual Result<PolicyInfo> get_policy(Spid spid) = 0;
  // Outbound and inbound policies; engine-internal ones (XFRM's fwd twins)
  // are not shown.
  virtual Result<std::vector<PolicyInfo>> dump_policies() = 0;
  virtual Result<void> flush_policies() = 0;

  // --- events and the rest -----------------------------------------------
  // Asks for ACQUIREs for SAs of this type (PF_KEY's SADB_REGISTER).
  virtual Result<void> register_sa_type(rct::SaType type) = 0;
  virtual Result<void> migrate(const MigrateParams& migration) = 0;
  // Readable when events are waiting.
  [[nodiscard]] virtual int event_fd() const = 0;
  // Reads every waiting event without blocking and hands each to `sink`.
  // Malformed messages are dropped and counted, never fatal.
  virtual Result<void> read_events(const EventSink& sink) = 0;
};

}  // namespace rc::kernel
