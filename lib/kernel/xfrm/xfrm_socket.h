// One NETLINK_XFRM socket: request/reply with sequence numbers and a
// timeout for the engine's requests, or a non-blocking reader of multicast
// groups for its events. Extended acks are on (the kernel explains its
// errors) and capped (an error does not echo our request, keys included,
// back to us). Receive buffers are wiped, as replies carry keys.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "base/result.h"
#include "base/unique_fd.h"
#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/wiped_buffer.h"

namespace rc::kernel::xfrm {

// Sees every datagram a socket receives, before it is parsed (tests keep
// them as fixtures).
using ReceiveTap = std::function<void(std::span<const std::uint8_t>)>;

class XfrmSocket {
 public:
  struct Options {
    std::chrono::milliseconds timeout{5000};  // for one request's whole reply
    int receive_buffer = 0;                   // bytes; 0 keeps the default
    bool nonblocking = false;
  };

  static Result<XfrmSocket> open(const Options& options);

  [[nodiscard]] int fd() const noexcept { return fd_.get(); }
  [[nodiscard]] std::uint32_t port_id() const noexcept { return port_id_; }

  // Joins a multicast group (XFRMNLGRP_*).
  Result<void> join(unsigned group);

  // Sends `request` and reads until its answer is complete: an ACK or
  // error, NLMSG_DONE after a dump, or the one reply of a GET. Every data
  // message answering it goes to `on_message`; an error from there ends the
  // exchange. Replies to earlier requests (a timed-out one) are skipped.
  // Kernel errors keep their errno; the message is the kernel's extended
  // ack text or strerror.
  using MessageHandler = std::function<Result<void>(const netlink::Message&)>;
  Result<void> transact(WipedBuffer request, const MessageHandler& on_message);

  // The next waiting datagram, or nothing when none waits. The view is
  // valid until the next receive.
  Result<std::optional<std::span<const std::uint8_t>>> receive_waiting();

  void set_receive_tap(ReceiveTap tap) { tap_ = std::move(tap); }

 private:
  XfrmSocket(UniqueFd fd, std::uint32_t port_id, const Options& options)
      : fd_(std::move(fd)), port_id_(port_id), options_(options) {}

  // One datagram from the kernel; `wait` false returns nothing on EAGAIN.
  Result<std::optional<std::span<const std::uint8_t>>> receive(bool wait,
                                                               std::chrono::milliseconds left);

  UniqueFd fd_;
  std::uint32_t port_id_ = 0;
  std::uint32_t next_seq_ = 1;
  Options options_;
  WipedBuffer buffer_;
  ReceiveTap tap_;
};

}  // namespace rc::kernel::xfrm
