// The fuzzer's hand-assembled seeds (tests/fuzz/corpus/ikev2_parse/) are
// what their names say: real-shaped messages that parse and pass (or fail)
// the rule check as named, so the fuzzer starts from deep inside the parser.
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "ikev2/rules.h"

namespace rc::ikev2 {
namespace {

buf::Bytes seed(const std::string& name) {
  std::ifstream in(std::string(RACOON2_SOURCE_DIR) + "/tests/fuzz/corpus/ikev2_parse/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Message parsed(const std::string& name) {
  const buf::Bytes wire = seed(name);
  auto message = parse_message(wire);
  EXPECT_TRUE(message) << name << ": " << (message ? "" : message.error().message);
  return message ? *message : Message{};
}

std::vector<Payload> chain(const std::string& name) {
  const buf::Bytes wire = seed(name);
  EXPECT_FALSE(wire.empty());
  if (wire.empty()) return {};
  auto payloads = parse_payload_chain(PayloadType{wire[0]}, std::span(wire).subspan(1));
  EXPECT_TRUE(payloads) << name << ": " << (payloads ? "" : payloads.error().message);
  return payloads ? *payloads : std::vector<Payload>{};
}

Form form(const Message& message, std::span<const Payload> inner = {}) {
  auto verdict = check_message(message, inner);
  EXPECT_TRUE(verdict) << (verdict ? "" : verdict.error().message);
  return verdict ? *verdict : Form::Complete;
}

TEST(IkeCorpus, IkeSaInitSeeds) {
  EXPECT_EQ(form(parsed("ike_sa_init_request")), Form::Complete);
  EXPECT_EQ(form(parsed("ike_sa_init_request_cookie_retry")), Form::Complete);
  EXPECT_EQ(form(parsed("ike_sa_init_response")), Form::Complete);
  EXPECT_EQ(form(parsed("ike_sa_init_response_cookie")), Form::NotifyOnly);
  EXPECT_EQ(form(parsed("ike_sa_init_response_invalid_ke")), Form::NotifyOnly);
  EXPECT_EQ(form(parsed("ike_sa_init_unknown_noncritical")), Form::Complete);
  auto critical = check_message(parsed("ike_sa_init_unknown_critical"));
  ASSERT_FALSE(critical);
  EXPECT_EQ(critical.error().notify, NotifyType::UnsupportedCriticalPayload);
}

TEST(IkeCorpus, ProtectedSeedsWithTheirDecryptedChains) {
  const Message auth = parsed("ike_auth_request_sk");
  EXPECT_TRUE(check_outer(auth));
  EXPECT_EQ(form(auth, chain("chain_ike_auth_inner")), Form::Complete);

  const Message info = parsed("informational_sk_plain_delete");
  const auto* sk = find_first<SkPayload>(info.payloads);
  ASSERT_NE(sk, nullptr);
  auto inner = parse_payload_chain(sk->first_inner, sk->body);
  ASSERT_TRUE(inner) << inner.error().message;
  EXPECT_EQ(*inner, chain("chain_informational_delete"));
  EXPECT_EQ(form(info, *inner), Form::Complete);

  EXPECT_EQ(form(parsed("informational_liveness"), {}), Form::Complete);
  EXPECT_TRUE(check_outer(parsed("ike_auth_response_sk")));
  EXPECT_TRUE(check_outer(parsed("create_child_sa_sk")));
  EXPECT_EQ(chain("chain_ts_ipv4_ipv6_unknown").size(), 2U);
  EXPECT_EQ(chain("chain_cp_reply").size(), 1U);
  EXPECT_EQ(chain("chain_cert_eap_vendor").size(), 3U);
}

TEST(IkeCorpus, VersionSeeds) {
  const buf::Bytes v3 = seed("major_version_3");
  auto three = parse_message(v3);
  ASSERT_FALSE(three);
  EXPECT_EQ(rejection_for(three.error()).notify, NotifyType::InvalidMajorVersion);
  const buf::Bytes v1 = seed("ikev1_header");
  auto one = parse_message(v1);
  ASSERT_FALSE(one);
  EXPECT_FALSE(rejection_for(one.error()).notify.has_value());
  auto header_only = parse_message(seed("header_only"));
  ASSERT_TRUE(header_only);
  EXPECT_TRUE(header_only->payloads.empty());
}

}  // namespace
}  // namespace rc::ikev2
