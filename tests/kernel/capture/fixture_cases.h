// The SAs and policies whose kernel replies are kept as byte fixtures:
// one definition shared by the capture tool (run in the real-kernel VM) and
// the test that decodes the captured bytes and expects these values back.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernel/policy.h"
#include "kernel/sa.h"
#include "support/kernel_testing.h"

namespace rc::kernel::fixtures {

using rc::testing::ip;
using rc::testing::test_key;

struct SaCase {
  std::string name;  // fixture file: <name>.bin
  SaParams sa;
};

inline std::vector<SaCase> sa_cases() {
  std::vector<SaCase> cases;
  {
    SaParams sa;
    sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1001};
    sa.reqid = 100;
    sa.encryption = rct::EncAlg::Aes128Cbc;
    sa.encryption_key = test_key(16, 1);
    sa.integrity = rct::AuthAlg::HmacSha2_256;
    sa.integrity_key = test_key(32, 40);
    sa.lifetimes.soft.add_seconds = 3000;
    sa.lifetimes.hard.add_seconds = 3600;
    cases.push_back({"sa_esp_cbc_sha256", std::move(sa)});
  }
  {
    SaParams sa;
    sa.id = {rct::SaType::Esp, ip("2001:db8::1"), ip("2001:db8::2"), 0x1002};
    sa.mode = rct::IpsecMode::Tunnel;
    sa.reqid = 101;
    sa.encryption = rct::EncAlg::AesGcm16;
    sa.encryption_key = test_key(36, 80);  // AES-256 + 4-byte salt
    sa.lifetimes.soft.bytes = 1000000;
    sa.lifetimes.hard.bytes = 2000000;
    cases.push_back({"sa_esp_gcm_tunnel_v6", std::move(sa)});
  }
  {
    SaParams sa;
    sa.id = {rct::SaType::Ah, ip("192.0.2.1"), ip("192.0.2.2"), 0x1003};
    sa.reqid = 102;
    sa.integrity = rct::AuthAlg::HmacSha1;
    sa.integrity_key = test_key(20, 7);
    cases.push_back({"sa_ah_sha1", std::move(sa)});
  }
  {
    SaParams sa;
    sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1004};
    sa.mode = rct::IpsecMode::Tunnel;
    sa.reqid = 103;
    sa.encryption = rct::EncAlg::Chacha20Poly1305;
    sa.encryption_key = test_key(36, 120);
    sa.nat = NatEncapsulation{.src_port = 4500, .dst_port = 31000, .original_address = {}};
    cases.push_back({"sa_esp_chacha_natt", std::move(sa)});
  }
  return cases;
}

// Outbound transport policy of the ACQUIRE fixture (traffic 192.0.2.1:5555
// -> 192.0.2.2:7777 over UDP).
inline PolicyParams acquire_policy() {
  PolicyParams policy;
  policy.selector.src = addr::Prefix::host(ip("192.0.2.1"));
  policy.selector.dst = addr::Prefix::host(ip("192.0.2.2"));
  policy.selector.protocol = IPPROTO_UDP;
  policy.selector.dst_port = 7777;
  policy.priority = 1500;
  policy.templates.push_back(PolicyTemplate{.protocol = rct::SaType::Esp,
                                            .mode = rct::IpsecMode::Transport,
                                            .level = rct::IpsecLevel::Require,
                                            .tunnel_src = {},
                                            .tunnel_dst = {},
                                            .reqid = 200});
  return policy;
}

// The SA whose soft EXPIRE is captured.
inline SaParams expiring_sa() {
  SaParams sa;
  sa.id = {rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), 0x1005};
  sa.reqid = 104;
  sa.encryption = rct::EncAlg::Aes256Cbc;
  sa.encryption_key = test_key(32, 3);
  sa.integrity = rct::AuthAlg::HmacSha2_512;
  sa.integrity_key = test_key(64, 9);
  sa.lifetimes.soft.add_seconds = 1;
  sa.lifetimes.hard.add_seconds = 30;
  return sa;
}

}  // namespace rc::kernel::fixtures
