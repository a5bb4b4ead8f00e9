// The PF_KEYv2 front of pfkeyd's tables: one request datagram in, the
// messages to send out, with af_key's semantics — who hears what
// (outgoing.h), the errno of a failed request in a header-only reply, keys
// only in the GET reply to the asker (RFC 2367 §3.1.3: ADD and UPDATE are
// broadcast without them), dumps as a series whose last sadb_msg_seq is 0.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <span>
#include <vector>

#include "outgoing.h"
#include "pfkeyd/core/tables.h"

namespace rc::pfkeyd {

struct RequestCounters {
  std::uint64_t handled = 0;
  std::uint64_t failed = 0;        // answered with an errno
  std::uint64_t malformed = 0;     // could not be parsed
  std::uint64_t unanswerable = 0;  // too short to echo a header: dropped
};

class RequestHandler {
 public:
  explicit RequestHandler(Tables& tables) : tables_(tables) {}

  std::vector<Outgoing> handle(ClientState& client, pid_t pid,
                               std::span<const std::uint8_t> datagram);
  // The broadcasts for what the tables said unasked.
  std::vector<Outgoing> notify(const Notifications& notifications);

  // Whether a request changed the tables since the last call (so the
  // daemon knows when to save them).
  bool take_changed() { return std::exchange(changed_, false); }
  [[nodiscard]] const RequestCounters& counters() const { return counters_; }

 private:
  Result<std::vector<Outgoing>> dispatch(ClientState& client,
                                         const kernel::pfkey::Message& request);
  Result<std::vector<Outgoing>> sad_request(const kernel::pfkey::Message& request);
  Result<std::vector<Outgoing>> spd_request(const kernel::pfkey::Message& request);
  Result<std::vector<Outgoing>> control_request(ClientState& client,
                                                const kernel::pfkey::Message& request);

  Tables& tables_;
  bool changed_ = false;
  RequestCounters counters_;
};

}  // namespace rc::pfkeyd
