// Every directive of ikev1 { }, ikev2 { } and kink { } (reference §2.5 and
// §2.7, with our algorithm and group additions) and of the script { },
// request { } and provide { } blocks inside them: at least one accepted form
// with the value it builds (units applied) and one refused form with the
// exact diagnostic. A row names the blocks that take the directive and runs
// in each, so the common directives are checked in all three.
#include <gtest/gtest.h>

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "conf_test_support.h"
#include "rct/constants.h"
#include "rct/names.h"

namespace rc::conf {
namespace {

using rct::Kmp;

// Which blocks a row runs in.
enum Blocks : unsigned { kIkev1 = 1, kIkev2 = 2, kKink = 4, kIke = 3, kAll = 7 };

// The body goes on line 3, column 5, whatever the block, so one expected
// message fits every block.
std::string in_block(Kmp kmp, std::string_view body) {
  return fmt::format("remote r {{\n  {} {{\n    {}\n  }};\n}};\n", rct::keyword(kmp), body);
}

constexpr std::string_view kIgnoredByIkev1 = "ignored by IKEv1 (as in the original iked)";
constexpr std::string_view kIgnoredByIkev2 = "ignored by IKEv2 (as in the original iked)";

struct Gap {
  Kmp kmp;
  std::string_view name;
  std::string_view reason;
};

// Directives a block accepts without effect: parsing one warns, at its name.
const std::vector<Gap>& gaps() {
  static const std::vector<Gap> list = {
      {Kmp::Ikev1, "selector_check", kIgnoredByIkev1},
      {Kmp::Ikev1, "random_padlen", kIgnoredByIkev1},
      {Kmp::Ikev1, "max_padlen", kIgnoredByIkev1},
      {Kmp::Ikev1, "max_retry_to_send", kIgnoredByIkev1},
      {Kmp::Ikev1, "kmp_sa_nego_time_limit", kIgnoredByIkev1},
      {Kmp::Ikev1, "kmp_prf_alg", "IKEv1 derives its PRF from kmp_hash_alg (as the original did)"},
      {Kmp::Ikev1, "my_gssapi_id",
       "GSS-API authentication is not implemented (the original needed a GSS-API build for it)"},
      {Kmp::Ikev2, "verify_pubkey", kIgnoredByIkev2},
      {Kmp::Ikev2, "send_cert", kIgnoredByIkev2},
      {Kmp::Ikev2, "send_cert_req", kIgnoredByIkev2},
      {Kmp::Ikev2, "support_proxy", kIgnoredByIkev2},
      {Kmp::Ikev2, "proposal_check", kIgnoredByIkev2},
      {Kmp::Ikev2, "kmp_sa_lifetime_byte", kIgnoredByIkev2},
      {Kmp::Ikev2, "ipsec_sa_nego_time_limit", kIgnoredByIkev2},
  };
  return list;
}

// The "has no effect" warning the body's directive draws in `kmp`, if any.
std::vector<std::string> gap_warning(Kmp kmp, std::string_view body) {
  const std::string_view name = body.substr(0, body.find_first_of(" ;{"));
  if (name == "peers_kmp_port") {
    return {
        "test.conf:3:5: warning: peers_kmp_port has no effect: parsed but not implemented "
        "(the original ignored it too)"};
  }
  for (const auto& gap : gaps()) {
    if (gap.kmp == kmp && gap.name == name) {
      return {fmt::format("test.conf:3:5: warning: {} has no effect: {}", name, gap.reason)};
    }
  }
  return {};
}

struct Accept {
  unsigned blocks;
  std::string_view body;
  void (*check)(const KmpParams&);
  std::vector<std::string> warnings = {};  // besides the gap warning
};

struct Reject {
  unsigned blocks;
  std::string_view body;
  std::string message;  // the one error, and no warning
};

std::span<const Kmp> all_kmps() {
  static constexpr std::array<Kmp, 3> kList = {Kmp::Ikev1, Kmp::Ikev2, Kmp::Kink};
  return kList;
}

unsigned bit(Kmp kmp) {
  return kmp == Kmp::Ikev1 ? kIkev1 : kmp == Kmp::Ikev2 ? kIkev2 : kKink;
}

void expect_accepted(std::span<const Accept> rows) {
  for (const auto& row : rows) {
    for (const Kmp kmp : all_kmps()) {
      if ((row.blocks & bit(kmp)) == 0) continue;
      const std::string text = in_block(kmp, row.body);
      SCOPED_TRACE(text);
      const auto parsed = testing::parse(text);
      auto expected = gap_warning(kmp, row.body);
      expected.insert(expected.end(), row.warnings.begin(), row.warnings.end());
      EXPECT_EQ(parsed.messages(), expected);
      EXPECT_EQ(parsed.diagnostics.error_count(), 0U);
      ASSERT_EQ(parsed.model.remotes.size(), 1U);
      const auto& params = parsed.model.remotes[0].kmp(kmp);
      ASSERT_TRUE(params);
      row.check(*params);
    }
  }
}

void expect_rejected(std::span<const Reject> rows) {
  for (const auto& row : rows) {
    for (const Kmp kmp : all_kmps()) {
      if ((row.blocks & bit(kmp)) == 0) continue;
      const std::string text = in_block(kmp, row.body);
      SCOPED_TRACE(text);
      const auto parsed = testing::parse(text);
      // A refused directive draws no "has no effect" warning.
      EXPECT_EQ(parsed.messages(), std::vector<std::string>{row.message});
      EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
    }
  }
}

// Values as plain text, so a failing check prints something readable.
std::string text(const addr::AddrList& list) {
  std::string joined;
  for (const auto& entry : list) {
    if (!joined.empty()) joined += "; ";
    joined += fmt::format("{}", entry);
    if (entry.port() != 0) joined += fmt::format(" port {}", entry.port());
  }
  return joined;
}

template <class A>
std::string text(const std::optional<std::vector<AlgorithmSpec<A>>>& list) {
  if (!list) return "(unset)";
  std::string joined;
  for (const auto& spec : *list) {
    if (!joined.empty()) joined += "; ";
    joined += fmt::format("{} bits={} key={}", rct::keyword(spec.algorithm), spec.key_bits,
                          spec.key.empty() ? "-" : spec.key);
  }
  return joined;
}

template <class E>
std::string text(const std::optional<std::vector<E>>& list) {
  if (!list) return "(unset)";
  std::string joined;
  for (const auto value : *list)
    joined += (joined.empty() ? "" : " ") + std::string(rct::keyword(value));
  return joined;
}

std::string text(const std::optional<std::vector<IdSpec>>& list) {
  if (!list) return "(unset)";
  std::string joined;
  for (const auto& id : *list) {
    if (!joined.empty()) joined += "; ";
    const std::string_view qualifier =
        id.qualifier == rct::IdQualifier{} ? "-" : rct::keyword(id.qualifier);
    joined += fmt::format("{} {} {}", rct::keyword(id.type), qualifier, id.value);
  }
  return joined;
}

std::string script(const KmpParams& params, ScriptEvent event) {
  const auto& path = params.script[static_cast<std::size_t>(event)];
  return path ? *path : "(unset)";
}

constexpr std::string_view kEncChoices =
    "des_cbc_iv64, des_cbc, 3des_cbc, rc5_cbc, idea_cbc, cast128_cbc, blowfish_cbc, 3idea_cbc, "
    "des_cbc_iv32, rc4_cbc, null_enc, rijndael_cbc, aes128_cbc, aes192_cbc, aes256_cbc, aes_ctr, "
    "twofish_cbc, aes_gcm_8, aes_gcm_12, aes_gcm_16, aes_ccm_8, aes_ccm_12, aes_ccm_16, "
    "chacha20_poly1305, null_aes_gmac";
constexpr std::string_view kIntegChoices =
    "non_auth, hmac_md5, hmac_sha1, hmac_sha2_256, hmac_sha2_384, hmac_sha2_512, aes_xcbc, "
    "des_mac, aes_cmac, kpdk_md5";
constexpr std::string_view kDhChoices =
    "modp768, modp1024, modp1536, ec2n155, ec2n185, modp2048, modp3072, modp4096, modp6144, "
    "modp8192, ecp256, ecp384, ecp521, curve25519, curve448";
constexpr std::string_view kBoolExpects = "expects on or off (or enable/disable, yes/no)";

TEST(KmpDirectives, CommonAccepted) {
  const std::vector<Accept> rows = {
      {kAll, "logmode debug;",
       [](const KmpParams& k) { EXPECT_EQ(k.logmode, rct::LogMode::Debug); }},
      {kAll, "logmode normal;",
       [](const KmpParams& k) { EXPECT_EQ(k.logmode, rct::LogMode::Normal); }},
      {kAll, R"(logfile "/var/log/peer.log";)",
       [](const KmpParams& k) { EXPECT_EQ(k.logfile, "/var/log/peer.log"); }},
      {kAll, "passive on;", [](const KmpParams& k) { EXPECT_EQ(k.passive, true); }},
      {kAll, "passive no;", [](const KmpParams& k) { EXPECT_EQ(k.passive, false); }},
      {kAll, "use_coa enable;", [](const KmpParams& k) { EXPECT_EQ(k.use_coa, true); }},
      {kAll, "peers_ipaddr 192.0.2.1 port 500;",
       [](const KmpParams& k) { EXPECT_EQ(text(*k.peers_ipaddr), "192.0.2.1 port 500"); }},
      {kAll, "peers_ipaddr { 2001:db8::1 port 4500; IP_RW; peer.example.org; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(*k.peers_ipaddr), "2001:db8::1 port 4500; IP_RW; peer.example.org");
       }},
      {kAll, R"(peers_kmp_port "500";)",
       [](const KmpParams& k) { EXPECT_EQ(k.peers_kmp_port, "500"); }},
      {kAll, "verify_id off;", [](const KmpParams& k) { EXPECT_EQ(k.verify_id, false); }},
      {kAll, "verify_pubkey on;", [](const KmpParams& k) { EXPECT_EQ(k.verify_pubkey, true); }},
      {kAll, "send_cert yes;", [](const KmpParams& k) { EXPECT_EQ(k.send_cert, true); }},
      {kAll, "send_cert_req disable;",
       [](const KmpParams& k) { EXPECT_EQ(k.send_cert_req, false); }},
      {kAll, "nonce_size 2 KB;", [](const KmpParams& k) { EXPECT_EQ(k.nonce_size, 2048U); }},
      {kAll, "nonce_size 16;", [](const KmpParams& k) { EXPECT_EQ(k.nonce_size, 16U); }},
      {kAll, "nonce_size 0x10 B;", [](const KmpParams& k) { EXPECT_EQ(k.nonce_size, 16U); }},
      {kAll, "nonce_size 64 bytes;", [](const KmpParams& k) { EXPECT_EQ(k.nonce_size, 64U); }},
      {kAll, "nonce_size infinite;", [](const KmpParams& k) { EXPECT_EQ(k.nonce_size, 0U); }},
      {kAll, "initial_contact on;", [](const KmpParams& k) { EXPECT_EQ(k.initial_contact, true); }},
      {kAll, "nat_traversal off;", [](const KmpParams& k) { EXPECT_EQ(k.nat_traversal, false); }},
      {kAll, "support_proxy on;", [](const KmpParams& k) { EXPECT_EQ(k.support_proxy, true); }},
      {kAll, R"(my_id fqdn "gw.example.org";)",
       [](const KmpParams& k) { EXPECT_EQ(text(k.my_id), "fqdn - gw.example.org"); }},
      {kAll,
       R"(my_id { ipaddr 192.0.2.1; email "a@example.org"; keyid file "/etc/id.bin"; keyid tag "t1"; keyid "raw"; x509_subject "/etc/cert.pem"; };)",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.my_id),
                   "ipaddr - 192.0.2.1; email - a@example.org; keyid file /etc/id.bin; "
                   "keyid tag t1; keyid - raw; x509_subject - /etc/cert.pem");
       }},
      {kAll, R"(peers_id { ipaddr "2001:db8::2"; fqdn peer.example.org; };)",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.peers_id), "ipaddr - 2001:db8::2; fqdn - peer.example.org");
       }},
      {kAll, "selector_check obey;",
       [](const KmpParams& k) { EXPECT_EQ(k.selector_check, rct::SelectorCheck::Obey); }},
      {kAll, "selector_check exact;",
       [](const KmpParams& k) { EXPECT_EQ(k.selector_check, rct::SelectorCheck::Exact); }},
      {kAll, "proposal_check claim;",
       [](const KmpParams& k) { EXPECT_EQ(k.proposal_check, rct::ProposalCheck::Claim); }},
      {kAll, "proposal_check strict;",
       [](const KmpParams& k) { EXPECT_EQ(k.proposal_check, rct::ProposalCheck::Strict); }},
      {kAll, "random_pad_content on;",
       [](const KmpParams& k) { EXPECT_EQ(k.random_pad_content, true); }},
      {kAll, "random_padlen on;", [](const KmpParams& k) { EXPECT_EQ(k.random_padlen, true); }},
      {kAll, "max_padlen 1 KB;", [](const KmpParams& k) { EXPECT_EQ(k.max_padlen, 1024U); }},
      {kAll, "max_retry_to_send 0x10;",
       [](const KmpParams& k) { EXPECT_EQ(k.max_retry_to_send, 16U); }},
      {kAll, "interval_to_send 2 min;",
       [](const KmpParams& k) { EXPECT_EQ(k.interval_to_send, 120U); }},
      {kAll, "times_per_send 3;", [](const KmpParams& k) { EXPECT_EQ(k.times_per_send, 3U); }},
      {kAll, "kmp_sa_lifetime_time 1 hour;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_time, 3600U); }},
      {kAll, "kmp_sa_lifetime_time 2 days;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_time, 172800U); }},
      {kAll, "kmp_sa_lifetime_time 90;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_time, 90U); }},
      {kAll, "kmp_sa_lifetime_time infinite;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_time, 0U); }},
      {kAll, "kmp_sa_lifetime_byte 2 MB;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_byte, 2U << 20); }},
      {kAll, "kmp_sa_lifetime_byte 1 GB;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_lifetime_byte, 1U << 30); }},
      {kAll, "kmp_sa_nego_time_limit 30 secs;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_nego_time_limit, 30U); }},
      {kAll, "kmp_sa_grace_period 5 minutes;",
       [](const KmpParams& k) { EXPECT_EQ(k.kmp_sa_grace_period, 300U); }},
      {kAll, "ipsec_sa_nego_time_limit 1 day;",
       [](const KmpParams& k) { EXPECT_EQ(k.ipsec_sa_nego_time_limit, 86400U); }},
      {kAll,
       R"(kmp_enc_alg { aes128_cbc; 3des_cbc,192; rijndael_cbc,256; aes_gcm_16,256; chacha20_poly1305; aes_ctr,,0x0011; aes192_cbc,192,"secret"; };)",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_enc_alg),
                   "aes128_cbc bits=0 key=-; 3des_cbc bits=192 key=-; rijndael_cbc bits=256 "
                   "key=-; aes_gcm_16 bits=256 key=-; chacha20_poly1305 bits=0 key=-; aes_ctr "
                   "bits=0 key=0x0011; aes192_cbc bits=192 key=secret");
       }},
      {kAll, "kmp_enc_alg aes_ccm_8,0x80;",
       [](const KmpParams& k) { EXPECT_EQ(text(k.kmp_enc_alg), "aes_ccm_8 bits=128 key=-"); }},
      // IKEv1 names plain hashes; IKEv2 and KINK name integrity algorithms.
      {kIkev1, "kmp_hash_alg { md5; sha1; sha2_256; sha2_512; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_hash_alg),
                   "md5 bits=0 key=-; sha1 bits=0 key=-; sha2_256 bits=0 key=-; sha2_512 "
                   "bits=0 key=-");
         EXPECT_FALSE(k.kmp_integ_alg);
       }},
      {kIkev2 | kKink, "kmp_hash_alg { hmac_sha2_256; aes_xcbc; aes_cmac; hmac_sha1; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_integ_alg),
                   "hmac_sha2_256 bits=0 key=-; aes_xcbc bits=0 key=-; aes_cmac bits=0 key=-; "
                   "hmac_sha1 bits=0 key=-");
         EXPECT_FALSE(k.kmp_hash_alg);
       }},
      {kAll, "kmp_prf_alg { hmac_sha2_384; aes_xcbc; aes_cmac; hmac_md5; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_prf_alg),
                   "hmac_sha2_384 bits=0 key=-; aes_xcbc bits=0 key=-; aes_cmac bits=0 key=-; "
                   "hmac_md5 bits=0 key=-");
       }},
      {kAll, "kmp_auth_method { psk; rsasig; dss; ecdsa_256; digital_signature; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_auth_method), "psk rsasig dss ecdsa_256 digital_signature");
       }},
      {kAll, "kmp_auth_method gssapi_krb;",
       [](const KmpParams& k) { EXPECT_EQ(text(k.kmp_auth_method), "gssapi_krb"); }},
      {kAll, "kmp_dh_group { modp2048; ecp256; curve25519; ecp521; curve448; modp1024; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_dh_group), "modp2048 ecp256 curve25519 ecp521 curve448 modp1024");
       }},
      {kAll, "kmp_dh_group { 14; 19; 31; 2; 0x10; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_dh_group), "modp2048 ecp256 curve25519 modp1024 modp4096");
       }},
      // 3 and 4 are IKEv1's EC2N groups; the original took them by number.
      {kAll, "kmp_dh_group { 1; 3; 4; 5; 18; 20; 21; 32; };",
       [](const KmpParams& k) {
         EXPECT_EQ(text(k.kmp_dh_group),
                   "modp768 ec2n155 ec2n185 modp1536 modp8192 ecp384 ecp521 curve448");
       }},
      {kAll, "kmp_dh_group ec2n185;",
       [](const KmpParams& k) { EXPECT_EQ(text(k.kmp_dh_group), "ec2n185"); }},
      {kAll, "mobility_role agent;",
       [](const KmpParams& k) { EXPECT_EQ(k.mobility_role, rct::MobilityRole::HomeAgent); }},
      {kAll, "mobility_role mobile;",
       [](const KmpParams& k) { EXPECT_EQ(k.mobility_role, rct::MobilityRole::MobileNode); }},
      {kAll, "mobility_role correspondent;",
       [](const KmpParams& k) { EXPECT_EQ(k.mobility_role, rct::MobilityRole::Correspondent); }},
  };
  expect_accepted(rows);
}

TEST(KmpDirectives, DuplicateWarnsAndTheLastWins) {
  for (const Kmp kmp : all_kmps()) {
    const std::string text = in_block(kmp, "nonce_size 16;\n    nonce_size 32;");
    SCOPED_TRACE(text);
    const auto parsed = testing::parse(text);
    EXPECT_EQ(parsed.messages(),
              std::vector<std::string>{"test.conf:4:5: warning: nonce_size is given more than "
                                       "once in this block; the last one is used"});
    EXPECT_EQ(parsed.model.remotes[0].kmp(kmp)->nonce_size, 32U);
  }
}

TEST(KmpDirectives, CommonRejected) {
  const std::string bools = fmt::format("{}", kBoolExpects);
  const std::vector<Reject> rows = {
      {kAll, "logmode verbose;",
       "test.conf:3:13: logmode expects one of debug, normal; found 'verbose'"},
      {kAll, "logfile;", "test.conf:3:5: logfile expects a string, found nothing"},
      {kAll, "passive maybe;", "test.conf:3:13: passive " + bools + "; found 'maybe'"},
      {kAll, "use_coa { on; };", "test.conf:3:13: use_coa expects on or off, found a { } block"},
      {kAll, "peers_ipaddr;",
       "test.conf:3:5: peers_ipaddr expects addresses (ADDR [port P]), found nothing"},
      {kAll, "peers_ipaddr 192.0.2.1 port 70000;",
       "test.conf:3:33: port 70000 is out of range (0..65535)"},
      {kAll, "peers_kmp_port 500 501;",
       "test.conf:3:24: peers_kmp_port takes one value (a string); unexpected '501'"},
      {kAll, "verify_id 1;", "test.conf:3:15: verify_id " + bools + "; found '1'"},
      {kAll, R"(verify_pubkey "on";)", "test.conf:3:19: verify_pubkey " + bools + "; found \"on\""},
      {kAll, "send_cert;", "test.conf:3:5: send_cert expects on or off, found nothing"},
      {kAll, "send_cert_req on off;",
       "test.conf:3:22: send_cert_req takes one value (on or off); unexpected 'off'"},
      {kAll, "nonce_size abc;",
       "test.conf:3:16: nonce_size expects a byte count (N [B|KB|MB|GB] or infinite), found "
       "'abc'"},
      {kAll, "nonce_size 16 KiB;",
       "test.conf:3:19: nonce_size expects a byte count (N [B|KB|MB|GB] or infinite), found "
       "'KiB'"},
      {kAll, "nonce_size 16 sec;",
       "test.conf:3:19: nonce_size expects a byte count (N [B|KB|MB|GB] or infinite), found "
       "'sec'"},
      {kAll, "nonce_size infinite B;",
       "test.conf:3:25: nonce_size expects nothing after infinite, found 'B'"},
      {kAll, "nonce_size 1 KB x;",
       "test.conf:3:21: nonce_size expects nothing after the unit, found 'x'"},
      {kAll, "initial_contact true;",
       "test.conf:3:21: initial_contact " + bools + "; found 'true'"},
      {kAll, "nat_traversal;", "test.conf:3:5: nat_traversal expects on or off, found nothing"},
      {kAll, "support_proxy 2;", "test.conf:3:19: support_proxy " + bools + "; found '2'"},
      {kAll, R"(my_id foo "x";)",
       "test.conf:3:11: my_id expects one of ipaddr, email, fqdn, keyid, x509_subject; found "
       "'foo'"},
      {kAll, R"(my_id fqdn file "x";)",
       "test.conf:3:16: the file qualifier only applies to keyid IDs"},
      {kAll, R"(my_id email tag "x";)",
       "test.conf:3:17: the tag qualifier only applies to keyid IDs"},
      {kAll, "my_id fqdn;", "test.conf:3:5: my_id expects the ID value, found nothing"},
      {kAll, R"(peers_id { fqdn "a" "b"; };)",
       "test.conf:3:25: peers_id expects the end of the ID, found \"b\""},
      {kAll, "peers_id { };",
       "test.conf:3:14: peers_id has an empty list; expected an ID (TYPE [file|tag] VALUE)"},
      {kAll, R"(peers_id { "fqdn" x; };)",
       "test.conf:3:16: peers_id expects an ID (TYPE [file|tag] VALUE), found \"fqdn\""},
      {kAll, "selector_check strict;",
       "test.conf:3:20: selector_check expects one of obey, exact; found 'strict'"},
      {kAll, "proposal_check loose;",
       "test.conf:3:20: proposal_check expects one of obey, strict, claim, exact; found 'loose'"},
      {kAll, "random_pad_content off on;",
       "test.conf:3:28: random_pad_content takes one value (on or off); unexpected 'on'"},
      {kAll, "random_padlen y;", "test.conf:3:19: random_padlen " + bools + "; found 'y'"},
      {kAll, "max_padlen 17179869184 GB;", "test.conf:3:16: max_padlen 17179869184 is too large"},
      {kAll, "max_padlen 99999999999999999999;",
       "test.conf:3:16: max_padlen expects a byte count (N [B|KB|MB|GB] or infinite), found "
       "'99999999999999999999'"},
      {kAll, "max_retry_to_send -1;",
       "test.conf:3:23: max_retry_to_send expects a number (decimal or 0x hex), found '-1'"},
      {kAll, "max_retry_to_send 1000001;",
       "test.conf:3:23: max_retry_to_send 1000001 is out of range; expected at most 1000000"},
      {kAll, "interval_to_send 1 fortnight;",
       "test.conf:3:24: interval_to_send expects a time (N [sec|min|hour|day] or infinite), "
       "found 'fortnight'"},
      {kAll, "times_per_send 0;",
       "test.conf:3:20: times_per_send 0 is out of range; expected at least 1"},
      {kAll, "times_per_send 1001;",
       "test.conf:3:20: times_per_send 1001 is out of range; expected at most 1000"},
      {kAll, "kmp_sa_lifetime_time 1h;",
       "test.conf:3:26: kmp_sa_lifetime_time expects a time (N [sec|min|hour|day] or infinite), "
       "found '1h'"},
      {kAll, "kmp_sa_lifetime_byte 1 KB 2;",
       "test.conf:3:31: kmp_sa_lifetime_byte expects nothing after the unit, found '2'"},
      {kAll, "kmp_sa_nego_time_limit;",
       "test.conf:3:5: kmp_sa_nego_time_limit expects a time (N [sec|min|hour|day] or "
       "infinite), found nothing"},
      {kAll, "kmp_sa_grace_period 1 week;",
       "test.conf:3:27: kmp_sa_grace_period expects a time (N [sec|min|hour|day] or infinite), "
       "found 'week'"},
      {kAll, "ipsec_sa_nego_time_limit 10 KB;",
       "test.conf:3:33: ipsec_sa_nego_time_limit expects a time (N [sec|min|hour|day] or "
       "infinite), found 'KB'"},
      {kAll, "kmp_enc_alg des;",
       fmt::format("test.conf:3:17: kmp_enc_alg expects an encryption algorithm ({}); found 'des'",
                   kEncChoices)},
      {kAll, "kmp_enc_alg hmac_sha1;",
       fmt::format("test.conf:3:17: kmp_enc_alg expects an encryption algorithm ({}); hmac_sha1 "
                   "is an integrity algorithm",
                   kEncChoices)},
      {kAll, "kmp_enc_alg modp2048;",
       fmt::format("test.conf:3:17: kmp_enc_alg expects an encryption algorithm ({}); modp2048 "
                   "is a DH group",
                   kEncChoices)},
      {kAll, "kmp_enc_alg { aes128_cbc,abc; };",
       "test.conf:3:30: kmp_enc_alg expects a number (decimal or 0x hex), found 'abc'"},
      {kAll, "kmp_enc_alg aes128_cbc,128,secret;",
       "test.conf:3:32: kmp_enc_alg: a key is 0x followed by hex digits, or a quoted string; "
       "found 'secret'"},
      {kAll, "kmp_enc_alg aes128_cbc 3des_cbc;",
       "test.conf:3:28: kmp_enc_alg expects ',' or the end of the algorithm, found '3des_cbc'"},
      {kAll, "kmp_enc_alg aes128_cbc,70000;",
       "test.conf:3:28: kmp_enc_alg 70000 is out of range; expected at most 65535"},
      {kAll, "kmp_enc_alg aes128_cbc,;",
       "test.conf:3:5: kmp_enc_alg expects a key length in bits after ',', found nothing"},
      {kAll, "kmp_enc_alg { };",
       "test.conf:3:17: kmp_enc_alg has an empty list; expected algorithms (name[,bits[,key]])"},
      {kIkev2 | kKink, "kmp_hash_alg sha1;",
       fmt::format("test.conf:3:18: kmp_hash_alg expects an integrity algorithm ({}); sha1 is a "
                   "hash algorithm",
                   kIntegChoices)},
      {kIkev1, "kmp_hash_alg md5,abc;",
       "test.conf:3:22: kmp_hash_alg expects a number (decimal or 0x hex), found 'abc'"},
      {kAll, "kmp_prf_alg hmac_sha1,,zz;",
       "test.conf:3:28: kmp_prf_alg: a key is 0x followed by hex digits, or a quoted string; "
       "found 'zz'"},
      {kAll, "kmp_auth_method rsa;",
       "test.conf:3:21: kmp_auth_method expects one of psk, dss, rsasig, rsaenc, rsarev, "
       "gssapi_krb, ecdsa_256, ecdsa_384, ecdsa_521, digital_signature; found 'rsa'"},
      {kAll, "kmp_dh_group 99;",
       "test.conf:3:18: kmp_dh_group: 99 is not a DH group number we know (1-5, 14-21, 31, 32)"},
      {kAll, "kmp_dh_group modp999;",
       fmt::format("test.conf:3:18: kmp_dh_group expects one of {}; found 'modp999'", kDhChoices)},
      {kAll, "kmp_dh_group { 14; modp2048; };",
       "test.conf:3:5: kmp_dh_group mixes names and numbers; write all as names (modp2048) or "
       "all as numbers (14)"},
      {kAll, "mobility_role home;",
       "test.conf:3:19: mobility_role expects one of agent, mobile, correspondent; found 'home'"},
  };
  expect_rejected(rows);
}

// "a hash algorithm", "a PRF", "an encryption algorithm".
TEST(KmpDirectives, HashAndPrfRejectedWithTheRightArticle) {
  const std::vector<Reject> rows = {
      {kIkev1, "kmp_hash_alg hmac_sha1;",
       "test.conf:3:18: kmp_hash_alg expects a hash algorithm (md5, sha1, tiger, sha2_256, "
       "sha2_384, sha2_512); hmac_sha1 is an integrity algorithm"},
      {kAll, "kmp_prf_alg sha1;",
       "test.conf:3:17: kmp_prf_alg expects a PRF (hmac_md5, hmac_sha1, aes_xcbc, hmac_sha2_256, "
       "hmac_sha2_384, hmac_sha2_512, aes_cmac); sha1 is a hash algorithm"},
  };
  expect_rejected(rows);
}

TEST(KmpDirectives, ScriptAccepted) {
  const std::vector<Accept> rows = {
      {kAll,
       R"(script { phase1_up "/u1"; phase1_down "/d1"; phase2_up "/u2"; phase2_down "/d2"; phase1_rekey "/r1"; phase2_rekey "/r2"; migration "/m"; };)",
       [](const KmpParams& k) {
         EXPECT_EQ(script(k, ScriptEvent::Phase1Up), "/u1");
         EXPECT_EQ(script(k, ScriptEvent::Phase1Down), "/d1");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Up), "/u2");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Down), "/d2");
         EXPECT_EQ(script(k, ScriptEvent::Phase1Rekey), "/r1");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Rekey), "/r2");
         EXPECT_EQ(script(k, ScriptEvent::Migration), "/m");
       }},
      // The IKEv2-style synonyms land on the same events.
      {kAll,
       R"(script { ike_sa_up "/a"; ike_sa_down "/b"; ike_sa_rekey "/c"; child_up "/d"; child_down "/e"; child_rekey "/f"; };)",
       [](const KmpParams& k) {
         EXPECT_EQ(script(k, ScriptEvent::Phase1Up), "/a");
         EXPECT_EQ(script(k, ScriptEvent::Phase1Down), "/b");
         EXPECT_EQ(script(k, ScriptEvent::Phase1Rekey), "/c");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Up), "/d");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Down), "/e");
         EXPECT_EQ(script(k, ScriptEvent::Phase2Rekey), "/f");
         EXPECT_EQ(script(k, ScriptEvent::Migration), "(unset)");
       }},
  };
  expect_accepted(rows);
}

TEST(KmpDirectives, ScriptRejected) {
  const std::vector<Reject> rows = {
      {kAll, R"(script { phase3_up "/x"; };)",
       "test.conf:3:14: unknown directive 'phase3_up' in script { }; did you mean 'phase1_up'?"},
      {kAll, "script { phase1_up; };",
       "test.conf:3:14: phase1_up expects a script path, found nothing"},
      {kAll, R"(script { phase1_up "/a" "/b"; };)",
       "test.conf:3:29: phase1_up takes one script path; unexpected \"/b\""},
      {kAll, "script { child_up ,; };",
       "test.conf:3:23: child_up expects a script path, found ','"},
      {kAll, R"(script { "phase1_up" "/a"; };)",
       "test.conf:3:14: expected a directive of script { }, found \"phase1_up\""},
      {kAll, "script { };",
       "test.conf:3:12: script has an empty list; expected EVENT \"PATH\" entries"},
      {kAll, "script;", "test.conf:3:5: script expects EVENT \"PATH\" entries, found nothing"},
  };
  expect_rejected(rows);
}

TEST(KmpDirectives, OwnDirectivesAccepted) {
  const std::vector<Accept> rows = {
      {kIkev1, "exchange_mode main;",
       [](const KmpParams& k) { EXPECT_EQ(k.exchange_mode, rct::ExchangeMode::Main); }},
      {kIkev1, "exchange_mode aggressive;",
       [](const KmpParams& k) { EXPECT_EQ(k.exchange_mode, rct::ExchangeMode::Aggressive); }},
      {kIkev1, "exchange_mode base;",
       [](const KmpParams& k) { EXPECT_EQ(k.exchange_mode, rct::ExchangeMode::Base); }},
      {kIkev1, R"(my_gssapi_id "host/gw.example.org";)",
       [](const KmpParams& k) { EXPECT_EQ(k.my_gssapi_id, "host/gw.example.org"); }},
      {kIke, "need_pfs on;", [](const KmpParams& k) { EXPECT_EQ(k.need_pfs, true); }},
      {kIke, R"(my_public_key x509pem "/etc/my.pem" "/etc/my.key";)",
       [](const KmpParams& k) {
         ASSERT_TRUE(k.my_public_key);
         EXPECT_EQ(k.my_public_key->type, rct::KeyFileType::X509Pem);
         EXPECT_EQ(k.my_public_key->public_file, "/etc/my.pem");
         EXPECT_EQ(k.my_public_key->private_file, "/etc/my.key");
       }},
      {kIke, R"(my_public_key pkcs12 "/etc/my.p12" "/etc/my.key";)",
       [](const KmpParams& k) {
         EXPECT_EQ(k.my_public_key->type, rct::KeyFileType::Pkcs12);
         EXPECT_EQ(k.my_public_key->public_file, "/etc/my.p12");
       }},
      {kIke, R"(peers_public_key x509pem "/etc/peer.pem";)",
       [](const KmpParams& k) {
         ASSERT_TRUE(k.peers_public_key);
         EXPECT_EQ(k.peers_public_key->type, rct::KeyFileType::X509Pem);
         EXPECT_EQ(k.peers_public_key->public_file, "/etc/peer.pem");
         EXPECT_EQ(k.peers_public_key->private_file, "");
       }},
      {kIke,
       R"(peers_public_key ascii "/etc/peer.pub" "/etc/ignored";)",
       [](const KmpParams& k) {
         EXPECT_EQ(k.peers_public_key->type, rct::KeyFileType::Ascii);
         EXPECT_EQ(k.peers_public_key->public_file, "/etc/peer.pub");
         EXPECT_EQ(k.peers_public_key->private_file, "");
       },
       {"test.conf:3:44: warning: the second file of peers_public_key is ignored (as in the "
        "original)"}},
      {kIke, R"(pre_shared_key "/etc/racoon2/psk/peer.psk";)",
       [](const KmpParams& k) { EXPECT_EQ(k.pre_shared_key, "/etc/racoon2/psk/peer.psk"); }},
      {kIke, "dpd_delay 30 sec;", [](const KmpParams& k) { EXPECT_EQ(k.dpd_delay, 30U); }},
      {kIkev1, "dpd off;", [](const KmpParams& k) { EXPECT_EQ(k.dpd, false); }},
      {kIkev1, "dpd_retry 10 seconds;", [](const KmpParams& k) { EXPECT_EQ(k.dpd_retry, 10U); }},
      {kIkev1, "dpd_maxfail 3;", [](const KmpParams& k) { EXPECT_EQ(k.dpd_maxfail, 3U); }},
      {kIkev2, "cookie_required on;",
       [](const KmpParams& k) { EXPECT_EQ(k.cookie_required, true); }},
      {kIkev2, "send_peers_id yes;", [](const KmpParams& k) { EXPECT_EQ(k.send_peers_id, true); }},
      {kKink, R"(my_principal "kink/gw.example.org@EXAMPLE.ORG";)",
       [](const KmpParams& k) { EXPECT_EQ(k.my_principal, "kink/gw.example.org@EXAMPLE.ORG"); }},
      {kKink, R"(peers_principal "kink/peer.example.org@EXAMPLE.ORG";)",
       [](const KmpParams& k) {
         EXPECT_EQ(k.peers_principal, "kink/peer.example.org@EXAMPLE.ORG");
       }},
  };
  expect_accepted(rows);
}

TEST(KmpDirectives, OwnDirectivesRejected) {
  const std::string bools = fmt::format("{}", kBoolExpects);
  const std::vector<Reject> rows = {
      {kIkev1, "exchange_mode quick;",
       "test.conf:3:19: exchange_mode expects one of main, aggressive, base; found 'quick'"},
      {kIkev1, "my_gssapi_id;", "test.conf:3:5: my_gssapi_id expects a string, found nothing"},
      {kIke, "need_pfs sometimes;", "test.conf:3:14: need_pfs " + bools + "; found 'sometimes'"},
      {kIke, R"(my_public_key rsa "a" "b";)",
       "test.conf:3:19: my_public_key expects one of x509pem, pkcs12, ascii; found 'rsa'"},
      {kIke, R"(my_public_key x509pem "/etc/my.pem";)",
       "test.conf:3:5: my_public_key expects a key type and two files (TYPE PUBLIC PRIVATE), "
       "found nothing"},
      {kIke, R"(my_public_key x509pem "a" "b" "c";)",
       "test.conf:3:35: my_public_key expects the end of the key spec, found \"c\""},
      {kIke, R"(my_public_key "x509pem" "a" "b";)",
       "test.conf:3:19: my_public_key expects a key type and two files (TYPE PUBLIC PRIVATE), "
       "found \"x509pem\""},
      {kIke, "peers_public_key x509pem;",
       "test.conf:3:5: peers_public_key expects a key type and a file (TYPE FILE), found "
       "nothing"},
      {kIke, R"(peers_public_key x509pem "a" "b" "c";)",
       "test.conf:3:38: peers_public_key expects the end of the key spec, found \"c\""},
      {kIke, "pre_shared_key;", "test.conf:3:5: pre_shared_key expects a string, found nothing"},
      {kIke, "dpd_delay 1 lightyear;",
       "test.conf:3:17: dpd_delay expects a time (N [sec|min|hour|day] or infinite), found "
       "'lightyear'"},
      {kIkev1, "dpd 2;", "test.conf:3:9: dpd " + bools + "; found '2'"},
      {kIkev1, "dpd_retry x;",
       "test.conf:3:15: dpd_retry expects a time (N [sec|min|hour|day] or infinite), found 'x'"},
      {kIkev1, "dpd_maxfail many;",
       "test.conf:3:17: dpd_maxfail expects a number (decimal or 0x hex), found 'many'"},
      {kIkev2, "cookie_required please;",
       "test.conf:3:21: cookie_required " + bools + "; found 'please'"},
      {kIkev2, "send_peers_id;", "test.conf:3:5: send_peers_id expects on or off, found nothing"},
      {kKink, "my_principal;", "test.conf:3:5: my_principal expects a string, found nothing"},
      {kKink, "peers_principal a b;",
       "test.conf:3:23: peers_principal takes one value (a string); unexpected 'b'"},
  };
  expect_rejected(rows);
}

TEST(KmpDirectives, RequestAndProvideAccepted) {
  const std::vector<Accept> rows = {
      {kIkev2, "request { ip4; ip6_dns; dhcp; application_version; mip6_home_prefix; };",
       [](const KmpParams& k) {
         EXPECT_EQ(k.request, rct::kRequestIp4Address | rct::kRequestIp6Dns | rct::kRequestIp4Dhcp |
                                  rct::kRequestIp6Dhcp | rct::kRequestApplicationVersion |
                                  rct::kRequestMip6HomePrefix);
       }},
      {kIkev2, "request { ip; dns; };",
       [](const KmpParams& k) {
         EXPECT_EQ(k.request, rct::kRequestIp4Address | rct::kRequestIp6Address |
                                  rct::kRequestIp4Dns | rct::kRequestIp6Dns);
       }},
      {kIkev2, "request { ip6; ip4_dns; ip4_dhcp; ip6_dhcp; };",
       [](const KmpParams& k) {
         EXPECT_EQ(k.request, rct::kRequestIp6Address | rct::kRequestIp4Dns | rct::kRequestIp4Dhcp |
                                  rct::kRequestIp6Dhcp);
       }},
      {kIkev2,
       R"(provide { addresspool pool1; dns { 192.0.2.53; 2001:db8::53; }; dhcp 192.0.2.67; application_version "racoon2 test"; mip6_home_prefix 2001:db8:1::/64; };)",
       [](const KmpParams& k) {
         ASSERT_TRUE(k.provide);
         const Provide& p = *k.provide;
         EXPECT_EQ(p.addresspool->name, "pool1");
         EXPECT_EQ(text(*p.dns), "192.0.2.53; 2001:db8::53");
         EXPECT_EQ(text(*p.dhcp), "192.0.2.67");
         EXPECT_EQ(p.application_version, "racoon2 test");
         EXPECT_EQ(fmt::format("{}", *p.mip6_home_prefix), "2001:db8:1::/64");
       }},
  };
  expect_accepted(rows);
}

TEST(KmpDirectives, RequestAndProvideRejected) {
  const std::vector<Reject> rows = {
      {kIkev2, "request ip4;",
       "test.conf:3:13: request expects a { } list of attributes, found 'ip4'"},
      {kIkev2, "request { ipv4; };",
       "test.conf:3:15: unknown directive 'ipv4' in request { }; did you mean 'ip4'?"},
      {kIkev2, "request { ip4 on; };",
       "test.conf:3:19: ip4 takes no value in request { }; unexpected 'on'"},
      {kIkev2, R"(request { "dns"; };)",
       "test.conf:3:15: expected a directive of request { }, found \"dns\""},
      {kIkev2, "provide;", "test.conf:3:5: provide expects a { } block, found nothing"},
      {kIkev2, "provide { addresspool; };",
       "test.conf:3:15: addresspool expects a section name, found nothing"},
      {kIkev2, "provide { dns; };",
       "test.conf:3:15: dns expects addresses (ADDR [port P]), found nothing"},
      {kIkev2, "provide { dhcp { }; };",
       "test.conf:3:20: dhcp has an empty list; expected addresses (ADDR [port P])"},
      {kIkev2, "provide { application_version; };",
       "test.conf:3:15: application_version expects a string, found nothing"},
      {kIkev2, "provide { mip6_home_prefix; };",
       "test.conf:3:15: mip6_home_prefix expects an address (ADDR [port P]), found nothing"},
      {kIkev2, "provide { pool x; };", "test.conf:3:15: unknown directive 'pool' in provide { }"},
      {kIkev2, "provide { addresspol x; };",
       "test.conf:3:15: unknown directive 'addresspol' in provide { }; did you mean "
       "'addresspool'?"},
  };
  expect_rejected(rows);
}

// Each event of script { } and each word of request { } refused on its own.
TEST(KmpDirectives, EveryScriptEventAndRequestWordRejectedAlone) {
  std::vector<Reject> rows;
  std::deque<std::string> bodies;  // rows view into it; a deque never moves its strings
  for (const std::string_view event :
       {"phase1_up", "phase1_down", "phase2_up", "phase2_down", "phase1_rekey", "phase2_rekey",
        "migration", "ike_sa_up", "ike_sa_down", "ike_sa_rekey", "child_up", "child_down",
        "child_rekey"}) {
    bodies.push_back(fmt::format("script {{ {}; }};", event));
    rows.push_back({kAll, bodies.back(),
                    fmt::format("test.conf:3:14: {} expects a script path, found nothing", event)});
  }
  for (const std::string_view word :
       {"ip4", "ip6", "ip", "ip4_dns", "ip6_dns", "dns", "ip4_dhcp", "ip6_dhcp", "dhcp",
        "application_version", "mip6_home_prefix"}) {
    bodies.push_back(fmt::format("request {{ {} on; }};", word));
    rows.push_back({kIkev2, bodies.back(),
                    fmt::format("test.conf:3:{}: {} takes no value in request {{ }}; unexpected "
                                "'on'",
                                15 + word.size() + 1, word)});
  }
  expect_rejected(rows);
}

}  // namespace
}  // namespace rc::conf
