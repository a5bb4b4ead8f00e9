// The engine's event socket: joined to XFRMNLGRP_EXPIRE (which also carries
// POLEXPIRE) and XFRMNLGRP_MIGRATE from the start, and to
// XFRMNLGRP_ACQUIRE at the first register_sa_type (the kernel only sends
// ACQUIREs, and only makes larval SAs for them, while someone listens).
// XFRM has no registration of its own, so the PF_KEY rule is kept here:
// ACQUIRE and SA EXPIRE reach a caller only for SA types it registered.
// Events about the engine's fwd twins are dropped. Every message that is
// not delivered is counted by reason.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "kernel/events.h"
#include "kernel/xfrm/xfrm_socket.h"
#include "log/rate_limit.h"
#include "rct/types.h"

namespace rc::kernel::xfrm {

struct EventCounters {
  std::uint64_t delivered = 0;
  std::uint64_t malformed = 0;     // could not be decoded
  std::uint64_t unregistered = 0;  // ACQUIRE / EXPIRE for an SA type not registered
  std::uint64_t internal = 0;      // about the engine's own fwd twins
  std::uint64_t other = 0;         // message types the engine does not use
  std::uint64_t overruns = 0;      // the socket overflowed and the kernel dropped events

  // (name, value) in a fixed order, for status output.
  [[nodiscard]] std::array<std::pair<std::string_view, std::uint64_t>, 6> rows() const {
    return {{{"delivered", delivered},
             {"malformed", malformed},
             {"unregistered", unregistered},
             {"internal", internal},
             {"other", other},
             {"overruns", overruns}}};
  }
};

class EventReader {
 public:
  static Result<EventReader> open(const XfrmSocket::Options& options);

  [[nodiscard]] int fd() const noexcept { return socket_.fd(); }
  // Esp, Ah, Ipcomp, or a bundle type (all of its protocols).
  Result<void> register_type(rct::SaType type);
  // Reads what is waiting (at most a bounded number of datagrams, so a flood
  // cannot starve the caller's loop; the fd stays readable) and hands each
  // deliverable event to `sink`.
  Result<void> read(const EventSink& sink);
  [[nodiscard]] const EventCounters& counters() const noexcept { return counters_; }
  void set_receive_tap(ReceiveTap tap) { socket_.set_receive_tap(std::move(tap)); }

 private:
  explicit EventReader(XfrmSocket socket) : socket_(std::move(socket)) {}
  [[nodiscard]] bool registered(rct::SaType type) const;
  void deliver(const netlink::Message& message, const EventSink& sink);

  XfrmSocket socket_;
  std::bitset<8> registered_;  // indexed by the rct::SaType value
  bool acquires_joined_ = false;
  EventCounters counters_;
  log::RateLimit warn_limit_{1, 5};  // malformed input must not flood the log
};

}  // namespace rc::kernel::xfrm
