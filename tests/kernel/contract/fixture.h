// The key-engine contract: one suite of behaviours every back end must show,
// written against rc::kernel::KeyEngine only. The engine under test comes
// from RACOON2_KEY_ENGINE (xfrm, pfkey, pfkeyd; default xfrm).
//
// Each test runs in its own process (gtest_discover_tests) and, for the
// kernel engines, in a private network namespace made at SetUp: lo plus a
// veth pair whose near end holds 192.0.2.1/24 and 2001:db8::1/64 and whose
// peer 192.0.2.2 / 2001:db8::2 has a permanent neighbour entry, so packets
// to the peer leave through a real interface (lo never consults the SPD).
// With RACOON2_CONTRACT_NETWORK=existing the tests use the namespace they
// are started in instead (host a of a host pair: same addresses).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "addr/ip_address.h"
#include "kernel/engine.h"
#include "support/kernel_testing.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace rc::kernel {
// Readable failure messages for the structs the contract compares.
void PrintTo(const Selector& selector, std::ostream* out);
void PrintTo(const PolicyTemplate& tmpl, std::ostream* out);
void PrintTo(const PolicyParams& policy, std::ostream* out);
}  // namespace rc::kernel

namespace rc::kernel::contract {

using testing::ip;
using testing::kLocal4;
using testing::kLocal6;
using testing::kPeer4;
using testing::kPeer6;
using testing::prefix;
using testing::send_udp;
using testing::udp_selector;

// An outbound transport-mode ESP policy for `selector`.
PolicyParams esp_transport_policy(const Selector& selector, std::uint32_t reqid = 0);
// An inbound tunnel-mode ESP policy between the peers' outer addresses.
PolicyParams esp_tunnel_policy(const Selector& selector, rct::Direction direction,
                               const char* outer_src, const char* outer_dst);

class EngineContractTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  KeyEngine& engine() { return *engine_; }
  [[nodiscard]] EngineKind kind() const { return kind_; }

  // How long a larval SA (GETSPI, ACQUIRE) lives before the engine drops it.
  // pfkeyd takes it at start: it is restarted (its tables survive).
  void set_larval_timeout(std::chrono::seconds timeout);

  // A UDP packet of `size` payload bytes leaves this host: through the
  // kernel's stack for the kernel engines, reported to pfkeyd (its packet
  // injection) for pfkeyd, which has no stack of its own.
  void send_traffic(const char* src, std::uint16_t src_port, const char* dst,
                    std::uint16_t dst_port, std::size_t size = 64);

  // Reads events until `want` accepts one or `timeout` passes.
  std::optional<Event> wait_for(const std::function<bool(const Event&)>& want,
                                std::chrono::milliseconds timeout) {
    return events_.wait_for(*engine_, want, timeout);
  }
  template <class T>
  std::optional<T> wait_for(const std::function<bool(const T&)>& want,
                            std::chrono::milliseconds timeout) {
    auto event = wait_for(
        [&want](const Event& e) {
          const T* typed = std::get_if<T>(&e);
          return typed != nullptr && want(*typed);
        },
        timeout);
    if (!event) return std::nullopt;
    return std::get<T>(*event);
  }

 private:
  void open_engine_under_test();

  EngineKind kind_ = EngineKind::Xfrm;
  std::unique_ptr<testing::TempDir> pfkeyd_dir_;  // pfkeyd's socket, state and log
  std::unique_ptr<testing::PfkeydProcess> pfkeyd_;
  std::unique_ptr<KeyEngine> engine_;
  testing::EventWaiter events_;
  bool larval_timeout_changed_ = false;
};

// ASSERT-style check that a Result failed with `code`.
#define EXPECT_ERRNO(result, errno_value)                               \
  do {                                                                  \
    const auto& r_ = (result);                                          \
    ASSERT_FALSE(r_.has_value()) << "expected errno " << (errno_value); \
    EXPECT_EQ(r_.error().code, (errno_value)) << r_.error().message;    \
    EXPECT_FALSE(r_.error().message.empty());                           \
  } while (0)

#define ASSERT_OK(result)                              \
  do {                                                 \
    const auto& r_ = (result);                         \
    ASSERT_TRUE(r_.has_value()) << r_.error().message; \
  } while (0)

}  // namespace rc::kernel::contract
