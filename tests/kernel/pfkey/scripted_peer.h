// A scripted PF_KEY peer for the engine tests: a PfkeyEngine over two
// SOCK_SEQPACKET socketpairs whose far ends a thread answers. Each test
// gives the script: for every message the engine sends (on its request or
// its event socket), what goes back and on which socket — replies,
// broadcast copies of other sockets' messages, events, garbage — all built
// with the codec. Everything the engine sent is kept for the test to check.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "base/unique_fd.h"
#include "kernel/engine_kind.h"
#include "kernel/pfkey/pfkey_engine.h"
#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey::testing {

enum class Channel : std::uint8_t { Requests, Events };

struct Outgoing {
  Channel channel = Channel::Requests;
  std::vector<std::uint8_t> bytes;
};

// One message the engine sent, as parsed.
struct Received {
  Channel channel = Channel::Requests;
  Header header;
  std::vector<std::uint8_t> bytes;
};

// What the peer answers to `request` (already parsed) that came on `from`.
using Script = std::function<std::vector<Outgoing>(Channel from, const Message& request)>;

class ScriptedPeer {
 public:
  ScriptedPeer();
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;
  ~ScriptedPeer();

  // The engine over the near ends (once per peer).
  std::unique_ptr<PfkeyEngine> engine(EngineKind kind,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(2));

  void set_script(Script script);
  // Sends now, unasked (an event, a broadcast).
  void send(Channel channel, std::span<const std::uint8_t> bytes);
  // Closes the far ends: the engine sees pfkeyd go away.
  void hang_up();
  // Every message the engine has sent so far, in order.
  std::vector<Received> received();

 private:
  void run();
  void serve(Channel channel, int fd);
  [[nodiscard]] int far(Channel channel) const;

  UniqueFd near_requests_, far_requests_, near_events_, far_events_;
  std::mutex mutex_;  // guards script_ and received_
  Script script_;
  std::vector<Received> received_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> hung_up_{false};
  std::thread thread_;
};

// Helpers to build answers.
std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer);
// The header of a reply to `request`: same type, satype, seq and pid.
Header reply_header(const Message& request, std::uint8_t error = 0);
// A header-only reply (an error reply when `error` is set).
Outgoing reply(const Message& request, std::uint8_t error = 0, Channel channel = Channel::Requests);
// A copy of some other socket's message: another pid, a seq of its own.
Outgoing foreign_broadcast(Channel channel, std::uint8_t type, std::uint32_t seq = 1,
                           std::uint32_t pid = 999999);

}  // namespace rc::kernel::pfkey::testing
