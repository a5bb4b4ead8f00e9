// One connected PF_KEY socket: what it registered for and the messages
// waiting to be written to it. Replies are never dropped; broadcasts to a
// client that stopped reading are dropped (and counted) once its queue is
// full, as the kernel drops them when a socket's receive buffer is full.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <deque>

#include "base/result.h"
#include "base/unique_fd.h"
#include "event/handles.h"
#include "outgoing.h"

namespace rc::pfkeyd {

class Client {
 public:
  // Broadcast bytes a client may have queued before further broadcasts to
  // it are dropped; a whole SAD dump (replies) may go beyond it.
  static constexpr std::size_t kBroadcastQueueLimit = 8 * 1024 * 1024;

  Client(std::uint64_t id, UniqueFd fd, pid_t pid) : id_(id), fd_(std::move(fd)), pid_(pid) {}

  [[nodiscard]] std::uint64_t id() const { return id_; }
  [[nodiscard]] int fd() const { return fd_.get(); }
  [[nodiscard]] pid_t pid() const { return pid_; }
  ClientState& state() { return state_; }
  [[nodiscard]] const ClientState& state() const { return state_; }
  event::IoWatch& watch() { return watch_; }
  // Waits for writability only while output is queued; changes the watch
  // only when that changes (one epoll_ctl saved per request).
  void update_interest();

  // Queues a copy-free message. A broadcast (`reply` false) beyond the
  // limit is dropped: returns false.
  bool queue(WipedBuffer message, bool reply);
  [[nodiscard]] bool has_output() const { return !queue_.empty(); }
  // Writes what the socket takes now. An error other than EAGAIN means the
  // peer is gone.
  Result<void> flush();

 private:
  std::uint64_t id_;
  UniqueFd fd_;
  pid_t pid_;
  ClientState state_;
  event::IoWatch watch_;  // declared after fd_: destroyed before the fd closes
  bool watching_writes_ = false;
  std::deque<WipedBuffer> queue_;
  std::size_t queued_bytes_ = 0;
};

}  // namespace rc::pfkeyd
