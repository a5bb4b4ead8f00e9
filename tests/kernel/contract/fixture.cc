#include "fixture.h"

#include <sched.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string_view>

#include <sys/stat.h>

#include "kernel/engine_select.h"
#include "kernel/pfkey/pfkey_engine.h"

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
namespace {

// The build may bake in the engine and the pfkeyd binary (the pfkeyd
// contract binary does); the environment still overrides both.
#ifdef RACOON2_CONTRACT_ENGINE
constexpr const char* kDefaultEngine = RACOON2_CONTRACT_ENGINE;
#else
constexpr const char* kDefaultEngine = "xfrm";
#endif
#ifdef RACOON2_PFKEYD_BINARY
constexpr const char* kPfkeydBinary = RACOON2_PFKEYD_BINARY;
#else
constexpr const char* kPfkeydBinary = "";
#endif

}  // namespace

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
  const auto parsed = engine_kind_from_name(requested != nullptr ? requested : kDefaultEngine);
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
  if (kind_ == EngineKind::Pfkeyd) {
    // A real pfkeyd of this build, private to this test.
    const char* binary = std::getenv("RACOON2_PFKEYD");  // NOLINT(concurrency-mt-unsafe)
    if (binary == nullptr) binary = kPfkeydBinary;
    ASSERT_NE(*binary, '\0') << "RACOON2_PFKEYD must name the pfkeyd binary";
    pfkeyd_dir_ = std::make_unique<testing::TempDir>("contract-pfkeyd");
    ASSERT_EQ(::chmod(pfkeyd_dir_->root().c_str(), 0700), 0);
    pfkeyd_ = std::make_unique<testing::PfkeydProcess>(binary, pfkeyd_dir_->root().string());
    ASSERT_TRUE(pfkeyd_->start()) << pfkeyd_->error();
  }
  open_engine_under_test();
}

void EngineContractTest::open_engine_under_test() {
  EngineSettings settings;
  settings.kind = kind_;
  if (pfkeyd_) settings.pfkeyd_socket = pfkeyd_->socket_path();
  auto opened = open_engine(kind_, settings);
  ASSERT_TRUE(opened) << opened.error().message;
  engine_ = std::move(*opened);
  ASSERT_TRUE(engine_->register_sa_type(rct::SaType::Esp));
  ASSERT_TRUE(engine_->register_sa_type(rct::SaType::Ah));
}

void EngineContractTest::TearDown() {
  if (larval_timeout_changed_ && !pfkeyd_) {
    set_larval_timeout(std::chrono::seconds(30));  // the kernel default
  }
  if (engine_) {
    (void)engine_->flush_sas();
    (void)engine_->flush_policies();
  }
  engine_.reset();
  if (pfkeyd_) {
    EXPECT_EQ(pfkeyd_->stop(), 0) << "pfkeyd did not exit cleanly: " << pfkeyd_->log_text();
    pfkeyd_.reset();
  }
}

void EngineContractTest::send_traffic(const char* src, std::uint16_t src_port, const char* dst,
                                      std::uint16_t dst_port, std::size_t size) {
  if (!pfkeyd_) {
    send_udp(src, src_port, dst, dst_port, size);
    return;
  }
  auto* pfkey_engine = dynamic_cast<pfkey::PfkeyEngine*>(engine_.get());
  ASSERT_NE(pfkey_engine, nullptr);
  pfkey::PacketReport report;
  report.packet = udp_selector(src, dst, src_port, dst_port);
  report.direction = rct::Direction::Outbound;
  // What the kernel counts on an SA: the whole IP datagram.
  const std::size_t ip_header = ip(src).is_v4() ? 20 : 40;
  report.bytes = size + 8 + ip_header;
  auto verdict = pfkey_engine->inject_packet(report);
  ASSERT_TRUE(verdict) << verdict.error().message;
}

void EngineContractTest::set_larval_timeout(std::chrono::seconds timeout) {
  if (pfkeyd_) {
    // pfkeyd takes it on its command line; a restart keeps its tables.
    engine_.reset();
    ASSERT_EQ(pfkeyd_->stop(), 0) << pfkeyd_->log_text();
    ASSERT_TRUE(pfkeyd_->start(timeout)) << pfkeyd_->error();
    open_engine_under_test();
    larval_timeout_changed_ = true;
    return;
  }
  // Per network namespace: ours only.
  std::ofstream sysctl("/proc/sys/net/core/xfrm_acq_expires");
  sysctl << timeout.count() << '\n';
  sysctl.flush();
  ASSERT_TRUE(sysctl.good()) << "cannot write net.core.xfrm_acq_expires";
  larval_timeout_changed_ = true;
}

}  // namespace rc::kernel::contract
