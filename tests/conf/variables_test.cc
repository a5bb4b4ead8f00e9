// setval ${VAR} and environment $[NAME] references (reference §2.2): where
// they expand, and the exact errors for undefined names, loops, blow-ups
// and unterminated references.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "conf/variables.h"
#include "conf_test_support.h"

namespace rc::conf {
namespace {

using Environment = std::vector<std::pair<std::string, std::string>>;

using testing::expect_rejected;
using testing::parse_clean;
using testing::Reject;

std::string text(const addr::AddrEntry& entry) {
  if (entry.port() == 0) return fmt::format("{}", entry);
  return fmt::format("{} port {}", entry, entry.port());
}

TEST(Variables, ExpandInPathsAddressesAndIndexNames) {
  const auto parsed = parse_clean(R"(
setval {
  DIR "/etc/racoon2";
  PEER "192.0.2.1";
  NET "10.1.0.0";
  PORT "500";
  NAME "peer1";
};
interface { spmd_password "${DIR}/spmd.pwd"; spmd unix "${DIR}/spmif"; };
remote "${NAME}" {
  selector_index "${NAME}_out";
  ikev2 {
    pre_shared_key "${DIR}/psk/${NAME}.psk";
    peers_ipaddr "${PEER}" port "${PORT}";
    my_id fqdn "${NAME}.example";
    script { phase1_up "${DIR}/hook/up"; };
  };
};
selector "${NAME}_out" { direction outbound; src "${NET}/16"; dst "${PEER}" port "${PORT}"; policy_index "${NAME}"; };
policy "${NAME}" { action auto_ipsec; ipsec_index { "${NAME}"; other; }; peers_sa_ipaddr "${PEER}"; };
addresspool "${NAME}" { "${NET}" - "10.1.0.9"; };
)");
  const Model& m = parsed.model;
  EXPECT_EQ(*m.interface->spmd_password, "/etc/racoon2/spmd.pwd");
  EXPECT_EQ(m.interface->spmd->at(0).as_file()->path, "/etc/racoon2/spmif");
  ASSERT_EQ(m.remotes.size(), 1U);
  EXPECT_EQ(m.remotes[0].index, "peer1");
  EXPECT_EQ(m.remotes[0].selector_index->name, "peer1_out");
  const KmpParams& ikev2 = *m.remotes[0].ikev2;
  EXPECT_EQ(*ikev2.pre_shared_key, "/etc/racoon2/psk/peer1.psk");
  EXPECT_EQ(text(ikev2.peers_ipaddr->at(0)), "192.0.2.1 port 500");
  EXPECT_EQ(ikev2.my_id->at(0).value, "peer1.example");
  EXPECT_EQ(ikev2.script[static_cast<std::size_t>(ScriptEvent::Phase1Up)], "/etc/racoon2/hook/up");
  ASSERT_EQ(m.selectors.size(), 1U);
  EXPECT_EQ(m.selectors[0].index, "peer1_out");
  EXPECT_EQ(text(*m.selectors[0].src), "10.1.0.0/16");
  EXPECT_EQ(text(*m.selectors[0].dst), "192.0.2.1 port 500");
  EXPECT_EQ(m.selectors[0].policy_index->name, "peer1");
  EXPECT_EQ(m.policies.at(0).index, "peer1");
  EXPECT_EQ(m.policies[0].ipsec_index->at(0).name, "peer1");
  EXPECT_EQ(m.policies[0].ipsec_index->at(1).name, "other");
  EXPECT_EQ(text(*m.policies[0].peers_sa_ipaddr), "192.0.2.1");
  EXPECT_EQ(m.addresspools.at(0).index, "peer1");
  EXPECT_EQ(fmt::format("{}", m.addresspools[0].ranges.at(0).first), "10.1.0.0");
  // The setval section keeps what was written.
  ASSERT_EQ(m.setval.size(), 5U);
  EXPECT_EQ(m.setval[0].name, "DIR");
  EXPECT_EQ(m.setval[0].value, "/etc/racoon2");
}

TEST(Variables, OneLineSetval) {
  const auto parsed = parse_clean(R"(
setval PSK_DIR /etc/racoon2/psk;
remote r { ikev2 { pre_shared_key "${PSK_DIR}/r.psk"; }; };
)");
  EXPECT_EQ(*parsed.model.remotes.at(0).ikev2->pre_shared_key, "/etc/racoon2/psk/r.psk");
}

// Expansion runs after every file is read, so setval may come last.
TEST(Variables, UsableBeforeTheSetvalThatDefinesThem) {
  const auto parsed = parse_clean(R"(
interface { spmd_password "${D}/pw"; };
setval { D "/x"; };
)");
  EXPECT_EQ(*parsed.model.interface->spmd_password, "/x/pw");
}

TEST(Variables, ValuesMayUseOtherVariablesAndTheEnvironment) {
  const auto parsed = parse_clean(R"(
setval { A "${B}/a"; B "${C}/b"; C "$[HOME]/c"; };
interface { spmd_password "${A}"; pfkeyd_socket "$[HOME]/${C}"; };
)",
                                  {{"HOME", "/home/x"}});
  EXPECT_EQ(*parsed.model.interface->spmd_password, "/home/x/c/b/a");
  EXPECT_EQ(*parsed.model.interface->pfkeyd_socket, "/home/x//home/x/c");
}

TEST(Variables, TextThatIsNoReferenceStaysAsWritten) {
  const auto parsed = parse_clean(R"(
setval { A "x"; };
interface { spmd_password "$A/$/$(A)/cost$5"; };
)");
  EXPECT_EQ(*parsed.model.interface->spmd_password, "$A/$/$(A)/cost$5");
}

// A setval value is expanded where it is used, not where it is defined, so
// an unused definition with a bad reference is no error (as the original).
TEST(Variables, UnusedDefinitionsAreNotExpanded) {
  const auto parsed = parse_clean(R"(setval { A "${NOPE}"; B "${B}"; C "$[NOPE]"; };)");
  EXPECT_EQ(parsed.model.setval.size(), 3U);
}

TEST(Variables, Errors) {
  const std::vector<Reject> rows = {
      // One error per cause: the raw "${X}" is not parsed as an address too.
      {R"(selector s { src "${X}"; };)",
       1,
       {"test.conf:1:18: undefined variable ${X}; expected a name from the setval section"}},
      {"setval { A \"x\"; };\ninterface { spmd_password \"${}\"; };",
       1,
       {"test.conf:2:27: undefined variable ${}; expected a name from the setval section"}},
      // A section whose name fails is dropped; errors inside it are still found.
      {"remote \"${R}\" {\n  ikev2 { pre_shared_key \"${K}\"; };\n};",
       2,
       {"test.conf:1:8: undefined variable ${R}; expected a name from the setval section",
        "test.conf:2:26: undefined variable ${K}; expected a name from the setval section"}},
      {"setval { A \"${A}\"; };\ninterface { spmd_password \"${A}\"; };",
       1,
       {"test.conf:2:27: variable ${A} expands more than 16 levels deep (does it refer to "
        "itself?)"}},
      {"setval { A \"x${B}\"; B \"${A}y\"; };\ninterface { spmd_password \"${A}\"; };",
       1,
       {"test.conf:2:27: variable ${A} expands more than 16 levels deep (does it refer to "
        "itself?)"}},
      {"interface { spmd_password \"${A\"; };",
       1,
       {R"(test.conf:1:27: unterminated ${ in "${A"; expected ${NAME})"}},
      {"interface { spmd_password \"$[HOME\"; };",
       1,
       {R"(test.conf:1:27: unterminated $[ in "$[HOME"; expected $[NAME])"},
       {{"HOME", "/h"}}},
      {"interface { spmd_password \"$[NOPE]/pw\"; };",
       1,
       {"test.conf:1:27: environment variable NOPE is not set (used as $[NOPE])"}},
      {"setval { A \"$[NOPE]\"; };\nremote r { ikev2 { logfile \"${A}\"; }; };",
       1,
       {"test.conf:2:28: environment variable NOPE is not set (used as $[NOPE])"}},
      // Variables stand only for strings: a keyword slot never takes one.
      {"setval { A \"on\"; };\npolicy p { install \"${A}\"; };",
       1,
       {R"(test.conf:2:20: install expects on or off (or enable/disable, yes/no); found "on")"}},
      // Unquoted, '$' is not a word character.
      {"interface { spmd_password ${A}; };",
       1,
       {"test.conf:1:27: unexpected '$' here; a value containing it must be quoted"}},
      // An empty name would pose as the nameless remote of default { }.
      {"setval { E \"\"; };\nremote \"${E}\" { };",
       1,
       {R"(test.conf:2:8: remote needs a name, found "")"}},
  };
  expect_rejected(rows);
}

TEST(Variables, SetvalShapeErrors) {
  const std::vector<Reject> rows = {
      {R"(setval { A "x"; A "y"; };)",
       1,
       {"test.conf:1:17: variable A is set twice (first at test.conf:1:10)"}},
      {"setval { A; };", 1, {R"(test.conf:1:10: expected a variable definition: NAME "value";)"}},
      {R"(setval { A "x" "y"; };)",
       1,
       {R"(test.conf:1:10: expected a variable definition: NAME "value";)"}},
      {"setval A;", 1, {R"(test.conf:1:1: expected a variable definition: NAME "value";)"}},
      {R"(setval x { A "x"; };)",
       1,
       {"test.conf:1:8: setval takes no name: setval { NAME value; };"}},
      {"setval { A { }; };", 1, {"test.conf:1:12: unexpected block in setval"}},
  };
  expect_rejected(rows);
}

// A="${B}${B}", B="${C}${C}" ... doubles at every level; the bound stops
// it with one error that quotes the text as written at the use.
TEST(Variables, ExponentialBlowUpIsBounded) {
  std::string setval = "setval {";
  for (char name = 'A'; name < 'P'; ++name) {
    setval += fmt::format(" {0} \"${{{1}}}${{{1}}}\";", name, static_cast<char>(name + 1));
  }
  setval += " P \"0123456789abcdef\"; };\n";
  const auto parsed = testing::parse(setval + "interface { spmd_password \"<${A}>\"; };\n");
  EXPECT_EQ(parsed.messages(), std::vector<std::string>{fmt::format(
                                   R"(test.conf:2:27: "<${{A}}>" expands to more than {} KiB)",
                                   kMaxExpandedLength >> 10)});
  EXPECT_EQ(parsed.diagnostics.error_count(), 1U);
  EXPECT_FALSE(parsed.model.interface->spmd_password);

  // Just under the bound is fine: 2^12 copies of 16 bytes = 64 KiB.
  const auto fits = testing::parse(setval + "interface { spmd_password \"${D}\"; };\n");
  EXPECT_EQ(fits.messages(), std::vector<std::string>{});
  EXPECT_EQ(fits.model.interface->spmd_password->size(), std::size_t{16} << 12);
}

}  // namespace
}  // namespace rc::conf
