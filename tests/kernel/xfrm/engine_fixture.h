// Real-kernel tests of the XFRM engine. Each test moves its process into a
// new, empty network namespace first (gtest_discover_tests runs every test
// in its own process), so the host's SAD and SPD are never touched.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "kernel/events.h"
#include "kernel/xfrm/xfrm_engine.h"
#include "support/kernel_testing.h"

namespace rc::kernel::xfrm::testing {

using rc::testing::ip;
using rc::testing::prefix;
using rc::testing::send_udp;
using rc::testing::udp_selector;

PolicyTemplate esp(rct::IpsecMode mode, std::uint32_t reqid = 0);
PolicyTemplate esp_tunnel(const char* src, const char* dst, std::uint32_t reqid = 0);
PolicyParams ipsec_policy(const Selector& selector, rct::Direction direction,
                          std::vector<PolicyTemplate> templates);

class XfrmEngineTest : public ::testing::Test {
 protected:
  void SetUp() override;

  XfrmEngine& engine() { return *engine_; }
  // Every policy the kernel holds, fwd ones included, read on a socket of
  // our own (not through the engine under test).
  std::vector<PolicyInfo> kernel_policies();
  // Reads events until one satisfies `want` or `timeout` passes; events
  // passed over are dropped, later ones kept for the next call.
  std::optional<Event> wait_for(const std::function<bool(const Event&)>& want,
                                std::chrono::milliseconds timeout) {
    return events_.wait_for(*engine_, want, timeout);
  }

 private:
  std::unique_ptr<XfrmEngine> engine_;
  rc::testing::EventWaiter events_;
};

}  // namespace rc::kernel::xfrm::testing
