// The Linux XFRM back end of the key engine (DESIGN.md §2): the SAD and SPD
// through NETLINK_XFRM. Requests go over one socket and wait for their
// answer; ACQUIRE / EXPIRE / POLEXPIRE / MIGRATE arrive on a second one,
// event_fd(). Inbound tunnel, bypass and discard policies get a hidden fwd
// twin (fwd_twin.h); see README.md for the kernel behaviours relied on.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "base/result.h"
#include "kernel/engine.h"
#include "kernel/xfrm/xfrm_events.h"
#include "kernel/xfrm/xfrm_socket.h"

namespace rc::kernel::xfrm {

struct XfrmEngineOptions {
  std::chrono::milliseconds timeout{5000};  // one request and its whole reply
  int event_receive_buffer = 4 * 1024 * 1024;
};

class XfrmEngine final : public KeyEngine {
  struct Key {};  // only open() constructs

 public:
  static Result<std::unique_ptr<XfrmEngine>> open(const XfrmEngineOptions& options = {});
  XfrmEngine(Key /*key*/, XfrmSocket requests, EventReader events);

  [[nodiscard]] EngineKind kind() const override { return EngineKind::Xfrm; }

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
  Result<void> read_events(const EventSink& sink) override { return events_.read(sink); }

  // Why events were not delivered, by reason.
  [[nodiscard]] const EventCounters& event_counters() const noexcept { return events_.counters(); }
  // Sees every datagram from the kernel on both sockets (test fixtures).
  void set_receive_tap(const ReceiveTap& tap);

 private:
  Result<void> request_ack(Result<WipedBuffer> request);
  Result<std::uint32_t> allocate_spi(const SpiRequest& request);
  Result<PolicyInfo> request_policy(WipedBuffer request);
  // Every policy in the kernel, fwd ones included, undecodable ones skipped.
  Result<std::vector<PolicyInfo>> all_policies();
  Result<Spid> install(PolicyParams policy, bool update);
  Result<void> fill_unique_reqids(PolicyParams& policy);
  Result<std::uint32_t> next_unique_reqid();

  XfrmSocket requests_;
  EventReader events_;
  std::optional<std::uint32_t> next_reqid_;  // learned from the SPD at first use
};

// The engine as the key-engine interface (engine_select.h's open_engine).
Result<std::unique_ptr<KeyEngine>> open_xfrm_engine();

// Whether this kernel can hold ESP SAs, without changing the SAD: an
// XFRM_MSG_UPDSA of an ESP SA (cbc(aes) + hmac(sha256)) with the reserved
// SPI 1 to 0.0.0.0. The kernel builds the state before it looks for the SA
// to update, so a kernel without esp4 says EPROTONOSUPPORT ("Requested type
// not found") and one with it ESRCH. The error names what is missing.
Result<void> probe_esp_support();

}  // namespace rc::kernel::xfrm
