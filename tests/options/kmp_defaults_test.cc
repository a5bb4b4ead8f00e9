#include <set>
#include <string>

#include <gtest/gtest.h>

#include "options/option_table.h"
#include "options/value_check.h"

namespace {

using rc::options::default_for;
using rc::options::find;
using rc::options::not_implemented_for;

TEST(KmpDefaults, OverridesNameKmpRowsAndAreValid) {
  std::set<std::string> seen;
  for (const auto& entry : rc::options::kmp_defaults()) {
    const std::string key = std::string(entry.kmp) + "." + std::string(entry.name);
    EXPECT_TRUE(entry.kmp == "ikev1" || entry.kmp == "kink") << key;
    EXPECT_TRUE(seen.insert(key).second) << "duplicate override " << key;
    const auto* spec = find("kmp", entry.name);
    ASSERT_NE(spec, nullptr) << key;
    EXPECT_NE(entry.value, spec->default_value) << key << " repeats the row's default";
    if (!entry.value.empty()) {
      EXPECT_TRUE(rc::options::check_scalar(*spec, entry.value)) << key << " = " << entry.value;
    }
  }
}

// IKEv1's built-ins differ from IKEv2's (reference §2.6).
TEST(KmpDefaults, Ikev1BuiltIns) {
  auto ikev1 = [](std::string_view name) { return default_for("ikev1", *find("kmp", name)); };
  EXPECT_EQ(ikev1("nonce_size"), "16 B");
  EXPECT_EQ(ikev1("max_retry_to_send"), "5");
  EXPECT_EQ(ikev1("kmp_sa_nego_time_limit"), "30 sec");
  EXPECT_EQ(ikev1("kmp_sa_lifetime_time"), "28800 sec");
  EXPECT_EQ(ikev1("proposal_check"), "strict");
  EXPECT_EQ(ikev1("verify_pubkey"), "on");
  EXPECT_EQ(ikev1("send_cert"), "on");
  EXPECT_EQ(ikev1("send_cert_req"), "on");
  EXPECT_EQ(ikev1("selector_check"), "");
  // The same as IKEv2: no override, so the row's own default.
  EXPECT_EQ(ikev1("interval_to_send"), "1 sec");
  EXPECT_EQ(ikev1("nat_traversal"), "on");
}

TEST(KmpDefaults, Ikev2AndKinkAndOtherSections) {
  const auto& nonce = *find("kmp", "nonce_size");
  EXPECT_EQ(default_for("ikev2", nonce), "32 B");
  EXPECT_EQ(default_for("kink", nonce), "16 B");
  EXPECT_EQ(default_for("kink", *find("kmp", "proposal_check")), "obey");
  // Only "kmp" rows have per-KMP defaults.
  EXPECT_EQ(default_for("ikev1", *find("ikev2", "dpd_delay")), "3600 sec");
  EXPECT_EQ(default_for("ikev1", *find("ikev1", "dpd_delay")), "0 sec");
}

TEST(KmpGaps, NameKmpRowsOfOneProtocol) {
  for (const auto& gap : rc::options::kmp_gaps()) {
    EXPECT_TRUE(gap.kmp == "ikev1" || gap.kmp == "ikev2") << gap.kmp;
    EXPECT_NE(find("kmp", gap.name), nullptr) << gap.name;
    EXPECT_FALSE(gap.reason.empty()) << gap.name;
  }
}

// What the original iked warned about (reference §2.6).
TEST(KmpGaps, NotImplementedFor) {
  for (auto name :
       {"verify_pubkey", "send_cert", "send_cert_req", "support_proxy", "proposal_check",
        "kmp_sa_lifetime_byte", "ipsec_sa_nego_time_limit", "peers_kmp_port"}) {
    EXPECT_FALSE(not_implemented_for("ikev2", *find("kmp", name)).empty()) << name;
  }
  EXPECT_TRUE(not_implemented_for("ikev1", *find("kmp", "verify_pubkey")).empty());
  EXPECT_FALSE(not_implemented_for("ikev1", *find("kmp", "kmp_prf_alg")).empty());
  EXPECT_TRUE(not_implemented_for("ikev2", *find("kmp", "kmp_prf_alg")).empty());
  // A row's own reason holds for every KMP.
  EXPECT_FALSE(not_implemented_for("kink", *find("kmp", "peers_kmp_port")).empty());
  EXPECT_FALSE(not_implemented_for("", *find("selector", "tagged")).empty());
}

}  // namespace
