// What the key-engine tests share (the contract suite, the XFRM engine and
// codec tests, the fixture capture tool): test addresses and keys, a
// private network namespace whose veth leads to a "peer", a UDP sender,
// an event waiter, and the SA comparison.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "addr/socket_address.h"
#include "base/unique_fd.h"
#include "buf/secret_bytes.h"
#include "kernel/engine.h"
#include "support/run_command.h"

namespace rc::testing {

// The near end of the test veth and the peer behind it (documentation ranges).
inline constexpr const char* kLocal4 = "192.0.2.1";
inline constexpr const char* kPeer4 = "192.0.2.2";
inline constexpr const char* kLocal6 = "2001:db8::1";
inline constexpr const char* kPeer6 = "2001:db8::2";

inline addr::IpAddress ip(const char* text) {
  auto address = addr::IpAddress::parse(text);
  if (!address) throw std::runtime_error(address.error().message);
  return *address;
}

inline addr::Prefix prefix(const char* text) {
  auto parsed = addr::Prefix::parse(text);
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

// Host-to-host UDP between two addresses; port 0 = any.
inline kernel::Selector udp_selector(const char* src, const char* dst, std::uint16_t src_port = 0,
                                     std::uint16_t dst_port = 0) {
  kernel::Selector selector;
  selector.src = addr::Prefix::host(ip(src));
  selector.dst = addr::Prefix::host(ip(dst));
  selector.protocol = IPPROTO_UDP;
  selector.src_port = src_port;
  selector.dst_port = dst_port;
  return selector;
}

// A recognisable key: seed, seed+1, ...
inline buf::SecretBytes test_key(std::size_t length, std::uint8_t seed) {
  std::vector<std::uint8_t> bytes(length);
  for (std::size_t i = 0; i < length; ++i) bytes[i] = static_cast<std::uint8_t>(seed + i);
  return buf::SecretBytes(bytes);
}

// `ip ARGS...`; throws when it fails.
inline void ip_command(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  if (run_command(argv) != 0) {
    std::string text;
    for (const std::string& arg : argv) text += arg + " ";
    throw std::runtime_error("set-up command failed: " + text);
  }
}

// In the current network namespace: lo up, and a veth whose near end holds
// kLocal4/24 and kLocal6/64 and whose peers kPeer4 and kPeer6 have permanent
// neighbour entries, so packets to them leave through a real interface (lo
// never consults the SPD) without waiting for ARP/ND. Throws on failure.
inline void add_test_veth() {
  ip_command({"link", "set", "lo", "up"});
  ip_command({"link", "add", "rc-near", "type", "veth", "peer", "name", "rc-far"});
  ip_command({"link", "set", "rc-far", "up"});
  ip_command({"link", "set", "rc-near", "up"});
  ip_command({"addr", "add", std::string(kLocal4) + "/24", "dev", "rc-near"});
  ip_command({"-6", "addr", "add", std::string(kLocal6) + "/64", "dev", "rc-near", "nodad"});
  for (const char* peer : {kPeer4, kPeer6}) {
    ip_command({"neigh", "replace", peer, "lladdr", "02:00:00:00:00:02", "dev", "rc-near", "nud",
                "permanent"});
  }
}

// Moves this process into a new, empty network namespace (the host's SAD
// and SPD are never touched). False when not permitted (not root); throws on
// other failures.
inline bool enter_new_network_namespace() {
  if (::unshare(CLONE_NEWNET) == 0) return true;
  if (errno == EPERM) return false;
  throw std::runtime_error(std::string("unshare(CLONE_NEWNET): ") + std::strerror(errno));
}

// Both: a new namespace with the test veth.
inline bool make_private_network() {
  if (!enter_new_network_namespace()) return false;
  add_test_veth();
  return true;
}

// One UDP datagram of `size` bytes. The result is ignored: a packet waiting
// for an SA is dropped (and sendto may say so); the ACQUIRE is what counts.
inline void send_udp(const char* src, std::uint16_t src_port, const char* dst,
                     std::uint16_t dst_port, std::size_t size = 64) {
  const auto from = addr::SocketAddress::make(ip(src), src_port);
  const auto to = addr::SocketAddress::make(ip(dst), dst_port);
  if (!from || !to) throw std::runtime_error("bad test address");
  const UniqueFd fd(::socket(from->af(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::bind(fd.get(), from->get(), from->length()) != 0) {
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  const std::vector<char> payload(size, 'x');
  (void)::sendto(fd.get(), payload.data(), payload.size(), 0, to->get(), to->length());
}

// Reads an engine's events; wait_for returns the first one `want` accepts,
// dropping those passed over and keeping later ones for the next call.
class EventWaiter {
 public:
  std::optional<kernel::Event> wait_for(kernel::KeyEngine& engine,
                                        const std::function<bool(const kernel::Event&)>& want,
                                        std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      while (!pending_.empty()) {
        const kernel::Event event = pending_.front();
        pending_.pop_front();
        if (want(event)) return event;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd pfd{engine.event_fd(), POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
      auto read = engine.read_events([this](const kernel::Event& e) { pending_.push_back(e); });
      if (!read) ADD_FAILURE() << "read_events: " << read.error().message;
    }
  }

 private:
  std::deque<kernel::Event> pending_;
};

// Everything a caller sets on an SA, keys compared by value. Not the SA
// selector or seq: engines may fill those in.
inline void expect_same_sa(const kernel::SaParams& got, const kernel::SaParams& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.mode, want.mode);
  EXPECT_EQ(got.reqid, want.reqid);
  EXPECT_EQ(got.replay_window, want.replay_window);
  EXPECT_EQ(got.encryption, want.encryption);
  EXPECT_TRUE(buf::equal(got.encryption_key, want.encryption_key)) << "encryption key differs";
  EXPECT_EQ(got.integrity, want.integrity);
  EXPECT_TRUE(buf::equal(got.integrity_key, want.integrity_key)) << "integrity key differs";
  EXPECT_EQ(got.compression, want.compression);
  EXPECT_EQ(got.lifetimes, want.lifetimes);
  EXPECT_EQ(got.nat, want.nat);
  EXPECT_EQ(got.extended_sequence_numbers, want.extended_sequence_numbers);
}

}  // namespace rc::testing
