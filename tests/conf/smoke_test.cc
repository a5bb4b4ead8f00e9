#include <gtest/gtest.h>

#include "conf/dump.h"
#include "conf_test_support.h"

namespace rc::conf {
namespace {

TEST(ConfSmoke, ParsesARemote) {
  auto parsed = testing::parse(R"(
setval { PSK "/etc/psk"; };
remote r1 {
  acceptable_kmp { ikev2; kink; };
  ikev2 {
    nonce_size 32 B;
    kmp_enc_alg { aes128_cbc; 3des_cbc,192; };
    kmp_hash_alg hmac_sha1;
    kmp_dh_group { 14; 2; };
    my_id fqdn "a.example.com";
    pre_shared_key "${PSK}/x";
    peers_ipaddr { 192.0.2.1 port 500; IP_RW; };
    script { phase1_up "/bin/up"; child_down "/bin/d"; };
    kmp_sa_lifetime_time 8 hour;
  };
};
selector s1 { direction outbound; src 10.0.0.0/8; dst 10.1.0.0/16 port 80; upper_layer_protocol tcp; policy_index p1; };
policy p1 { action auto_ipsec; remote_index r1; ipsec_index { i1; }; ipsec_mode tunnel; my_sa_ipaddr MY_IP; peers_sa_ipaddr 192.0.2.1; };
addresspool pool { "10.0.0.1" - "10.0.0.9"; };
)");
  for (const auto& m : parsed.messages()) ADD_FAILURE() << m;
  ASSERT_EQ(parsed.model.remotes.size(), 1U);
  const auto& ikev2 = *parsed.model.remotes[0].ikev2;
  EXPECT_EQ(*ikev2.nonce_size, 32U);
  EXPECT_EQ(*ikev2.pre_shared_key, "/etc/psk/x");
  EXPECT_EQ(*ikev2.kmp_sa_lifetime_time, 8U * 3600);
  std::printf("%s\n%s\n", dump_text(parsed.model).c_str(), dump_json(parsed.model).c_str());
  auto again = testing::parse(dump_text(parsed.model));
  for (const auto& m : again.messages()) ADD_FAILURE() << m;
  EXPECT_EQ(dump_text(again.model), dump_text(parsed.model));
}

TEST(ConfSmoke, ReportsErrors) {
  auto parsed = testing::parse(
      "remote r1 {\n  ikev2 { nonce_sise 3; cookie_required on; };\n}\nselector x { };\n");
  for (const auto& m : parsed.messages()) std::printf("%s\n", m.c_str());
  auto p2 = testing::parse(
      "remote r1 {\n  ikev1 { cookie_required on; kmp_enc_alg hmac_sha1; kmp_dh_group { 14; "
      "modp2048; }; };\n};\n");
  for (const auto& m : p2.messages()) std::printf("%s\n", m.c_str());
  auto p3 = testing::parse("remote r1 {\n  ikev2 { nonce_size 16 \n  };\n");
  for (const auto& m : p3.messages()) std::printf("%s\n", m.c_str());
}

}  // namespace
}  // namespace rc::conf
