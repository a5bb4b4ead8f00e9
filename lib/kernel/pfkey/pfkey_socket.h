// One PF_KEYv2 datagram socket: the kernel's (socket(PF_KEY, SOCK_RAW,
// PF_KEY_V2)) or a SOCK_SEQPACKET connection to pfkeyd. Either way one
// datagram is one whole message. This file only moves datagrams: sending a
// message, receiving the next one within a time into a WipedBuffer (replies
// and dumps carry keys). Which reply belongs to which request is
// pfkey_requests.h's business.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "base/result.h"
#include "base/unique_fd.h"
#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey {

class PfkeySocket {
 public:
  // socket(PF_KEY, SOCK_RAW, PF_KEY_V2). `receive_buffer` bytes (0 keeps
  // the default): Linux drops a message silently when a PF_KEY socket's
  // buffer is full, and every socket gets a copy of every SAD/SPD change.
  static Result<PfkeySocket> open_kernel(int receive_buffer);
  // A SOCK_SEQPACKET connection to pfkeyd listening at `path`.
  static Result<PfkeySocket> connect_pfkeyd(const std::string& path);
  // An already connected datagram socket (tests: one end of a socketpair).
  explicit PfkeySocket(UniqueFd fd) : fd_(std::move(fd)) {}

  [[nodiscard]] int fd() const noexcept { return fd_.get(); }

  // Sends one whole message.
  Result<void> send(std::span<const std::uint8_t> message);
  // The next datagram into `into` (resized to fit it exactly). False when
  // none arrived within `wait` (0: only what is already queued). The peer
  // closing the connection (pfkeyd gone) is ECONNRESET.
  Result<bool> receive(WipedBuffer& into, std::chrono::milliseconds wait);

 private:
  UniqueFd fd_;
};

}  // namespace rc::kernel::pfkey
