#include "options/option_table.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/build_config.h"
#include "options/keyword_lists.h"
#include "options/value_check.h"

namespace {

using rc::options::OptionSpec;
using rc::options::ValueType;

std::string key(const OptionSpec& spec) {
  return std::string(spec.section) + "." + std::string(spec.name);
}

const OptionSpec& row(std::string_view section, std::string_view name) {
  const OptionSpec* spec = rc::options::find(section, name);
  EXPECT_NE(spec, nullptr) << section << "." << name;
  static const OptionSpec kMissing{"missing", "missing", ValueType::String};
  return spec != nullptr ? *spec : kMissing;
}

bool has_choice(const OptionSpec& spec, std::string_view word) {
  return std::find(spec.choices.begin(), spec.choices.end(), word) != spec.choices.end();
}

TEST(OptionTable, SectionsAreTheDocumentedOnes) {
  const std::vector<std::string_view> want = {
      "interface", "resolver", "remote",  "kmp",      "ikev1",  "ikev2", "kink",
      "script",    "request",  "provide", "selector", "policy", "ipsec", "sa"};
  EXPECT_EQ(rc::options::sections(), want);
}

TEST(OptionTable, EveryRowIsComplete) {
  std::set<std::string> seen;
  for (const auto& spec : rc::options::all()) {
    EXPECT_TRUE(seen.insert(key(spec)).second) << "duplicate row " << key(spec);
    EXPECT_FALSE(spec.help.empty()) << key(spec);
    switch (spec.type) {
      case ValueType::Enum:
      case ValueType::AlgorithmList:
      case ValueType::DhGroupList:
      case ValueType::KmpList:
      case ValueType::IdList:
      case ValueType::PublicKey:
        EXPECT_FALSE(spec.choices.empty()) << key(spec);
        break;
      case ValueType::Number:
        EXPECT_LT(spec.min, spec.max) << key(spec);
        EXPECT_TRUE(spec.choices.empty()) << key(spec);
        break;
      default:
        EXPECT_TRUE(spec.choices.empty()) << key(spec);
    }
  }
}

// The config parser derives the built-in tier by parsing each default as
// the directive's value, so every default must be a valid value.
TEST(OptionTable, DefaultsAreValidValues) {
  for (const auto& spec : rc::options::all()) {
    if (spec.default_value.empty()) continue;
    switch (spec.type) {
      case ValueType::Bool:
      case ValueType::Enum:
      case ValueType::Number:
      case ValueType::Time:
      case ValueType::Bytes:
      case ValueType::Protocol:
        EXPECT_TRUE(rc::options::check_scalar(spec, spec.default_value))
            << key(spec) << " = " << spec.default_value;
        break;
      case ValueType::AddrList:
      case ValueType::Path:
        break;  // checked by the config parser (addresses, macros, files)
      default:
        ADD_FAILURE() << key(spec) << ": a " << rc::options::type_name(spec.type)
                      << " row has a built-in default";
    }
  }
}

// Every nested block has a section of rows with the block's name.
TEST(OptionTable, BlocksHaveRows) {
  for (const auto& spec : rc::options::all()) {
    if (spec.type != ValueType::Block) continue;
    EXPECT_FALSE(rc::options::in_section(spec.name).empty()) << key(spec);
  }
  // The KMP blocks hold the common rows too.
  EXPECT_FALSE(rc::options::in_section("kmp").empty());
}

TEST(OptionTable, DefaultsMatchTheOriginalAndTheBuild) {
  EXPECT_EQ(row("interface", "application_bypass").default_value, "on");
  EXPECT_EQ(row("resolver", "resolver").default_value, "off");
  EXPECT_EQ(row("interface", "key_engine").default_value, "auto");
  EXPECT_EQ(row("interface", "spmd").default_value,
            "unix \"" + std::string(rc::build::kRunDir) + "/spmif\"");
  EXPECT_EQ(row("interface", "pfkeyd_socket").default_value,
            std::string(rc::build::kRunDir) + "/pfkey");
  EXPECT_EQ(row("interface", "spmd_password").default_value,
            std::string(rc::build::kSysconfDir) + "/spmd.pwd");
}

// IKEv2's built-ins (reference §2.6) are the "kmp" rows' defaults.
TEST(OptionTable, Ikev2BuiltInsAreTheKmpDefaults) {
  EXPECT_EQ(row("kmp", "verify_id").default_value, "on");
  EXPECT_EQ(row("kmp", "nonce_size").default_value, "32 B");
  EXPECT_EQ(row("kmp", "selector_check").default_value, "exact");
  EXPECT_EQ(row("kmp", "proposal_check").default_value, "obey");
  EXPECT_EQ(row("kmp", "max_retry_to_send").default_value, "10");
  EXPECT_EQ(row("kmp", "interval_to_send").default_value, "1 sec");
  EXPECT_EQ(row("kmp", "times_per_send").default_value, "1");
  EXPECT_EQ(row("kmp", "kmp_sa_lifetime_time").default_value, "86400 sec");
  EXPECT_EQ(row("kmp", "kmp_sa_nego_time_limit").default_value, "600 sec");
  EXPECT_EQ(row("kmp", "kmp_sa_grace_period").default_value, "infinite");
  EXPECT_EQ(row("kmp", "nat_traversal").default_value, "on");
  EXPECT_EQ(row("ikev2", "dpd_delay").default_value, "3600 sec");
  // Algorithms have no built-in list, as in the original.
  for (auto name :
       {"kmp_enc_alg", "kmp_hash_alg", "kmp_prf_alg", "kmp_auth_method", "kmp_dh_group"}) {
    EXPECT_EQ(row("kmp", name).default_value, "") << name;
  }
}

TEST(OptionTable, PolicyAndIpsecDefaults) {
  EXPECT_EQ(row("policy", "install").default_value, "on");
  EXPECT_EQ(row("policy", "ipsec_level").default_value, "require");
  EXPECT_EQ(row("policy", "ipsec_mode").default_value, "transport");
  EXPECT_EQ(row("policy", "action").default_value, "");
  EXPECT_EQ(row("ipsec", "ipsec_sa_lifetime_time").default_value, "infinite");
  EXPECT_EQ(row("ipsec", "ipsec_sa_lifetime_byte").default_value, "infinite");
  EXPECT_EQ(row("selector", "upper_layer_protocol").default_value, "any");
  EXPECT_EQ(row("ikev1", "exchange_mode").default_value, "main");
  EXPECT_EQ(row("ikev1", "dpd_maxfail").default_value, "5");
}

TEST(OptionTable, ExtensionsAreMarked) {
  std::set<std::string> extensions;
  for (const auto& spec : rc::options::all()) {
    if (spec.extension) extensions.insert(key(spec));
  }
  EXPECT_EQ(extensions, (std::set<std::string>{"interface.key_engine", "interface.pfkeyd_socket"}));
}

TEST(OptionTable, UnimplementedRowsSayWhy) {
  for (auto [section, name] : {std::pair{"selector", "next_header_including"},
                               {"selector", "tagged"},
                               {"kmp", "peers_kmp_port"},
                               {"sa", "spi"}}) {
    EXPECT_FALSE(row(section, name).not_implemented.empty()) << section << "." << name;
  }
  EXPECT_TRUE(row("kmp", "verify_id").not_implemented.empty());
  EXPECT_TRUE(row("selector", "direction").not_implemented.empty());
  // spmd installs `order` as the kernel policy's priority.
  EXPECT_TRUE(row("selector", "order").not_implemented.empty());
}

TEST(OptionTable, ScriptSynonymsAreRowsOfTheirOwn) {
  EXPECT_EQ(row("script", "ike_sa_up").help, "Same as phase1_up.");
  EXPECT_EQ(row("script", "child_rekey").help, "Same as phase2_rekey.");
  EXPECT_EQ(rc::options::in_section("script").size(), 13U);
  for (const auto* spec : rc::options::in_section("request")) {
    EXPECT_EQ(spec->type, ValueType::Flag) << spec->name;
  }
}

// Keywords come from the rct name tables, one category per directive.
TEST(OptionTable, ChoicesComeFromTheRctTables) {
  const auto& enc = row("kmp", "kmp_enc_alg");
  EXPECT_TRUE(std::equal(enc.choices.begin(), enc.choices.end(),
                         rc::options::keywords_of<rc::rct::EncAlg>().begin(),
                         rc::options::keywords_of<rc::rct::EncAlg>().end()));
  EXPECT_TRUE(has_choice(enc, "aes128_cbc"));
  EXPECT_FALSE(has_choice(enc, "hmac_sha1"));
  EXPECT_TRUE(has_choice(row("kmp", "kmp_hash_alg"), "sha1"));
  EXPECT_TRUE(has_choice(row("kmp", "kmp_hash_alg"), "hmac_sha2_256"));
  EXPECT_TRUE(has_choice(row("kmp", "kmp_dh_group"), "modp2048"));
  EXPECT_TRUE(has_choice(row("sa", "ipcomp_alg"), "deflate"));
  EXPECT_TRUE(has_choice(row("policy", "action"), "bypass"));  // the lexer's alias of none
  const auto& proto = row("sa", "sa_protocol");
  EXPECT_EQ(std::vector<std::string_view>(proto.choices.begin(), proto.choices.end()),
            (std::vector<std::string_view>{"esp", "ah", "ipcomp"}));
  const auto& dir = row("selector", "direction");
  EXPECT_EQ(std::vector<std::string_view>(dir.choices.begin(), dir.choices.end()),
            (std::vector<std::string_view>{"outbound", "inbound"}));
}

TEST(OptionTable, FindUnknown) {
  EXPECT_EQ(rc::options::find("interface", "nameserver"), nullptr);
  EXPECT_EQ(rc::options::find("nosuch", "ike"), nullptr);
  EXPECT_TRUE(rc::options::in_section("nosuch").empty());
}

TEST(OptionTable, SuggestsCloseNames) {
  EXPECT_EQ(rc::options::suggest("resolver", "nameservr"), "nameserver");
  EXPECT_EQ(rc::options::suggest("interface", "key_engnie"), "key_engine");
  EXPECT_EQ(rc::options::suggest("interface", "spmd_pasword"), "spmd_password");
  EXPECT_EQ(rc::options::suggest("kmp", "nonce_sise"), "nonce_size");
  EXPECT_FALSE(rc::options::suggest("interface", "completely_different"));
  EXPECT_FALSE(rc::options::suggest("resolver", "ike"));
}

}  // namespace
