#include "engine_fixture.h"

#include <stdexcept>

#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_socket.h"

namespace rc::kernel::xfrm::testing {

PolicyTemplate esp(rct::IpsecMode mode, std::uint32_t reqid) {
  PolicyTemplate t;
  t.protocol = rct::SaType::Esp;
  t.mode = mode;
  t.level = rct::IpsecLevel::Require;
  t.reqid = reqid;
  return t;
}

PolicyTemplate esp_tunnel(const char* src, const char* dst, std::uint32_t reqid) {
  PolicyTemplate t = esp(rct::IpsecMode::Tunnel, reqid);
  t.tunnel_src = ip(src);
  t.tunnel_dst = ip(dst);
  return t;
}

PolicyParams ipsec_policy(const Selector& selector, rct::Direction direction,
                          std::vector<PolicyTemplate> templates) {
  PolicyParams policy;
  policy.selector = selector;
  policy.direction = direction;
  policy.action = PolicyAction::Ipsec;
  policy.templates = std::move(templates);
  return policy;
}

void XfrmEngineTest::SetUp() {
  if (!rc::testing::enter_new_network_namespace()) {
    GTEST_SKIP() << "unshare(CLONE_NEWNET) not permitted: needs root";
  }
  auto opened = XfrmEngine::open();
  ASSERT_TRUE(opened) << opened.error().message;
  engine_ = std::move(*opened);
}

std::vector<PolicyInfo> XfrmEngineTest::kernel_policies() {
  auto socket = XfrmSocket::open({});
  if (!socket) throw std::runtime_error(socket.error().message);
  std::vector<PolicyInfo> out;
  auto done = socket->transact(encode::dump_policies(), [&out](const netlink::Message& m) {
    auto info = decode::policy(m);
    if (!info) return Result<void>(fail(std::move(info).error()));
    out.push_back(std::move(*info));
    return ok();
  });
  if (!done) throw std::runtime_error(done.error().message);
  return out;
}

}  // namespace rc::kernel::xfrm::testing
