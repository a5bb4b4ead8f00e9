#include "fixture.h"

#include <sched.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string_view>

#include "kernel/engine_select.h"

namespace rc::kernel {

void PrintTo(const Selector& selector, std::ostream* out) {
  *out << fmt::format("{} -> {} proto {} ports {} -> {} ifindex {}", selector.src, selector.dst,
                      selector.protocol, selector.src_port, selector.dst_port, selector.ifindex);
}

void PrintTo(const PolicyTemplate& tmpl, std::ostream* out) {
  *out << fmt::format("tmpl proto {} mode {} level {} reqid {}", static_cast<int>(tmpl.protocol),
                      static_cast<int>(tmpl.mode), static_cast<int>(tmpl.level), tmpl.reqid);
  if (tmpl.tunnel_src && tmpl.tunnel_dst) {
    *out << fmt::format(" tunnel {} -> {}", *tmpl.tunnel_src, *tmpl.tunnel_dst);
  }
}

void PrintTo(const PolicyParams& policy, std::ostream* out) {
  *out << "{spid " << policy.spid << " dir " << static_cast<int>(policy.direction) << " action "
       << static_cast<int>(policy.action) << " priority " << policy.priority << " ";
  PrintTo(policy.selector, out);
  for (const PolicyTemplate& tmpl : policy.templates) {
    *out << "; ";
    PrintTo(tmpl, out);
  }
  *out << "}";
}

}  // namespace rc::kernel

namespace rc::kernel::contract {

PolicyParams esp_transport_policy(const Selector& selector, std::uint32_t reqid) {
  PolicyParams policy;
  policy.selector = selector;
  policy.direction = rct::Direction::Outbound;
  policy.action = PolicyAction::Ipsec;
  PolicyTemplate esp;
  esp.protocol = rct::SaType::Esp;
  esp.mode = rct::IpsecMode::Transport;
  esp.level = rct::IpsecLevel::Require;
  esp.reqid = reqid;
  policy.templates.push_back(esp);
  return policy;
}

PolicyParams esp_tunnel_policy(const Selector& selector, rct::Direction direction,
                               const char* outer_src, const char* outer_dst) {
  PolicyParams policy;
  policy.selector = selector;
  policy.direction = direction;
  policy.action = PolicyAction::Ipsec;
  PolicyTemplate esp;
  esp.protocol = rct::SaType::Esp;
  esp.mode = rct::IpsecMode::Tunnel;
  esp.level = rct::IpsecLevel::Require;
  esp.tunnel_src = ip(outer_src);
  esp.tunnel_dst = ip(outer_dst);
  policy.templates.push_back(esp);
  return policy;
}

void EngineContractTest::SetUp() {
  const char* requested = std::getenv("RACOON2_KEY_ENGINE");  // NOLINT(concurrency-mt-unsafe)
  const auto parsed = engine_kind_from_name(requested != nullptr ? requested : "xfrm");
  ASSERT_TRUE(parsed.has_value()) << "RACOON2_KEY_ENGINE must be xfrm, pfkey or pfkeyd";
  kind_ = *parsed;
  if (kind_ != EngineKind::Pfkeyd) {
    if (::geteuid() != 0) GTEST_SKIP() << "the kernel key engines need root (network namespaces)";
    // The host-pair test runs us inside host a of a pair whose veth already
    // carries these addresses, with host b at the far end.
    const char* network = std::getenv("RACOON2_CONTRACT_NETWORK");  // NOLINT(concurrency-mt-unsafe)
    if ((network == nullptr || std::string_view(network) != "existing") &&
        !testing::make_private_network()) {
      GTEST_SKIP() << "unshare(CLONE_NEWNET) is not permitted";
    }
  }
  EngineSettings settings;
  settings.kind = kind_;
  auto opened = open_engine(kind_, settings);
  ASSERT_TRUE(opened) << opened.error().message;
  engine_ = std::move(*opened);
  ASSERT_TRUE(engine_->register_sa_type(rct::SaType::Esp));
  ASSERT_TRUE(engine_->register_sa_type(rct::SaType::Ah));
}

void EngineContractTest::TearDown() {
  if (larval_timeout_changed_) set_larval_timeout(std::chrono::seconds(30));  // the kernel default
  if (engine_) {
    (void)engine_->flush_sas();
    (void)engine_->flush_policies();
  }
  engine_.reset();
}

void EngineContractTest::set_larval_timeout(std::chrono::seconds timeout) {
  if (kind_ == EngineKind::Pfkeyd) {
    FAIL() << "pfkeyd larval timeout is set when it starts";  // issue #5 wires this
  }
  // Per network namespace: ours only.
  std::ofstream sysctl("/proc/sys/net/core/xfrm_acq_expires");
  sysctl << timeout.count() << '\n';
  sysctl.flush();
  ASSERT_TRUE(sysctl.good()) << "cannot write net.core.xfrm_acq_expires";
  larval_timeout_changed_ = true;
}

}  // namespace rc::kernel::contract
