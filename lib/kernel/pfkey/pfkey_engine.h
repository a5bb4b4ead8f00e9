// The PF_KEYv2 back end of the key engine (DESIGN.md §2), for two peers
// with one wire protocol: the kernel's PF_KEY socket (EngineKind::Pfkey,
// Linux af_key) and our userspace pfkeyd (EngineKind::Pfkeyd, a
// SOCK_SEQPACKET connection, one message per datagram). Requests go over
// one socket and wait for their reply (pfkey_requests.h); REGISTER and the
// events live on a second one, event_fd() (pfkey_event_socket.h).
//
// Against Linux af_key the engine also gives inbound tunnel, bypass and
// discard policies a hidden fwd twin, exactly as the XFRM engine does
// (kernel/xfrm/fwd_twin.h), and refuses what af_key would silently change
// (af_key_rules.h). pfkeyd forwards nothing and needs no twins. Not
// thread-safe: one engine per event loop.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "kernel/engine.h"
#include "kernel/pfkey/pfkey_event_socket.h"
#include "kernel/pfkey/pfkey_packet.h"
#include "kernel/pfkey/pfkey_requests.h"

namespace rc::kernel::pfkey {

struct PfkeyEngineOptions {
  std::chrono::milliseconds timeout{5000};  // one request and its reply
  // Kernel sockets: Linux drops what does not fit, and every SAD/SPD change
  // of any process lands on both of our sockets.
  int receive_buffer = 4 * 1024 * 1024;
};

class PfkeyEngine final : public KeyEngine {
  struct Key {};  // only the factories construct

 public:
  // socket(PF_KEY, SOCK_RAW, PF_KEY_V2), twice (kind Pfkey).
  static Result<std::unique_ptr<PfkeyEngine>> open_kernel(const PfkeyEngineOptions& options = {});
  // Two connections to pfkeyd at `socket_path` (kind Pfkeyd).
  static Result<std::unique_ptr<PfkeyEngine>> connect_pfkeyd(
      const std::string& socket_path, const PfkeyEngineOptions& options = {});
  // Over two already connected datagram sockets, with the rules of `kind`
  // (tests: socketpairs whose far ends a scripted peer answers).
  static Result<std::unique_ptr<PfkeyEngine>> adopt(EngineKind kind, UniqueFd requests,
                                                    UniqueFd events,
                                                    const PfkeyEngineOptions& options = {});

  PfkeyEngine(Key /*key*/, EngineKind kind, Requester requests, EventSocket events);

  [[nodiscard]] EngineKind kind() const override { return kind_; }

  Result<std::uint32_t> get_spi(const SpiRequest& request) override;
  Result<void> add_sa(const SaParams& sa) override;
  Result<void> update_sa(const SaParams& sa) override;
  Result<void> delete_sa(const SaId& id) override;
  Result<SaInfo> get_sa(const SaId& id) override;
  Result<std::vector<SaInfo>> dump_sas() override;
  Result<void> flush_sas() override;

  Result<Spid> add_policy(const PolicyParams& policy) override;
  Result<Spid> update_policy(const PolicyParams& policy) override;
  Result<void> delete_policy(Spid spid) override;
  Result<PolicyInfo> get_policy(Spid spid) override;
  Result<std::vector<PolicyInfo>> dump_policies() override;
  Result<void> flush_policies() override;

  Result<void> register_sa_type(rct::SaType type) override;
  Result<void> migrate(const MigrateParams& migration) override;
  [[nodiscard]] int event_fd() const override { return events_.fd(); }
  // For af_key, each ACQUIRE is completed from its policy (below).
  Result<void> read_events(const EventSink& sink) override;

  // pfkeyd only (ENOTSUP for the kernel): "this packet leaves or arrives";
  // pfkeyd matches its SPD, counts bytes or sends an ACQUIRE.
  Result<PacketVerdict> inject_packet(const PacketReport& report);

  // Why events were not delivered, by reason.
  [[nodiscard]] const EventCounters& event_counters() const noexcept { return events_.counters(); }
  // Requests sent and foreign messages dropped on the request socket.
  [[nodiscard]] const RequestCounters& request_counters() const noexcept {
    return requests_.counters();
  }

 private:
  [[nodiscard]] bool af_key() const noexcept { return kind_ == EngineKind::Pfkey; }
  Result<std::uint32_t> allocate_spi(const SpiRequest& request, const std::string& object);
  Result<void> install_sa(std::uint8_t type, const SaParams& sa);
  // One policy message whose reply carries the policy (X_SPDADD, X_SPDUPDATE,
  // X_SPDGET, X_SPDDELETE2).
  Result<PolicyInfo> request_policy(WipedBuffer request, const std::string& object);
  Result<Spid> install_policy(const PolicyParams& requested, bool update);
  // X_SPDDELETE of the fwd twin of (selector, inbound); none there is fine.
  Result<void> delete_fwd_twin(const PolicyParams& inbound);
  Result<void> migrate_one(const MigrateParams& migration, const std::string& object);
  // Linux af_key's ACQUIRE names the policy (SPID) and the SA endpoints but
  // not the template: mode and reqid come from the policy's template for
  // the protocol and endpoints, read with X_SPDGET. Left as it is when the
  // policy is gone.
  void complete_acquire(AcquireEvent& acquire);

  EngineKind kind_;
  Requester requests_;
  EventSocket events_;
};

// The engine as the key-engine interface (engine_select.h's open_engine):
// the kernel's PF_KEY for Pfkey, pfkeyd at `pfkeyd_socket` for Pfkeyd.
Result<std::unique_ptr<KeyEngine>> open_pfkey_engine(EngineKind kind,
                                                     const std::string& pfkeyd_socket);

}  // namespace rc::kernel::pfkey
