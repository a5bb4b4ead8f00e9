// Real-kernel tests of the XFRM engine. Each test moves its process into a
// new, empty network namespace first (gtest_discover_tests runs every test
// in its own process), so the host's SAD and SPD are never touched.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "kernel/events.h"
#include "kernel/xfrm/xfrm_engine.h"

namespace rc::kernel::xfrm::testing {

addr::IpAddress ip(const char* text);
addr::Prefix net(const char* text);
Selector udp(const char* src, const char* dst, std::uint16_t src_port = 0,
             std::uint16_t dst_port = 0);
PolicyTemplate esp(rct::IpsecMode mode, std::uint32_t reqid = 0);
PolicyTemplate esp_tunnel(const char* src, const char* dst, std::uint32_t reqid = 0);
PolicyParams ipsec_policy(const Selector& selector, rct::Direction direction,
                          std::vector<PolicyTemplate> templates);

// Runs a shell command in this process's namespace; throws on failure.
void run(const std::string& command);

class XfrmEngineTest : public ::testing::Test {
 protected:
  void SetUp() override;

  XfrmEngine& engine() { return *engine_; }
  // Every policy the kernel holds, fwd ones included, read on a socket of
  // our own (not through the engine under test).
  std::vector<PolicyInfo> kernel_policies();
  // A veth whose near end has 192.0.2.1/24 and whose far peer 192.0.2.2
  // has a permanent neighbour entry, so packets leave through a real
  // interface (lo never consults the SPD).
  static void add_veth();
  static void send_udp(const char* src, std::uint16_t src_port, const char* dst,
                       std::uint16_t dst_port);
  // Reads events until one satisfies `want` or `timeout` passes; events
  // passed over are dropped, later ones kept for the next call.
  std::optional<Event> wait_for(const std::function<bool(const Event&)>& want,
                                std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<XfrmEngine> engine_;
  std::deque<Event> pending_;
};

}  // namespace rc::kernel::xfrm::testing
