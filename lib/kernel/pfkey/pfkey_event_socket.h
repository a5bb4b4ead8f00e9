// The engine's event socket. PF_KEY sends ACQUIRE and EXPIRE only to sockets
// that sent SADB_REGISTER for the SA type, so REGISTER goes out here and its
// reply is read here; events that arrive while it waits are queued, not
// lost. fd() is an epoll descriptor over the socket and an eventfd that
// stays readable while the queue holds messages, so the caller's loop wakes
// for either. read() decodes what is queued, then what waits on the socket;
// whatever is not delivered is counted by reason.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <span>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "base/unique_fd.h"
#include "kernel/events.h"
#include "kernel/pfkey/pfkey_socket.h"
#include "log/rate_limit.h"

namespace rc::kernel::pfkey {

struct EventCounters {
  std::uint64_t delivered = 0;
  std::uint64_t malformed = 0;  // not a PF_KEY message, or an event that does not decode
  std::uint64_t internal = 0;   // about the engine's own fwd twins
  std::uint64_t other = 0;      // not events: copies of SAD/SPD changes, REGISTER replies

  // (name, value) in a fixed order, for status output.
  [[nodiscard]] std::array<std::pair<std::string_view, std::uint64_t>, 4> rows() const {
    return {{{"delivered", delivered},
             {"malformed", malformed},
             {"internal", internal},
             {"other", other}}};
  }
};

class EventSocket {
 public:
  static Result<EventSocket> create(PfkeySocket socket, std::chrono::milliseconds timeout);

  [[nodiscard]] int fd() const noexcept { return epoll_.get(); }
  // SADB_REGISTER for `satype` (SADB_SATYPE_*). Already registered is fine.
  Result<void> register_satype(std::uint8_t satype);
  // Hands every waiting event to `sink` without blocking: the queue, then
  // at most a bounded number of datagrams from the socket (a flood cannot
  // starve the caller's loop; the descriptor stays readable).
  Result<void> read(const EventSink& sink);
  [[nodiscard]] const EventCounters& counters() const noexcept { return counters_; }

 private:
  EventSocket(PfkeySocket socket, UniqueFd epoll, UniqueFd wakeup,
              std::chrono::milliseconds timeout);
  void enqueue(WipedBuffer datagram);
  void deliver(std::span<const std::uint8_t> datagram, const EventSink& sink);

  PfkeySocket socket_;
  UniqueFd epoll_;
  UniqueFd wakeup_;  // eventfd: readable while queue_ is not empty
  std::chrono::milliseconds timeout_;
  std::uint32_t pid_;
  std::deque<WipedBuffer> queue_;
  EventCounters counters_;
  log::RateLimit warn_limit_{1, 5};  // malformed input must not flood the log
};

}  // namespace rc::kernel::pfkey
