// What the pfkeyd core tests share: tables on a manual clock, SAs and
// policies between the test addresses, packets, and picking notifications
// of one kind out of a batch.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/sa_copy.h"
#include "core/tables.h"
#include "support/kernel_testing.h"

namespace rc::pfkeyd::testing {

using rc::testing::ip;
using rc::testing::kLocal4;
using rc::testing::kLocal6;
using rc::testing::kPeer4;
using rc::testing::kPeer6;
using rc::testing::prefix;
using rc::testing::test_key;
using rc::testing::udp_selector;
using std::chrono::seconds;

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

// An ESP transport SA (AES-128-CBC, HMAC-SHA2-256) from src to dst.
inline kernel::SaParams esp_sa(std::uint32_t spi, const char* src = kLocal4,
                               const char* dst = kPeer4, std::uint32_t reqid = 100) {
  kernel::SaParams sa;
  sa.id = kernel::SaId{.type = rct::SaType::Esp, .src = ip(src), .dst = ip(dst), .spi = spi};
  sa.mode = rct::IpsecMode::Transport;
  sa.reqid = reqid;
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = test_key(16, 1);
  sa.integrity = rct::AuthAlg::HmacSha2_256;
  sa.integrity_key = test_key(32, 50);
  return sa;
}

inline kernel::SaParams ah_sa(std::uint32_t spi, const char* src = kLocal4,
                              const char* dst = kPeer4, std::uint32_t reqid = 100) {
  kernel::SaParams sa = esp_sa(spi, src, dst, reqid);
  sa.id.type = rct::SaType::Ah;
  sa.encryption = {};
  sa.encryption_key = {};
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 7);
  return sa;
}

inline kernel::SaId sa_id(rct::SaType type, const char* src, const char* dst, std::uint32_t spi) {
  return kernel::SaId{.type = type, .src = ip(src), .dst = ip(dst), .spi = spi};
}

inline kernel::SpiRequest spi_request(std::uint32_t reqid, std::uint32_t min = 0x100,
                                      std::uint32_t max = 0xffffffff, const char* src = kPeer4,
                                      const char* dst = kLocal4) {
  kernel::SpiRequest request;
  request.type = rct::SaType::Esp;
  request.src = ip(src);
  request.dst = ip(dst);
  request.reqid = reqid;
  request.min = min;
  request.max = max;
  return request;
}

inline kernel::PolicyTemplate esp_template(std::uint32_t reqid = 0) {
  kernel::PolicyTemplate esp;
  esp.protocol = rct::SaType::Esp;
  esp.mode = rct::IpsecMode::Transport;
  esp.level = rct::IpsecLevel::Require;
  esp.reqid = reqid;
  return esp;
}

// An ESP transport policy for `selector`.
inline kernel::PolicyParams esp_policy(const kernel::Selector& selector,
                                       rct::Direction direction = rct::Direction::Outbound,
                                       std::uint32_t reqid = 0) {
  kernel::PolicyParams policy;
  policy.selector = selector;
  policy.direction = direction;
  policy.action = kernel::PolicyAction::Ipsec;
  policy.templates.push_back(esp_template(reqid));
  return policy;
}

inline kernel::PolicyParams esp_tunnel_policy(const kernel::Selector& selector,
                                              rct::Direction direction, const char* outer_src,
                                              const char* outer_dst, std::uint32_t reqid = 0) {
  kernel::PolicyParams policy = esp_policy(selector, direction, reqid);
  policy.templates[0].mode = rct::IpsecMode::Tunnel;
  policy.templates[0].tunnel_src = ip(outer_src);
  policy.templates[0].tunnel_dst = ip(outer_dst);
  return policy;
}

inline kernel::pfkey::PacketReport packet(const char* src, std::uint16_t sport, const char* dst,
                                          std::uint16_t dport, std::uint64_t bytes = 100,
                                          rct::Direction direction = rct::Direction::Outbound) {
  kernel::pfkey::PacketReport report;
  report.packet = udp_selector(src, dst, sport, dport);
  report.direction = direction;
  report.bytes = bytes;
  return report;
}

template <class T>
std::vector<T> only(const Notifications& notifications) {
  std::vector<T> out;
  for (const Notification& n : notifications) {
    if (const T* typed = std::get_if<T>(&n)) out.push_back(*typed);
  }
  return out;
}

class TablesTest : public ::testing::Test {
 protected:
  explicit TablesTest(TablesSettings settings = {}) : tables_(clock_, settings) {}

  Tables& tables() { return tables_; }
  ManualClock& clock() { return clock_; }
  void advance(std::chrono::milliseconds step) { clock_.advance(step); }

  // The packet's result; fails the test when the report is refused.
  PacketResult send(const kernel::pfkey::PacketReport& report) {
    auto result = tables_.process(report);
    EXPECT_TRUE(result.has_value()) << result.error().message;
    return result ? std::move(*result) : PacketResult{};
  }

 private:
  ManualClock clock_;
  Tables tables_;
};

}  // namespace rc::pfkeyd::testing
