#include "engine_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "addr/socket_address.h"
#include "base/unique_fd.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_socket.h"

namespace rc::kernel::xfrm::testing {

addr::IpAddress ip(const char* text) {
  auto address = addr::IpAddress::parse(text);
  if (!address) throw std::runtime_error(address.error().message);
  return *address;
}

addr::Prefix net(const char* text) {
  auto prefix = addr::Prefix::parse(text);
  if (!prefix) throw std::runtime_error(prefix.error().message);
  return *prefix;
}

Selector udp(const char* src, const char* dst, std::uint16_t src_port, std::uint16_t dst_port) {
  Selector selector;
  selector.src = addr::Prefix::host(ip(src));
  selector.dst = addr::Prefix::host(ip(dst));
  selector.protocol = IPPROTO_UDP;
  selector.src_port = src_port;
  selector.dst_port = dst_port;
  return selector;
}

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

void run(const std::string& command) {
  // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): fixed test set-up commands
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("set-up command failed: " + command);
  }
}

void XfrmEngineTest::SetUp() {
  if (::unshare(CLONE_NEWNET) != 0) {
    if (errno == EPERM) GTEST_SKIP() << "unshare(CLONE_NEWNET) not permitted: needs root";
    FAIL() << "unshare(CLONE_NEWNET): " << std::strerror(errno);
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

void XfrmEngineTest::add_veth() {
  run("ip link set lo up");
  run("ip link add rc-near type veth peer name rc-far");
  run("ip link set rc-far up");
  run("ip link set rc-near up");
  run("ip addr add 192.0.2.1/24 dev rc-near");
  run("ip neigh replace 192.0.2.2 lladdr 02:00:00:00:00:02 dev rc-near nud permanent");
}

void XfrmEngineTest::send_udp(const char* src, std::uint16_t src_port, const char* dst,
                              std::uint16_t dst_port) {
  const auto from = addr::SocketAddress::make(ip(src), src_port);
  const auto to = addr::SocketAddress::make(ip(dst), dst_port);
  if (!from || !to) throw std::runtime_error("bad test address");
  const UniqueFd fd(::socket(from->af(), SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::bind(fd.get(), from->get(), from->length()) != 0) {
    throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
  }
  const char payload[16] = {};
  // The packet waits for an SA and is dropped; only the ACQUIRE matters.
  (void)::sendto(fd.get(), payload, sizeof payload, 0, to->get(), to->length());
}

std::optional<Event> XfrmEngineTest::wait_for(const std::function<bool(const Event&)>& want,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // Events read earlier but not yet asked for come first, in order.
    while (!pending_.empty()) {
      const Event event = pending_.front();
      pending_.pop_front();
      if (want(event)) return event;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd pfd{engine_->event_fd(), POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
    auto read = engine_->read_events([this](const Event& e) { pending_.push_back(e); });
    if (!read) ADD_FAILURE() << "read_events: " << read.error().message;
  }
}

}  // namespace rc::kernel::xfrm::testing
