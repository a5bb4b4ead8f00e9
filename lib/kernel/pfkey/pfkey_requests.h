// Request and reply over a PfkeySocket (RFC 2367 §1.2, §3.1). Every request
// carries our pid and a sequence number; its reply is the first message
// back with the same type, seq and pid. Everything else on the socket —
// Linux sends every PF_KEY socket a copy of every ADD, DELETE, X_SPDADD, ...
// of any socket, and a reply may come late after a timeout — is dropped and
// counted. Messages already waiting when a request goes out are dropped
// first, so the socket's buffer never fills with old broadcasts (the kernel
// would then drop our reply without a word).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_socket.h"

namespace rc::kernel::pfkey {

struct RequestCounters {
  std::uint64_t requests = 0;
  std::uint64_t unmatched = 0;  // other sockets' broadcasts, late replies
  std::uint64_t malformed = 0;  // datagrams without a valid sadb_msg

  [[nodiscard]] std::array<std::pair<std::string_view, std::uint64_t>, 3> rows() const {
    return {{{"requests", requests}, {"unmatched", unmatched}, {"malformed", malformed}}};
  }
};

// A fresh sadb_msg_seq, never 0 (a dump's last message has seq 0). One
// counter for the whole process: two engines (or an engine's two sockets)
// in one process share the pid, and their replies must not be mistaken for
// each other's.
std::uint32_t next_sequence() noexcept;

// Sets sadb_msg_pid to `pid` and, unless the message already carries one (a
// GETSPI or UPDATE answering an ACQUIRE has the ACQUIRE's), sadb_msg_seq.
// The header as it will be sent; EINVAL when `message` is no PF_KEY message.
Result<Header> stamp_request(WipedBuffer& message, std::uint32_t pid);

// The header of a datagram, or nothing when it is not a PF_KEY message
// (too short, another version, a length that is not the datagram's).
std::optional<Header> peek_header(std::span<const std::uint8_t> datagram) noexcept;

class Requester {
 public:
  // Says whether a message that is not the reply still completes the
  // request (Linux answers a successful X_MIGRATE only with a broadcast).
  using Completion = std::function<bool(const Message&)>;
  using DumpEntry = std::function<void(const Message&)>;

  Requester(PfkeySocket socket, std::chrono::milliseconds timeout);

  [[nodiscard]] int fd() const noexcept { return socket_.fd(); }
  [[nodiscard]] const RequestCounters& counters() const noexcept { return counters_; }

  // Sends `request` and returns its reply (or the message `also_done`
  // accepted). sadb_msg_errno in the reply is an Error (pfkey_errors.h);
  // no answer within the timeout is ETIMEDOUT. `object` names what the
  // request is about, for messages ("ESP SA ... SPI 0x1234").
  Result<WipedBuffer> transact(WipedBuffer request, std::string_view object,
                               const Completion& also_done = {});

  // SADB_DUMP / SADB_X_SPDDUMP: hands every message of the dump (same type,
  // our pid) to `on_entry` until the one with seq 0. An errno reply of
  // ENOENT is an empty table. The timeout counts from the last message.
  Result<void> dump(WipedBuffer request, std::string_view object, const DumpEntry& on_entry);

 private:
  Result<Header> send(WipedBuffer& request, std::string_view object);
  void drop_waiting();

  PfkeySocket socket_;
  std::chrono::milliseconds timeout_;
  std::uint32_t pid_;
  RequestCounters counters_;
};

}  // namespace rc::kernel::pfkey
