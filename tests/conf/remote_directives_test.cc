// `remote NAME { }` (reference §2.4): its directives acceptable_kmp,
// selector_index, ikev1 { }, ikev2 { } and kink { }, the nameless remote of
// default { }, and what happens to a directive written in the wrong block.
// Rejections assert the exact diagnostic and that it is the only error.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "conf_test_support.h"
#include "rct/names.h"

namespace rc::conf {
namespace {

using rct::Kmp;

struct Accept {
  std::string_view text;
  void (*check)(const Model&);
};

struct Reject {
  std::string_view text;
  std::string message;  // the one error, and no warning
};

void expect_accepted(std::span<const Accept> rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto parsed = testing::parse(row.text);
    EXPECT_EQ(parsed.messages(), std::vector<std::string>{});
    row.check(parsed.model);
  }
}

void expect_rejected(std::span<const Reject> rows) {
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto parsed = testing::parse(row.text);
    EXPECT_EQ(parsed.messages(), std::vector<std::string>{row.message});
    EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
  }
}

std::vector<Kmp> kmps(const std::optional<std::vector<Kmp>>& list) {
  return list.value_or(std::vector<Kmp>{});
}

TEST(RemoteDirectives, Accepted) {
  const std::vector<Accept> rows = {
      {"remote r1 {\n  acceptable_kmp { ikev2; ikev1; kink; };\n  selector_index s1;\n"
       "  ikev1 { };\n  ikev2 { };\n  kink { };\n};\n",
       [](const Model& m) {
         ASSERT_EQ(m.remotes.size(), 1U);
         const Remote& r = m.remotes[0];
         EXPECT_EQ(r.index, "r1");
         // The first one listed is the one used when initiating.
         EXPECT_EQ(kmps(r.acceptable_kmp), (std::vector{Kmp::Ikev2, Kmp::Ikev1, Kmp::Kink}));
         EXPECT_EQ(r.selector_index->name, "s1");
         EXPECT_TRUE(r.ikev1);
         EXPECT_TRUE(r.ikev2);
         EXPECT_TRUE(r.kink);
         EXPECT_EQ(r.ikev2->location.line, 5);
         EXPECT_FALSE(r.ikev2->nonce_size);
       }},
      {R"(remote "r 2" { acceptable_kmp kink; selector_index "sel 1"; };)",
       [](const Model& m) {
         const Remote& r = m.remotes.at(0);
         EXPECT_EQ(r.index, "r 2");
         EXPECT_EQ(kmps(r.acceptable_kmp), std::vector{Kmp::Kink});
         EXPECT_EQ(r.selector_index->name, "sel 1");
         EXPECT_FALSE(r.ikev1);
         EXPECT_FALSE(r.ikev2);
         EXPECT_FALSE(r.kink);
       }},
      {"remote r { };",
       [](const Model& m) {
         const Remote& r = m.remotes.at(0);
         EXPECT_FALSE(r.acceptable_kmp);
         EXPECT_FALSE(r.selector_index);
       }},
      // Duplicate indexes are kept in file order (lookups take the first).
      {"remote r { acceptable_kmp ikev1; };\nremote r { acceptable_kmp ikev2; };",
       [](const Model& m) {
         ASSERT_EQ(m.remotes.size(), 2U);
         EXPECT_EQ(kmps(m.remotes[0].acceptable_kmp), std::vector{Kmp::Ikev1});
         EXPECT_EQ(kmps(m.remotes[1].acceptable_kmp), std::vector{Kmp::Ikev2});
       }},
      {R"(default { remote { acceptable_kmp { kink; ikev2; }; kink { my_principal "k@R"; }; }; };)",
       [](const Model& m) {
         ASSERT_TRUE(m.defaults && m.defaults->remote);
         const Remote& r = *m.defaults->remote;
         EXPECT_EQ(r.index, "");
         EXPECT_EQ(kmps(r.acceptable_kmp), (std::vector{Kmp::Kink, Kmp::Ikev2}));
         EXPECT_EQ(r.kink->my_principal, "k@R");
         EXPECT_TRUE(m.remotes.empty());
       }},
  };
  expect_accepted(rows);
}

TEST(RemoteDirectives, Rejected) {
  const std::vector<Reject> rows = {
      {"remote r { acceptable_kmp { ike; }; };",
       "test.conf:1:29: acceptable_kmp expects one of ikev1, ikev2, kink; found 'ike'"},
      {"remote r { acceptable_kmp { }; };",
       "test.conf:1:27: acceptable_kmp has an empty list; expected a list of keywords"},
      {"remote r { acceptable_kmp; };",
       "test.conf:1:12: acceptable_kmp expects a list of keywords, found nothing"},
      {"remote r { acceptable_kmp ikev2 { kink; }; };",
       "test.conf:1:27: acceptable_kmp takes either one value or a { } list, not both; found "
       "'ikev2'"},
      {R"(remote r { acceptable_kmp "ikev2"; };)",
       "test.conf:1:27: acceptable_kmp expects one of ikev1, ikev2, kink; found \"ikev2\""},
      {"remote r { selector_index; };",
       "test.conf:1:12: selector_index expects a section name, found nothing"},
      {"remote r { selector_index a b; };",
       "test.conf:1:29: selector_index takes one value (a section name); unexpected 'b'"},
      {"remote r { selector_index { a; }; };",
       "test.conf:1:27: selector_index expects a section name, found a { } block"},
      {"remote r { ikev2; };", "test.conf:1:12: ikev2 expects a { } block, found nothing"},
      {"remote r { ikev1 x { }; };", "test.conf:1:18: ikev1 expects a { } block, found 'x'"},
      {"remote r { kink on; };", "test.conf:1:17: kink expects a { } block, found 'on'"},
      {"remote r { ikev3 { }; };",
       "test.conf:1:12: unknown directive 'ikev3' in remote \"r\"; did you mean 'ikev1'?"},
      {"remote r { selector_indx s; };",
       "test.conf:1:12: unknown directive 'selector_indx' in remote \"r\"; did you mean "
       "'selector_index'?"},
      {"remote { };", "test.conf:1:1: remote is a section: expected remote NAME { ... };"},
      {R"(remote "" { };)", "test.conf:1:8: remote needs a name, found \"\""},
      {"remote r;", "test.conf:1:1: remote is a section: expected remote NAME { ... };"},
      {"default { remote { foo on; }; };",
       "test.conf:1:20: unknown directive 'foo' in default { remote { } }"},
      {"default { remote r { }; };",
       "test.conf:1:18: remote is a section: expected remote { ... }; (no name inside default)"},
  };
  expect_rejected(rows);
}

// A KMP directive belongs inside ikev1 { }, ikev2 { } or kink { }; written
// directly in the remote it is an unknown directive of the remote.
TEST(RemoteDirectives, KmpDirectiveOutsideAKmpBlock) {
  const std::vector<Reject> rows = {
      {"remote r { nonce_size 16; };",
       "test.conf:1:12: unknown directive 'nonce_size' in remote \"r\""},
      {"default { remote { passive on; }; };",
       "test.conf:1:20: unknown directive 'passive' in default { remote { } }"},
  };
  expect_rejected(rows);
}

struct Misplaced {
  Kmp kmp;
  std::string_view body;  // on line 3, column 5
  std::string_view message;
};

TEST(RemoteDirectives, DirectiveInTheWrongKmpBlock) {
  const std::vector<Misplaced> rows = {
      {Kmp::Ikev2, "dpd on;", "dpd is not valid in ikev2 { }; it belongs in ikev1 { }"},
      {Kmp::Ikev2, "dpd_retry 5;", "dpd_retry is not valid in ikev2 { }; it belongs in ikev1 { }"},
      {Kmp::Ikev2, "dpd_maxfail 5;",
       "dpd_maxfail is not valid in ikev2 { }; it belongs in ikev1 { }"},
      {Kmp::Ikev2, "exchange_mode main;",
       "exchange_mode is not valid in ikev2 { }; it belongs in ikev1 { }"},
      {Kmp::Kink, R"(my_gssapi_id "x";)",
       "my_gssapi_id is not valid in kink { }; it belongs in ikev1 { }"},
      {Kmp::Ikev1, "cookie_required on;",
       "cookie_required is not valid in ikev1 { }; it belongs in ikev2 { }"},
      {Kmp::Kink, "send_peers_id on;",
       "send_peers_id is not valid in kink { }; it belongs in ikev2 { }"},
      {Kmp::Ikev1, "request { ip4; };",
       "request is not valid in ikev1 { }; it belongs in ikev2 { }"},
      {Kmp::Kink, "provide { addresspool p; };",
       "provide is not valid in kink { }; it belongs in ikev2 { }"},
      {Kmp::Kink, "need_pfs on;",
       "need_pfs is not valid in kink { }; it belongs in ikev1 { } or ikev2 { }"},
      {Kmp::Kink, R"(my_public_key x509pem "a" "b";)",
       "my_public_key is not valid in kink { }; it belongs in ikev1 { } or ikev2 { }"},
      {Kmp::Kink, R"(peers_public_key x509pem "a";)",
       "peers_public_key is not valid in kink { }; it belongs in ikev1 { } or ikev2 { }"},
      {Kmp::Kink, R"(pre_shared_key "/etc/psk";)",
       "pre_shared_key is not valid in kink { }; it belongs in ikev1 { } or ikev2 { }"},
      {Kmp::Kink, "dpd_delay 10;",
       "dpd_delay is not valid in kink { }; it belongs in ikev1 { } or ikev2 { }"},
      {Kmp::Ikev1, R"(my_principal "k@R";)",
       "my_principal is not valid in ikev1 { }; it belongs in kink { }"},
      {Kmp::Ikev2, R"(peers_principal "k@R";)",
       "peers_principal is not valid in ikev2 { }; it belongs in kink { }"},
      // Not a directive of any KMP block.
      {Kmp::Ikev2, "nonce_sise 16;",
       "unknown directive 'nonce_sise' in ikev2 { }; did you mean 'nonce_size'?"},
      {Kmp::Kink, "kmp_enc_algo aes128_cbc;",
       "unknown directive 'kmp_enc_algo' in kink { }; did you mean 'kmp_enc_alg'?"},
      // The original's documentation spelling; its grammar took only
      // random_padlen.
      {Kmp::Ikev1, "padlen_random on;", "unknown directive 'padlen_random' in ikev1 { }"},
      // Lexer words of the original with no grammar rule.
      {Kmp::Ikev2, "max_ip4_alloc 5;", "unknown directive 'max_ip4_alloc' in ikev2 { }"},
      {Kmp::Ikev2, "require_config_payload on;",
       "unknown directive 'require_config_payload' in ikev2 { }"},
      {Kmp::Ikev2, "acceptable_kmp { ikev2; };", "unknown directive 'acceptable_kmp' in ikev2 { }"},
      {Kmp::Ikev2, R"(include "more.conf";)",
       "include is only allowed between sections, not inside a block"},
      {Kmp::Ikev1, R"("nonce_size" 16;)",
       "expected a directive of ikev1 { }, found \"nonce_size\""},
  };
  for (const auto& row : rows) {
    const std::string text =
        fmt::format("remote r {{\n  {} {{\n    {}\n  }};\n}};\n", rct::keyword(row.kmp), row.body);
    SCOPED_TRACE(text);
    const auto parsed = testing::parse(text);
    EXPECT_EQ(parsed.messages(),
              std::vector<std::string>{fmt::format("test.conf:3:5: {}", row.message)});
    EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
  }
}

}  // namespace
}  // namespace rc::conf
