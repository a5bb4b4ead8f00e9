// Writes the seed corpus of the xfrm_parse fuzzer into the directory given
// as the only argument: requests from our encoder (the kernel's replies and
// events share their layouts) and, when run as root, real replies of this
// host's kernel captured in a private network namespace. Run it by hand
// after a format change:
//   build/<dir>/tests/kernel/xfrm/xfrm_corpus_gen tests/fuzz/corpus/xfrm_parse
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <linux/xfrm.h>
#include "addr/socket_address.h"
#include "base/unique_fd.h"

#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_engine.h"

namespace {

using namespace rc::kernel;  // NOLINT(google-build-using-namespace): a small tool
namespace rct = rc::rct;

rc::addr::IpAddress ip(const char* text) {
  return *rc::addr::IpAddress::parse(text);
}

void write(const std::string& dir, const std::string& name, std::span<const std::uint8_t> bytes) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): ofstream takes char
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void write(const std::string& dir, const std::string& name, rc::Result<xfrm::WipedBuffer> message) {
  if (!message) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), message.error().message.c_str());
    return;
  }
  write(dir, name, message->view());
}

rc::buf::SecretBytes key(std::size_t n) {
  return rc::buf::SecretBytes(std::vector<std::uint8_t>(n, 0x5a));
}

PolicyParams policy() {
  PolicyParams p;
  p.selector.src = *rc::addr::Prefix::parse("198.51.100.0/24");
  p.selector.dst = *rc::addr::Prefix::parse("203.0.113.0/24");
  p.selector.protocol = 17;
  p.selector.dst_port = 53;
  p.direction = rct::Direction::Inbound;
  p.priority = 100;
  PolicyTemplate ipcomp{rct::SaType::Ipcomp,  rct::IpsecMode::Transport,
                        rct::IpsecLevel::Use, std::nullopt,
                        std::nullopt,         0};
  PolicyTemplate esp{rct::SaType::Esp,  rct::IpsecMode::Tunnel, rct::IpsecLevel::Unique,
                     ip("2001:db8::2"), ip("2001:db8::1"),      0x4001};
  p.templates = {ipcomp, esp};
  return p;
}

void encoder_seeds(const std::string& dir) {
  SaParams sa;
  sa.id = SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1001};
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = key(16);
  sa.integrity = rct::AuthAlg::HmacSha2_256;
  sa.integrity_key = key(32);
  sa.nat = NatEncapsulation{4500, 4500, ip("198.51.100.1")};
  write(dir, "newsa_cbc_hmac_natt", xfrm::encode::add_sa(sa, false));
  sa.encryption = rct::EncAlg::AesGcm16;
  sa.encryption_key = key(20);
  sa.integrity = {};
  sa.integrity_key = {};
  sa.nat.reset();
  sa.extended_sequence_numbers = true;
  sa.replay_window = 128;
  write(dir, "newsa_gcm_esn", xfrm::encode::add_sa(sa, false));
  SaParams ipcomp;
  ipcomp.id = SaId{rct::SaType::Ipcomp, ip("2001:db8::1"), ip("2001:db8::2"), 0x300};
  ipcomp.mode = rct::IpsecMode::Tunnel;
  ipcomp.compression = rct::CompAlg::Deflate;
  write(dir, "newsa_ipcomp_v6", xfrm::encode::add_sa(ipcomp, false));
  write(dir, "newpolicy_bundle", xfrm::encode::add_policy(policy(), false));
  MigrateParams migration;
  migration.selector = policy().selector;
  migration.entries.push_back(MigrateEntry{rct::SaType::Esp, rct::IpsecMode::Tunnel, 7,
                                           ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.1"),
                                           ip("192.0.2.3")});
  write(dir, "migrate", xfrm::encode::migrate(migration));
}

void shell(const char* command) {
  // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): fixed commands in a tool
  if (std::system(command) != 0) std::fprintf(stderr, "failed: %s\n", command);
}

void send_udp() {
  const auto from = rc::addr::SocketAddress::make(ip("192.0.2.1"), 5555);
  const auto to = rc::addr::SocketAddress::make(ip("192.0.2.2"), 7777);
  const rc::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!from || !to || !fd || ::bind(fd.get(), from->get(), from->length()) != 0) return;
  const char payload[8] = {};
  (void)::sendto(fd.get(), payload, sizeof payload, 0, to->get(), to->length());
}

void wait_events(KeyEngine& engine, int milliseconds) {
  pollfd pfd{engine.event_fd(), POLLIN, 0};
  while (::poll(&pfd, 1, milliseconds) > 0) {
    (void)engine.read_events([](const Event&) {});
  }
}

// Datagrams the engine received since the last call, written or dropped.
class Capture {
 public:
  explicit Capture(std::string dir) : dir_(std::move(dir)) {}
  void tap(std::span<const std::uint8_t> datagram) {
    seen_.emplace_back(datagram.begin(), datagram.end());
  }
  // Keeps datagram `index` as kernel_<name>.
  void keep(const std::string& name, std::size_t index = 0) {
    if (index < seen_.size()) write(dir_, "kernel_" + name, seen_[index]);
    seen_.clear();
  }
  void drop() { seen_.clear(); }
  // Each event under the name of its type (their order is the kernel's).
  void keep_events() {
    for (const auto& datagram : seen_) {
      const char* name = "other";
      switch (xfrm::netlink::message_type(datagram)) {
        case XFRM_MSG_ACQUIRE:
          name = "acquire";
          break;
        case XFRM_MSG_EXPIRE:
          name = "expire";
          break;
        case XFRM_MSG_POLEXPIRE:
          name = "polexpire";
          break;
        case XFRM_MSG_MIGRATE:
          name = "migrate";
          break;
        default:
          break;
      }
      write(dir_, std::string("kernel_event_") + name, datagram);
    }
    seen_.clear();
  }

 private:
  std::string dir_;
  std::vector<std::vector<std::uint8_t>> seen_;
};

// ACQUIRE from a packet over a veth, EXPIRE of a larval SA, POLEXPIRE, MIGRATE.
void event_seeds(KeyEngine& engine, Capture& capture) {
  (void)engine.flush_policies();
  (void)engine.flush_sas();
  shell(
      "ip link set lo up && ip link add rc-near type veth peer name rc-far && "
      "ip link set rc-far up && ip link set rc-near up && "
      "ip addr add 192.0.2.1/24 dev rc-near && "
      "ip neigh replace 192.0.2.2 lladdr 02:00:00:00:00:02 dev rc-near nud permanent && "
      "sysctl -q -w net.core.xfrm_acq_expires=1");
  (void)engine.register_sa_type(rct::SaType::Esp);
  PolicyParams out;
  out.selector.src = rc::addr::Prefix::host(ip("192.0.2.1"));
  out.selector.dst = rc::addr::Prefix::host(ip("192.0.2.2"));
  out.selector.protocol = 17;
  out.templates.push_back(PolicyTemplate{rct::SaType::Esp, rct::IpsecMode::Transport,
                                         rct::IpsecLevel::Require, std::nullopt, std::nullopt, 31});
  out.lifetimes.soft.add_seconds = 1;
  capture.drop();
  (void)engine.add_policy(out);
  capture.keep("getpolicy_reply_transport", 1);  // after the NEWPOLICY ack
  send_udp();
  wait_events(engine, 2500);  // ACQUIRE, then the larval SA's and the policy's expiry
  capture.keep_events();
  PolicyParams tunnel = policy();
  tunnel.direction = rct::Direction::Outbound;
  (void)engine.add_policy(tunnel);
  MigrateParams migration;
  migration.selector = tunnel.selector;
  migration.direction = rct::Direction::Outbound;
  migration.entries.push_back(MigrateEntry{rct::SaType::Esp, rct::IpsecMode::Tunnel, 0x4001,
                                           ip("2001:db8::2"), ip("2001:db8::1"), ip("2001:db8::2"),
                                           ip("2001:db8::3")});
  capture.drop();
  (void)engine.migrate(migration);
  capture.drop();
  wait_events(engine, 500);
  capture.keep_events();
}

// Hand-made edge cases around real messages: cut, overlong, broken lengths.
void edge_seeds(const std::string& dir) {
  auto base = xfrm::encode::add_policy(policy(), false);
  if (!base) return;
  const std::vector<std::uint8_t> good(base->view().begin(), base->view().end());
  write(dir, "edge_empty", std::span<const std::uint8_t>{});
  write(dir, "edge_short_header", std::span(good).first(10));
  std::vector<std::uint8_t> beyond = good;
  beyond[0] = 0xff;  // nlmsg_len far past the end
  beyond[1] = 0x0f;
  write(dir, "edge_len_beyond", beyond);
  std::vector<std::uint8_t> short_attribute = good;
  // The template attribute right after xfrm_userpolicy_info: nla_len 3.
  short_attribute[16 + sizeof(xfrm_userpolicy_info)] = 3;
  short_attribute[16 + sizeof(xfrm_userpolicy_info) + 1] = 0;
  write(dir, "edge_attr_len_3", short_attribute);
  std::vector<std::uint8_t> two = good;
  two.insert(two.end(), good.begin(), good.end());
  two.resize(good.size() + good.size() / 2);  // the second part of a dump cut short
  write(dir, "edge_multipart_truncated", two);
}

// Real kernel bytes: ALLOCSPI's NEWSA, a GETPOLICY reply, a dump, errors.
void kernel_seeds(const std::string& dir) {
  if (::unshare(CLONE_NEWNET) != 0) {
    std::fprintf(stderr, "no private network namespace (not root?): kernel seeds skipped\n");
    return;
  }
  auto engine = xfrm::XfrmEngine::open();
  if (!engine) {
    std::fprintf(stderr, "%s\n", engine.error().message.c_str());
    return;
  }
  Capture capture(dir);
  (*engine)->set_receive_tap([&capture](std::span<const std::uint8_t> d) { capture.tap(d); });
  SpiRequest request;
  request.src = ip("192.0.2.2");
  request.dst = ip("192.0.2.1");
  request.reqid = 5;
  (void)(*engine)->get_spi(request);
  capture.keep("allocspi_reply");
  const auto spid = (*engine)->add_policy(policy());
  capture.keep("ack");  // NEWPOLICY's; the twin's ack and the SPID lookup follow
  if (spid) (void)(*engine)->get_policy(*spid);
  capture.keep("getpolicy_reply");
  (void)(*engine)->dump_policies();
  capture.keep("policy_dump_0", 0);
  (void)(*engine)->dump_policies();
  capture.keep("policy_dump_1", 1);  // NLMSG_DONE
  (void)(*engine)->add_policy(policy());
  capture.keep("eexist_error");
  SaParams esp;
  esp.id = SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x2001};
  esp.encryption = rct::EncAlg::Aes128Cbc;
  esp.encryption_key = key(16);
  (void)(*engine)->add_sa(esp);
  capture.keep("no_esp_error_extack");
  event_seeds(**engine, capture);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  encoder_seeds(dir);
  edge_seeds(dir);
  kernel_seeds(dir);
  return 0;
}
