// Captures Linux af_key's messages as byte fixtures: run inside the
// real-kernel VM (tests/kernel/contract_vm_test.sh,
// tests/kernel/capture-fixtures.sh) as root with af_key loaded. In a fresh
// network namespace it talks to the kernel over a raw
// socket(PF_KEY, SOCK_RAW, PF_KEY_V2) of its own — not through PfkeyEngine —
// and writes every reply and event it asks for to DIR/<name>.bin exactly as
// the kernel sent it. Requests are built with the codec (they only have to
// be accepted); what is kept is the kernel's bytes, which
// pfkey_fixture_decode_test.cc decodes against the values installed here
// (written out again there, literally).
//   usage: capture_pfkey_fixtures DIR
#include <arpa/inet.h>
#include <linux/pfkeyv2.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/unique_fd.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_register.h"
#include "kernel/pfkey/pfkey_sa.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/pfkey/pfkey_spi.h"
#include "support/kernel_testing.h"

namespace {

using namespace rc::kernel;  // NOLINT(google-build-using-namespace): a small tool
namespace pfkey = rc::kernel::pfkey;
namespace rct = rc::rct;
using rc::testing::ip;
using rc::testing::prefix;
using rc::testing::test_key;
using Datagram = std::vector<std::uint8_t>;

// sadb_msg_pid of every request: af_key echoes it in its replies, so a fixed
// value keeps the fixtures the same from one capture to the next.
constexpr std::uint32_t kPid = 0x4b4559;  // "KEY" in ASCII

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "capture_pfkey_fixtures: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(rc::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

// One raw PF_KEY socket: whole datagrams out and in.
class RawPfkey {
 public:
  RawPfkey() : fd_(::socket(PF_KEY, SOCK_RAW | SOCK_CLOEXEC, PF_KEY_V2)) {
    if (!fd_) die(std::string("socket(PF_KEY, SOCK_RAW, PF_KEY_V2): ") + std::strerror(errno));
  }

  // Sends `request` with `seq` and kPid in its header.
  void send(pfkey::WipedBuffer request, std::uint32_t seq) {
    pfkey::stamp(request, seq, kPid);
    const auto bytes = request.view();
    if (::send(fd_.get(), bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) {
      die(std::string("send: ") + std::strerror(errno));
    }
  }

  // The next datagram within `seconds`, or nothing.
  std::optional<Datagram> receive(int seconds) {
    pollfd pfd{fd_.get(), POLLIN, 0};
    if (::poll(&pfd, 1, seconds * 1000) != 1) return std::nullopt;
    Datagram datagram(1U << 16);
    const ssize_t got = ::recv(fd_.get(), datagram.data(), datagram.size(), MSG_TRUNC);
    if (got < 0) die(std::string("recv: ") + std::strerror(errno));
    if (static_cast<std::size_t>(got) > datagram.size()) die("a datagram over 64 KiB");
    datagram.resize(static_cast<std::size_t>(got));
    return datagram;
  }

 private:
  rc::UniqueFd fd_;
};

struct Seen {
  std::uint8_t type = 0;
  std::uint8_t error = 0;
  std::uint32_t seq = 0;
  std::uint32_t spi = 0;  // SADB_EXT_SA's, host order; 0 without one
  bool hard = false;      // SADB_EXT_LIFETIME_HARD is there
  bool soft = false;      // SADB_EXT_LIFETIME_SOFT is there
};

// Reads the header (and the SA's SPI) without the codec's parser, so a
// capture never depends on the code the fixtures test.
Seen look(const Datagram& datagram) {
  Seen seen;
  if (datagram.size() < sizeof(sadb_msg)) return seen;
  sadb_msg msg{};
  std::memcpy(&msg, datagram.data(), sizeof msg);
  seen.type = msg.sadb_msg_type;
  seen.error = msg.sadb_msg_errno;
  seen.seq = msg.sadb_msg_seq;
  std::size_t at = sizeof(sadb_msg);
  while (at + sizeof(sadb_ext) <= datagram.size()) {
    sadb_ext ext{};
    std::memcpy(&ext, datagram.data() + at, sizeof ext);
    const std::size_t length = std::size_t{ext.sadb_ext_len} * 8;
    if (length == 0 || at + length > datagram.size()) break;
    if (ext.sadb_ext_type == SADB_EXT_SA && length >= sizeof(sadb_sa)) {
      sadb_sa sa{};
      std::memcpy(&sa, datagram.data() + at, sizeof sa);
      seen.spi = ntohl(sa.sadb_sa_spi);
    }
    seen.hard = seen.hard || ext.sadb_ext_type == SADB_EXT_LIFETIME_HARD;
    seen.soft = seen.soft || ext.sadb_ext_type == SADB_EXT_LIFETIME_SOFT;
    at += length;
  }
  return seen;
}

class Capture {
 public:
  explicit Capture(std::string dir) : dir_(std::move(dir)) {}

  // Waits up to `seconds` for the datagram `want` accepts and writes it to
  // <name>.bin; others (broadcasts of earlier requests) are passed over.
  Datagram keep(const std::string& name, const std::function<bool(const Seen&)>& want,
                int seconds) {
    Datagram datagram = wait(name, want, seconds);
    std::ofstream out(dir_ + "/" + name + ".bin", std::ios::binary);
    out.write(reinterpret_cast<const char*>(datagram.data()),  // NOLINT: byte I/O
              static_cast<std::streamsize>(datagram.size()));
    if (!out) die("cannot write " + name);
    std::printf("captured %s (%zu bytes)\n", name.c_str(), datagram.size());
    return datagram;
  }

  // The same without writing it (a reply that is not a fixture).
  Datagram wait(const std::string& name, const std::function<bool(const Seen&)>& want,
                int seconds) {
    for (;;) {
      auto datagram = socket_.receive(seconds);
      if (!datagram) die("nothing from the kernel for " + name);
      const Seen seen = look(*datagram);
      if (want(seen)) return std::move(*datagram);
      std::printf("  (passed over type %u errno %u seq %u)\n", seen.type, seen.error, seen.seq);
    }
  }

  // Sends `request` with the next seq and waits for the answer of `type`
  // with that seq (errno 0 unless `error`).
  Datagram ask(const std::string& name, pfkey::WipedBuffer request, std::uint8_t type,
               bool save = true, std::uint8_t error = 0) {
    const std::uint32_t seq = ++seq_;
    socket_.send(std::move(request), seq);
    const auto want = [&](const Seen& seen) {
      return seen.type == type && seen.seq == seq && seen.error == error;
    };
    return save ? keep(name, want, 3) : wait(name, want, 3);
  }

  // Sends a dump request meant to find one entry: its one message, which
  // as the last of a dump has seq 0 (pid is still the request's).
  Datagram dump_one(const std::string& name, pfkey::WipedBuffer request, std::uint8_t type) {
    socket_.send(std::move(request), ++seq_);
    return keep(
        name,
        [&](const Seen& seen) {
          if (seen.type == type && seen.seq != 0) die(name + ": more than one message");
          return seen.type == type && seen.error == 0;
        },
        3);
  }

 private:
  std::string dir_;
  RawPfkey socket_;
  std::uint32_t seq_ = 0;
};

// ESP in tunnel mode, AES-CBC-256 + HMAC-SHA1, every lifetime field
// different so that swapped fields show.
SaParams esp_tunnel_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1001};
  sa.mode = rct::IpsecMode::Tunnel;
  sa.reqid = 100;
  sa.replay_window = 16;
  sa.encryption = rct::EncAlg::Aes256Cbc;
  sa.encryption_key = test_key(32, 0x10);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 0x60);
  sa.lifetimes.soft =
      LifetimeLimit{.bytes = 1000000, .packets = 0, .add_seconds = 3000, .use_seconds = 1800};
  sa.lifetimes.hard =
      LifetimeLimit{.bytes = 2000000, .packets = 0, .add_seconds = 3600, .use_seconds = 2400};
  return sa;
}

// AH over IPv6 in transport mode: a 512-bit key (sadb_key_bits beyond a byte).
SaParams ah_v6_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Ah, ip("2001:db8::1"), ip("2001:db8::2"), 0x1002};
  sa.reqid = 101;
  sa.integrity = rct::AuthAlg::HmacSha2_512;
  sa.integrity_key = test_key(64, 0x80);
  return sa;
}

// ESP in UDP (RFC 3948) from 4500 to 31000: the NAT-T extensions, whose
// ports are in network order.
SaParams esp_natt_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1004};
  sa.reqid = 103;
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = test_key(16, 0xa0);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 0xc0);
  sa.nat = NatEncapsulation{.src_port = 4500, .dst_port = 31000, .original_address = {}};
  return sa;
}

// Expires soon: soft after 1 s, hard after 3 s.
SaParams expiring_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1003};
  sa.reqid = 102;
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = test_key(16, 0x30);
  sa.integrity = rct::AuthAlg::HmacSha1;
  sa.integrity_key = test_key(20, 0x50);
  sa.lifetimes.soft.add_seconds = 1;
  sa.lifetimes.hard.add_seconds = 3;
  return sa;
}

// Outbound UDP 192.0.2.1 -> 192.0.2.2:7777 over ESP in transport mode, level
// unique with reqid 200 (the ACQUIRE's policy).
PolicyParams outbound_transport_policy() {
  PolicyParams policy;
  policy.selector = rc::testing::udp_selector("192.0.2.1", "192.0.2.2", 0, 7777);
  policy.direction = rct::Direction::Outbound;
  policy.priority = 1500;
  policy.templates.push_back(PolicyTemplate{.protocol = rct::SaType::Esp,
                                            .mode = rct::IpsecMode::Transport,
                                            .level = rct::IpsecLevel::Unique,
                                            .tunnel_src = {},
                                            .tunnel_dst = {},
                                            .reqid = 200});
  return policy;
}

// Inbound 10.2.0.0/16 -> 10.1.0.0/16, any protocol, through an ESP tunnel
// 192.0.2.2 -> 192.0.2.1 at level use.
PolicyParams inbound_tunnel_policy() {
  PolicyParams policy;
  policy.selector.src = prefix("10.2.0.0/16");
  policy.selector.dst = prefix("10.1.0.0/16");
  policy.direction = rct::Direction::Inbound;
  policy.priority = 2000;
  policy.templates.push_back(PolicyTemplate{.protocol = rct::SaType::Esp,
                                            .mode = rct::IpsecMode::Tunnel,
                                            .level = rct::IpsecLevel::Use,
                                            .tunnel_src = ip("192.0.2.2"),
                                            .tunnel_dst = ip("192.0.2.1"),
                                            .reqid = 0});
  return policy;
}

Spid policy_id(const Datagram& datagram) {
  auto message = must(pfkey::parse(datagram), "policy reply");
  return must(pfkey::decode_policy_spid(message), "policy reply");
}

// Requests are numbered 1, 2, ... in the order below (sadb_msg_seq): the
// test expects each reply's seq, so keep the order or update it there.
void capture_all(const std::string& dir) {
  if (!rc::testing::make_private_network()) die("unshare(CLONE_NEWNET): not permitted");
  Capture capture(dir);

  // REGISTER first: ACQUIRE and EXPIRE go to registered sockets only.
  capture.ask("register_esp", pfkey::encode_register(SADB_SATYPE_ESP), SADB_REGISTER);

  // A larval SA with the one SPI the range allows, then gone again.
  SpiRequest spi_request{.type = rct::SaType::Esp,
                         .src = ip("192.0.2.1"),
                         .dst = ip("192.0.2.2"),
                         .mode = rct::IpsecMode::Tunnel,
                         .reqid = 150,
                         .min = 0x2000,
                         .max = 0x2000,
                         .seq = 0};
  capture.ask("getspi_reply", must(pfkey::encode_getspi(spi_request), "GETSPI"), SADB_GETSPI);
  const SaId larval{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x2000};
  capture.ask("delete larval", must(pfkey::encode_sa_id(SADB_DELETE, larval), "DELETE"),
              SADB_DELETE, false);

  const SaParams esp = esp_tunnel_sa();
  capture.ask("add_esp_reply", must(pfkey::encode_sa(SADB_ADD, esp), "ADD ESP"), SADB_ADD);
  capture.ask("get_esp_tunnel", must(pfkey::encode_sa_id(SADB_GET, esp.id), "GET ESP"), SADB_GET);
  const SaParams ah = ah_v6_sa();
  capture.ask("add ah", must(pfkey::encode_sa(SADB_ADD, ah), "ADD AH"), SADB_ADD, false);
  capture.ask("get_ah_v6", must(pfkey::encode_sa_id(SADB_GET, ah.id), "GET AH"), SADB_GET);
  // One ESP SA: the dump is one message, seq 0 (the last of a dump).
  capture.dump_one("dump_esp",
                   pfkey::encode_header_only(pfkey::Header{SADB_DUMP, 0, SADB_SATYPE_ESP, 0, 0}),
                   SADB_DUMP);
  const SaParams natt = esp_natt_sa();
  capture.ask("add natt", must(pfkey::encode_sa(SADB_ADD, natt), "ADD NAT-T"), SADB_ADD, false);
  capture.ask("get_esp_natt", must(pfkey::encode_sa_id(SADB_GET, natt.id), "GET NAT-T"), SADB_GET);

  const Spid outbound = policy_id(
      capture.ask("spdadd_out_transport",
                  must(pfkey::encode_policy(SADB_X_SPDADD, outbound_transport_policy()), "SPDADD"),
                  SADB_X_SPDADD));
  const Spid inbound = policy_id(capture.ask(
      "spdadd_in_tunnel",
      must(pfkey::encode_policy(SADB_X_SPDADD, inbound_tunnel_policy()), "SPDADD"), SADB_X_SPDADD));
  capture.ask("spdget_out", pfkey::encode_policy_by_spid(SADB_X_SPDGET, outbound), SADB_X_SPDGET);
  capture.ask("spddelete2_in", pfkey::encode_policy_by_spid(SADB_X_SPDDELETE2, inbound),
              SADB_X_SPDDELETE2);
  // Only the outbound policy is left: one message, seq 0.
  capture.dump_one(
      "spddump",
      pfkey::encode_header_only(pfkey::Header{SADB_X_SPDDUMP, 0, SADB_SATYPE_UNSPEC, 0, 0}),
      SADB_X_SPDDUMP);

  // Real traffic through the outbound policy, which has no SA yet.
  rc::testing::send_udp("192.0.2.1", 5555, "192.0.2.2", 7777);
  capture.keep(
      "acquire", [](const Seen& seen) { return seen.type == SADB_ACQUIRE && seen.error == 0; }, 5);

  // An error reply: the request's header with sadb_msg_errno.
  const SaId missing{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0xdead};
  capture.ask("delete_missing_error",
              must(pfkey::encode_sa_id(SADB_DELETE, missing), "DELETE missing"), SADB_DELETE, true,
              ESRCH);

  const SaParams expiring = expiring_sa();
  capture.ask("add expiring", must(pfkey::encode_sa(SADB_ADD, expiring), "ADD expiring"), SADB_ADD,
              false);
  // An EXPIRE carries the one limit it reached.
  const auto expire_of = [&](bool hard) {
    return [hard, spi = expiring.id.spi](const Seen& seen) {
      return seen.type == SADB_EXPIRE && seen.spi == spi && seen.hard == hard && seen.soft != hard;
    };
  };
  capture.keep("expire_soft", expire_of(false), 5);
  capture.keep("expire_hard", expire_of(true), 6);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) die("usage: capture_pfkey_fixtures DIR");
  try {
    capture_all(argv[1]);
  } catch (const std::exception& e) {  // set-up commands, test addresses
    die(e.what());
  }
  return 0;
}
