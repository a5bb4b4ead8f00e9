// The lexical layer of racoon2.conf (reference §2.1): comments, line ends,
// bare and quoted strings, numbers and units, and every syntax error with
// the exact text and line:column an administrator reads.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "conf/parse_text.h"
#include "conf_test_support.h"

namespace rc::conf {
namespace {

using testing::expect_rejected;
using testing::Reject;

using testing::parse_clean;

TEST(Lexical, CommentsRunToTheEndOfTheLine) {
  const auto parsed = parse_clean(
      "# a whole line\n"
      "  # indented\n"
      "interface { spmd_password \"/a#b\"; }; # after a section\n"
      "#\n");
  // Inside quotes '#' is text, not a comment.
  EXPECT_EQ(*parsed.model.interface->spmd_password, "/a#b");
}

TEST(Lexical, CrLfLineEndsAreAccepted) {
  const auto parsed = parse_clean("remote r {\r\n  acceptable_kmp ikev2;\r\n};\r\n");
  ASSERT_EQ(parsed.model.remotes.size(), 1U);
  // Positions are unchanged by the '\r': line 2, column of the value.
  const std::vector<Reject> rows = {
      {"remote r {\r\n  acceptable_kmp ikev9;\r\n};\r\n",
       1,
       {"test.conf:2:18: acceptable_kmp expects one of ikev1, ikev2, kink; found 'ikev9'"}},
      {"remote r {\r\n  acceptable_kmp ikev2;\r\n}\r\nselector s { };\r\n",
       1,
       {"test.conf:4:1: missing ';' after '}' (every block ends with '};'), found 'selector'"}},
  };
  expect_rejected(rows);
}

TEST(Lexical, BareAndQuotedStringsCarryTheSameValue) {
  auto bare = parse_clean("interface { spmd_password a%b*c-d.e/f:g?h@i_j; };");
  EXPECT_EQ(*bare.model.interface->spmd_password, "a%b*c-d.e/f:g?h@i_j");
  auto quoted = parse_clean(R"(interface { spmd_password "/with space;{}"; };)");
  EXPECT_EQ(*quoted.model.interface->spmd_password, "/with space;{}");
  auto empty = parse_clean(R"(interface { spmd_password ""; };)");
  EXPECT_EQ(*empty.model.interface->spmd_password, "");
  auto index = parse_clean(R"(remote "a b" { };)");
  EXPECT_EQ(index.model.remotes.at(0).index, "a b");
}

TEST(Lexical, QuotedStringsAreNeverKeywords) {
  const std::vector<Reject> rows = {
      {R"(selector s { direction "outbound"; };)",
       1,
       {R"(test.conf:1:24: direction expects one of outbound, inbound; found "outbound")"}},
      {"interface {\tapplication_bypass\t\"on\"; };",
       1,
       {"test.conf:1:32: application_bypass expects on or off (or enable/disable, yes/no); "
        "found \"on\""}},
      {R"(ipsec i { ipsec_sa_lifetime_time 1 "hour"; };)",
       1,
       {"test.conf:1:36: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found \"hour\""}},
      {R"(ipsec i { ipsec_sa_lifetime_time "infinite"; };)",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found \"infinite\""}},
      {R"(remote r { "acceptable_kmp" ikev2; };)",
       1,
       {R"(test.conf:1:12: expected a directive of remote "r", found "acceptable_kmp")"}},
  };
  expect_rejected(rows);
}

// A word is a keyword only where the builder expects one, so a word we add
// later (key_engine) never breaks an old file that uses it as a name.
TEST(Lexical, KeywordsAreUsableAsIndexNames) {
  const auto parsed = parse_clean(
      "remote esp { acceptable_kmp ikev2; selector_index key_engine; };\n"
      "selector key_engine { direction outbound; policy_index default; };\n"
      "policy default { remote_index esp; ipsec_index { include; }; };\n"
      "ipsec include { sa_index sa; };\n"
      "sa sa { sa_protocol esp; };\n"
      "remote remote { };\n"
      "addresspool setval { };\n");
  const Model& m = parsed.model;
  ASSERT_EQ(m.remotes.size(), 2U);
  EXPECT_EQ(m.remotes[0].index, "esp");
  EXPECT_EQ(m.remotes[0].selector_index->name, "key_engine");
  EXPECT_EQ(m.remotes[1].index, "remote");
  EXPECT_EQ(m.selectors.at(0).index, "key_engine");
  EXPECT_EQ(m.selectors[0].policy_index->name, "default");
  EXPECT_EQ(m.policies.at(0).index, "default");
  EXPECT_EQ(m.policies[0].ipsec_index->at(0).name, "include");
  EXPECT_EQ(m.ipsecs.at(0).index, "include");
  EXPECT_EQ(m.sas.at(0).index, "sa");
  EXPECT_EQ(m.addresspools.at(0).index, "setval");
  EXPECT_FALSE(m.defaults);
}

TEST(Lexical, UnitsAreSeparateTokens) {
  const auto parsed = parse_clean(
      "ipsec a { ipsec_sa_lifetime_time 28800 sec; ipsec_sa_lifetime_byte 3 B; };\n"
      "ipsec b { ipsec_sa_lifetime_time 2 mins; ipsec_sa_lifetime_byte 3 bytes; };\n"
      "ipsec c { ipsec_sa_lifetime_time 2 hours; ipsec_sa_lifetime_byte 3 MB; };\n"
      "ipsec d { ipsec_sa_lifetime_time 2 days; ipsec_sa_lifetime_byte 3 GB; };\n"
      "ipsec e { ipsec_sa_lifetime_time 90; ipsec_sa_lifetime_byte 3 byte; };\n");
  const auto& i = parsed.model.ipsecs;
  ASSERT_EQ(i.size(), 5U);
  EXPECT_EQ(*i[0].ipsec_sa_lifetime_time, 28800U);
  EXPECT_EQ(*i[1].ipsec_sa_lifetime_time, 120U);
  EXPECT_EQ(*i[2].ipsec_sa_lifetime_time, 7200U);
  EXPECT_EQ(*i[3].ipsec_sa_lifetime_time, 2U * 86400);
  EXPECT_EQ(*i[4].ipsec_sa_lifetime_time, 90U);
  EXPECT_EQ(*i[0].ipsec_sa_lifetime_byte, 3U);
  EXPECT_EQ(*i[1].ipsec_sa_lifetime_byte, 3U);
  EXPECT_EQ(*i[2].ipsec_sa_lifetime_byte, 3U << 20);
  EXPECT_EQ(*i[3].ipsec_sa_lifetime_byte, std::uint64_t{3} << 30);
  EXPECT_EQ(*i[4].ipsec_sa_lifetime_byte, 3U);

  const std::vector<Reject> rows = {
      {"ipsec i { ipsec_sa_lifetime_time 28800sec; };",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found '28800sec'"}},
      {"ipsec i { ipsec_sa_lifetime_byte 5 kb; };",
       1,
       {"test.conf:1:36: ipsec_sa_lifetime_byte expects a byte count (N [B|KB|MB|GB] or "
        "infinite), found 'kb'"}},
      {"ipsec i { ipsec_sa_lifetime_byte 5KB; };",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_byte expects a byte count (N [B|KB|MB|GB] or "
        "infinite), found '5KB'"}},
  };
  expect_rejected(rows);
}

TEST(Lexical, NumbersAreDecimalOrHex) {
  const auto parsed = parse_clean(
      "selector s { reqid 0x10; };\n"
      "ipsec i { ipsec_sa_lifetime_time 0x10 min; ipsec_sa_lifetime_byte infinite; };\n"
      "ipsec j { ipsec_sa_lifetime_time infinite; };\n"
      "ipsec k { ipsec_sa_lifetime_time 0; };\n");
  ASSERT_EQ(parsed.model.selectors.size(), 1U);
  EXPECT_EQ(*parsed.model.selectors[0].reqid, 16U);
  EXPECT_EQ(*parsed.model.ipsecs[0].ipsec_sa_lifetime_time, 16U * 60);
  // infinite is stored as 0, as in the original.
  EXPECT_EQ(*parsed.model.ipsecs[0].ipsec_sa_lifetime_byte, 0U);
  EXPECT_EQ(*parsed.model.ipsecs[1].ipsec_sa_lifetime_time, 0U);
  EXPECT_EQ(*parsed.model.ipsecs[2].ipsec_sa_lifetime_time, 0U);
}

TEST(Lexical, SpiHexIsAcceptedWithItsWarning) {
  const auto parsed = testing::parse("sa a { spi 0X1f; };");
  EXPECT_EQ(parsed.diagnostics.error_count(), 0U);
  EXPECT_EQ(*parsed.model.sas.at(0).spi, 31U);
}

TEST(Lexical, BadNumbersAreRejected) {
  const std::vector<Reject> rows = {
      {"ipsec i { ipsec_sa_lifetime_time 0x; };",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found '0x'"}},
      {"ipsec i { ipsec_sa_lifetime_time -5 sec; };",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found '-5'"}},
      {"ipsec i { ipsec_sa_lifetime_time - 5 sec; };",
       1,
       {"test.conf:1:34: ipsec_sa_lifetime_time expects a time (N [sec|min|hour|day] or "
        "infinite), found '-'"}},
      {"selector s { reqid 0x1g; };",
       1,
       {"test.conf:1:20: reqid expects a number (decimal or 0x hex), found '0x1g'"}},
      {"selector s { reqid 12,5; };",
       1,
       {"test.conf:1:22: reqid takes one value (a number); unexpected ','"}},
  };
  expect_rejected(rows);
}

constexpr char kWithNul[] = "remote r { acceptable_kmp ikev2; };\nremote\0 x { };\n";

TEST(Lexical, BadCharactersAndStrings) {
  const std::vector<Reject> rows = {
      {"remote r! { };",
       1,
       {"test.conf:1:9: unexpected '!' here; a value containing it must be quoted"}},
      {std::string_view(kWithNul, sizeof kWithNul - 1),
       1,
       {"test.conf:2:7: unexpected byte 0x00 here; a value containing it must be quoted"}},
      // The rest of the line went into the string; the statement is dropped
      // and the block still closes, so nothing else is reported.
      {"remote r {\n  ikev2 {\n    my_id fqdn \"a.example;\n  };\n};\n",
       1,
       {"test.conf:3:16: unterminated string: a quoted string must end with '\"' on the same "
        "line"}},
      {"interface { spmd_password \"/a\n/b\"; };\n",
       2,
       {"test.conf:1:27: unterminated string: a quoted string must end with '\"' on the same "
        "line",
        "test.conf:2:3: unterminated string: a quoted string must end with '\"' on the same "
        "line"}},
  };
  expect_rejected(rows);
}

std::string nested(std::size_t depth) {
  std::string text = "remote r";
  for (std::size_t i = 0; i < depth; ++i) text += i == 0 ? " {" : " x {";
  for (std::size_t i = 0; i < depth; ++i) text += " };";
  return text;
}

TEST(Lexical, BlocksNestAtMostMaxDepth) {
  ASSERT_EQ(kMaxBlockDepth, 16U);
  // At the limit the syntax is fine; only the builder objects to 'x'.
  const auto at_limit = testing::parse(nested(kMaxBlockDepth));
  EXPECT_EQ(at_limit.messages(),
            std::vector<std::string>{"test.conf:1:12: unknown directive 'x' in remote \"r\""});
  // One deeper: one error at the '{' that crosses the limit (column 10 + 4 * 16).
  const auto too_deep = testing::parse(nested(kMaxBlockDepth + 1));
  EXPECT_EQ(too_deep.messages(),
            std::vector<std::string>{"test.conf:1:74: blocks nested more than 16 deep"});
  EXPECT_EQ(too_deep.diagnostics.error_count(), 1U);
  EXPECT_TRUE(too_deep.model.remotes.empty());
}

TEST(Lexical, SyntaxErrorsNameTheMissingPiece) {
  const std::vector<Reject> rows = {
      {"remote r { acceptable_kmp ikev2; }\nselector s { };",
       1,
       {"test.conf:2:1: missing ';' after '}' (every block ends with '};'), found 'selector'"}},
      {"remote r { acceptable_kmp ikev2; }\n",
       1,
       {"test.conf:1:35: missing ';' after '}' (every block ends with '};'), found end of "
        "file"}},
      {"remote r { acceptable_kmp ikev2 };", 1, {"test.conf:1:33: missing ';' before '}'"}},
      {"remote r { acceptable_kmp ikev2; };\nselector s { direction outbound;\n",
       1,
       {"test.conf:2:33: unexpected end of file: the block opened at test.conf:2:12 is not "
        "closed with '};'"}},
      {"remote r {\n  ikev2 {\n",
       1,
       {"test.conf:2:10: unexpected end of file: the block opened at test.conf:2:9 is not "
        "closed with '};'"}},
      {"remote r\n",
       1,
       {"test.conf:1:9: unexpected end of file: the last statement is missing its ';'"}},
      {"};", 1, {"test.conf:1:1: '}' without a matching '{'"}},
      {"{ };", 1, {"test.conf:1:1: a block needs a name before '{'"}},
      {";", 1, {"test.conf:1:1: stray ';' (an empty statement)"}},
      {"remote r { acceptable_kmp ikev2; ; };",
       1,
       {"test.conf:1:34: stray ';' (an empty statement)"}},
      // A stray '}' ends the damage there: the next section is still read.
      {"remote r { acceptable_kmp ikev2; };\n};\nremote q { bogus 1; };\n",
       2,
       {"test.conf:2:1: '}' without a matching '{'",
        "test.conf:3:12: unknown directive 'bogus' in remote \"q\""}},
  };
  expect_rejected(rows);
}

// "End of file" errors point just after the last token, with or without a
// final newline (not at the empty line a newline starts).
TEST(Lexical, EndOfFileErrorsPointPastTheLastCharacter) {
  const std::vector<Reject> rows = {
      {"remote r { acceptable_kmp ikev2; }",
       1,
       {"test.conf:1:35: missing ';' after '}' (every block ends with '};'), found end of "
        "file"}},
      {"remote r",
       1,
       {"test.conf:1:9: unexpected end of file: the last statement is missing its ';'"}},
      {"selector s { direction outbound;",
       1,
       {"test.conf:1:33: unexpected end of file: the block opened at test.conf:1:12 is not "
        "closed with '};'"}},
  };
  expect_rejected(rows);
}

TEST(Lexical, SpaceBeforeTheClosingSemicolonIsFine) {
  const auto parsed = parse_clean("remote r { acceptable_kmp ikev2; }\n ;\n");
  EXPECT_EQ(parsed.model.remotes.size(), 1U);
}

}  // namespace
}  // namespace rc::conf
