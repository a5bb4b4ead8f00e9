// The rule tables: every kind of rejection, the notify it answers with,
// and the forms each exchange accepts.
#include "ikev2/rules.h"

#include <set>

#include <gtest/gtest.h>

#include "wire_bytes.h"

namespace rc::ikev2 {
namespace {

using test::kSpiI;
using test::kSpiR;

Header header_for(ExchangeType exchange, bool response) {
  Header h;
  h.initiator_spi = kSpiI;
  h.responder_spi = exchange == ExchangeType::IkeSaInit && !response ? 0 : kSpiR;
  h.exchange = exchange;
  h.response = response;
  h.initiator = !response;
  h.message_id = exchange == ExchangeType::IkeSaInit ? 0 : 1;
  return h;
}

Message make(ExchangeType exchange, bool response, std::vector<Payload> payloads) {
  return Message{header_for(exchange, response), std::move(payloads)};
}

Payload sa() {
  return SaPayload{{Proposal{1, ProtocolId::Ike, {}, {Transform{TransformType::Dh, 14, {}}}}}};
}
Payload ke() {
  return KePayload{14, buf::Bytes(256, 1)};
}
Payload nonce() {
  return NoncePayload{buf::Bytes(32, 2)};
}
Payload notify(NotifyType type) {
  return NotifyPayload{ProtocolId::None, {}, type, {}};
}
Payload sk(PayloadType first = PayloadType::IdI) {
  return SkPayload{first, buf::Bytes(48, 3)};
}
Payload idi() {
  return IdiPayload{IdType::Fqdn, {'a'}};
}
Payload idr() {
  return IdrPayload{IdType::Fqdn, {'b'}};
}
Payload auth() {
  return AuthPayload{AuthMethod::SharedKeyMic, buf::Bytes(32, 4)};
}
Payload tsi() {
  return TsiPayload{{AddressRange{}}};
}
Payload tsr() {
  return TsrPayload{{AddressRange{}}};
}
Payload unknown(bool critical) {
  return UnknownPayload{PayloadType{200}, critical, {}};
}

std::vector<Payload> ike_sa_init_request() {
  return {sa(),
          ke(),
          nonce(),
          notify(NotifyType::NatDetectionSourceIp),
          notify(NotifyType::NatDetectionDestinationIp),
          VendorIdPayload{{'v'}}};
}

std::vector<Payload> ike_auth_request_inner() {
  return {idi(), auth(), sa(), tsi(), tsr(), notify(NotifyType::UseTransportMode)};
}

// The violation of a message expected to fail, for its notify and text.
RuleViolation violation(const Message& m, std::span<const Payload> inner = {}) {
  auto result = check_message(m, inner);
  EXPECT_FALSE(result) << "accepted";
  return result ? RuleViolation{} : result.error();
}

void expect_syntax(const Message& m, std::span<const Payload> inner, std::string_view words) {
  const RuleViolation v = violation(m, inner);
  EXPECT_EQ(v.notify, NotifyType::InvalidSyntax) << v.message;
  EXPECT_NE(v.message.find(words), std::string::npos) << v.message;
  EXPECT_TRUE(v.notify_data().empty());
}

TEST(IkeRules, IkeSaInitRequestComplete) {
  const Message m = make(ExchangeType::IkeSaInit, false, ike_sa_init_request());
  auto form = check_message(m);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(*form, Form::Complete);
  EXPECT_TRUE(check_outer(m));
}

TEST(IkeRules, MissingRequiredPayload) {
  for (const PayloadType missing : {PayloadType::Sa, PayloadType::Ke, PayloadType::Nonce}) {
    std::vector<Payload> payloads = ike_sa_init_request();
    std::erase_if(payloads, [&](const Payload& p) { return payload_type(p) == missing; });
    const Message m = make(ExchangeType::IkeSaInit, false, payloads);
    expect_syntax(m, {}, "no " + to_string(missing) + " payload");
    EXPECT_FALSE(check_outer(m));
  }
}

TEST(IkeRules, TooManyOfAPayload) {
  std::vector<Payload> payloads = ike_sa_init_request();
  payloads.push_back(nonce());
  expect_syntax(make(ExchangeType::IkeSaInit, false, payloads), {}, "more than 1 Nonce");
}

TEST(IkeRules, PayloadNotInTheTable) {
  std::vector<Payload> payloads = ike_sa_init_request();
  payloads.push_back(auth());
  expect_syntax(make(ExchangeType::IkeSaInit, false, payloads), {}, "AUTH payload is not allowed");
  payloads = ike_sa_init_request();
  payloads.push_back(sk());
  expect_syntax(make(ExchangeType::IkeSaInit, false, payloads), {}, "SK payload is not allowed");
}

TEST(IkeRules, UnknownNonCriticalIsSkipped) {
  std::vector<Payload> payloads = ike_sa_init_request();
  payloads.insert(payloads.begin() + 1, unknown(false));
  EXPECT_TRUE(check_message(make(ExchangeType::IkeSaInit, false, payloads)));
  const std::vector<Payload> inner{idi(), unknown(false), auth(), sa(), tsi(), tsr()};
  EXPECT_TRUE(check_message(make(ExchangeType::IkeAuth, false, {unknown(false), sk()}), inner));
}

TEST(IkeRules, UnknownCriticalIsUnsupportedCriticalPayload) {
  std::vector<Payload> payloads = ike_sa_init_request();
  payloads.push_back(unknown(true));
  const RuleViolation v = violation(make(ExchangeType::IkeSaInit, false, payloads));
  EXPECT_EQ(v.notify, NotifyType::UnsupportedCriticalPayload);
  EXPECT_EQ(v.payload, PayloadType{200});
  EXPECT_EQ(v.notify_data(), buf::Bytes{200});
  // It wins over other faults (here a missing KE), and is found inside SK.
  std::vector<Payload> inner = ike_auth_request_inner();
  inner.push_back(unknown(true));
  inner.erase(inner.begin());
  const RuleViolation inside = violation(make(ExchangeType::IkeAuth, false, {sk()}), inner);
  EXPECT_EQ(inside.notify, NotifyType::UnsupportedCriticalPayload);
  // Before decryption only the clear payloads are seen.
  EXPECT_TRUE(check_outer(make(ExchangeType::IkeAuth, false, {sk()})));
  auto outer = check_outer(make(ExchangeType::IkeAuth, false, {unknown(true), sk()}));
  ASSERT_FALSE(outer);
  EXPECT_EQ(outer.error().notify, NotifyType::UnsupportedCriticalPayload);
}

TEST(IkeRules, MajorVersion) {
  Message m = make(ExchangeType::IkeSaInit, false, ike_sa_init_request());
  m.header.major_version = 3;
  const RuleViolation v = violation(m);
  EXPECT_EQ(v.notify, NotifyType::InvalidMajorVersion);
  EXPECT_TRUE(v.notify_data().empty());
  m.header.major_version = 1;
  EXPECT_FALSE(violation(m).notify.has_value());
  m.header.major_version = 2;
  m.header.minor_version = 9;
  EXPECT_TRUE(check_message(m));
}

TEST(IkeRules, HeaderFields) {
  Message m = make(ExchangeType::IkeSaInit, false, ike_sa_init_request());
  m.header.message_id = 1;
  expect_syntax(m, {}, "Message ID 1");
  m = make(ExchangeType::IkeSaInit, false, ike_sa_init_request());
  m.header.responder_spi = 5;
  expect_syntax(m, {}, "request with a responder SPI");
  m = make(ExchangeType::IkeSaInit, false, ike_sa_init_request());
  m.header.initiator_spi = 0;
  expect_syntax(m, {}, "zero initiator SPI");
  m = make(ExchangeType::Informational, false, {sk()});
  m.header.responder_spi = 0;
  expect_syntax(m, {}, "zero responder SPI");
  m = make(ExchangeType::Informational, false, {sk()});
  m.header.exchange = ExchangeType{40};
  expect_syntax(m, {}, "exchange 40 has no rule table");
}

TEST(IkeRules, IkeSaInitResponseForms) {
  std::vector<Payload> full{sa(), ke(), nonce(), CertReqPayload{},
                            notify(NotifyType::NatDetectionSourceIp)};
  auto complete = check_message(make(ExchangeType::IkeSaInit, true, full));
  ASSERT_TRUE(complete) << complete.error().message;
  EXPECT_EQ(*complete, Form::Complete);

  for (const NotifyType answer :
       {NotifyType::Cookie, NotifyType::InvalidKePayload, NotifyType::NoProposalChosen}) {
    Message m = make(ExchangeType::IkeSaInit, true, {notify(answer), VendorIdPayload{}});
    m.header.responder_spi = 0;
    auto form = check_message(m);
    ASSERT_TRUE(form) << to_string(answer);
    EXPECT_EQ(*form, Form::NotifyOnly);
  }
  // A status notify alone is no answer; nor is an error next to an SA.
  expect_syntax(make(ExchangeType::IkeSaInit, true, {notify(NotifyType::NatDetectionSourceIp)}), {},
                "no SA payload");
  expect_syntax(make(ExchangeType::IkeSaInit, true, {sa(), notify(NotifyType::NoProposalChosen)}),
                {}, "no KE payload");
  // A complete response names the responder's SPI.
  Message zero = make(ExchangeType::IkeSaInit, true, full);
  zero.header.responder_spi = 0;
  expect_syntax(zero, {}, "zero responder SPI");
  // Requests have no notify-only form (a cookie retry carries SA, KE, Ni).
  expect_syntax(make(ExchangeType::IkeSaInit, false, {notify(NotifyType::Cookie)}), {},
                "no SA payload");
}

TEST(IkeRules, IkeAuthRequest) {
  const Message m = make(ExchangeType::IkeAuth, false, {sk()});
  const std::vector<Payload> inner = ike_auth_request_inner();
  auto form = check_message(m, inner);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_EQ(*form, Form::Complete);
  EXPECT_TRUE(check_outer(m));

  for (const PayloadType missing :
       {PayloadType::IdI, PayloadType::Auth, PayloadType::Sa, PayloadType::TsI, PayloadType::TsR}) {
    std::vector<Payload> less = inner;
    std::erase_if(less, [&](const Payload& p) { return payload_type(p) == missing; });
    expect_syntax(m, less, "no " + to_string(missing) + " payload");
  }
  std::vector<Payload> two_ids = inner;
  two_ids.push_back(idi());
  expect_syntax(m, two_ids, "more than 1 IDi");
  std::vector<Payload> eap = inner;
  eap.push_back(EapPayload{});
  expect_syntax(m, eap, "EAP payload is not allowed in SK of IKE_AUTH request");
  // Nothing decrypted yet: the inner rows are not judged by check_outer,
  // but check_message with no inner payloads finds them missing.
  expect_syntax(m, {}, "no IDi payload");
}

TEST(IkeRules, PayloadOutsideSkThatMustBeInside) {
  const Message m = make(ExchangeType::IkeAuth, false, {idi(), sk()});
  auto outer = check_outer(m);
  ASSERT_FALSE(outer);
  EXPECT_EQ(outer.error().notify, NotifyType::InvalidSyntax);
  EXPECT_NE(outer.error().message.find("IDi payload outside SK"), std::string::npos);
  std::vector<Payload> inner = ike_auth_request_inner();
  inner.erase(inner.begin());
  expect_syntax(m, inner, "IDi payload outside SK");
  expect_syntax(make(ExchangeType::Informational, false, {notify(NotifyType::InitialContact)}), {},
                "N payload outside SK");
}

TEST(IkeRules, SkMustBePresentAndLast) {
  expect_syntax(make(ExchangeType::IkeAuth, false, {}), {}, "no SK payload");
  EXPECT_FALSE(check_outer(make(ExchangeType::Informational, true, {})));
  const Message not_last = make(ExchangeType::Informational, false, {sk(), VendorIdPayload{{'x'}}});
  expect_syntax(not_last, {}, "SK payload is not the last");
  EXPECT_FALSE(check_outer(not_last));
  // Decrypted payloads for a message that has no SK.
  const std::vector<Payload> inner{notify(NotifyType::InitialContact)};
  expect_syntax(make(ExchangeType::IkeSaInit, false, ike_sa_init_request()), inner,
                "without an SK payload");
}

TEST(IkeRules, SkInsideSk) {
  std::vector<Payload> inner = ike_auth_request_inner();
  inner.push_back(sk());
  expect_syntax(make(ExchangeType::IkeAuth, false, {sk()}), inner, "SK payload inside SK");
}

TEST(IkeRules, IkeAuthResponseForms) {
  const Message m = make(ExchangeType::IkeAuth, true, {sk(PayloadType::IdR)});
  const std::vector<Payload> full{idr(), auth(), sa(), tsi(), tsr()};
  auto complete = check_message(m, full);
  ASSERT_TRUE(complete) << complete.error().message;
  EXPECT_EQ(*complete, Form::Complete);
  // The IKE SA without its Child SA (§2.21.2).
  const std::vector<Payload> childless{idr(), auth(), notify(NotifyType::TsUnacceptable)};
  auto no_child = check_message(m, childless);
  ASSERT_TRUE(no_child) << no_child.error().message;
  EXPECT_EQ(*no_child, Form::Complete);
  // SA, TSi and TSr come together.
  const std::vector<Payload> half{idr(), auth(), sa(), tsi()};
  expect_syntax(m, half, "without TSr");
  const std::vector<Payload> only_ts{idr(), auth(), tsr()};
  expect_syntax(m, only_ts, "TSr payload without");
  // Authentication failed: an error notify alone.
  const std::vector<Payload> failed{notify(NotifyType::AuthenticationFailed)};
  auto error = check_message(m, failed);
  ASSERT_TRUE(error) << error.error().message;
  EXPECT_EQ(*error, Form::NotifyOnly);
  // A status notify alone, or a cookie outside IKE_SA_INIT, is not an answer.
  const std::vector<Payload> status{notify(NotifyType::InitialContact)};
  expect_syntax(m, status, "no IDr payload");
  const std::vector<Payload> cookie{notify(NotifyType::Cookie)};
  expect_syntax(m, cookie, "no IDr payload");
}

TEST(IkeRules, CreateChildSa) {
  const Message request = make(ExchangeType::CreateChildSa, false, {sk(PayloadType::Sa)});
  const std::vector<Payload> child{notify(NotifyType::RekeySa), sa(), nonce(), tsi(), tsr()};
  EXPECT_TRUE(check_message(request, child));
  const std::vector<Payload> ike_rekey{sa(), nonce(), ke()};
  EXPECT_TRUE(check_message(request, ike_rekey));
  const std::vector<Payload> one_ts{sa(), nonce(), tsi()};
  expect_syntax(request, one_ts, "TSi payload without TSr");
  const std::vector<Payload> two_ke{sa(), nonce(), ke(), ke()};
  expect_syntax(request, two_ke, "more than 1 KE");
  const std::vector<Payload> error{notify(NotifyType::NoProposalChosen)};
  expect_syntax(request, error, "no SA payload");

  const Message response = make(ExchangeType::CreateChildSa, true, {sk(PayloadType::Notify)});
  auto answer = check_message(response, error);
  ASSERT_TRUE(answer);
  EXPECT_EQ(*answer, Form::NotifyOnly);
  const std::vector<Payload> no_nonce{sa(), tsi(), tsr()};
  expect_syntax(response, no_nonce, "no Nonce payload");
}

TEST(IkeRules, Informational) {
  const Message request = make(ExchangeType::Informational, false, {sk(PayloadType::None)});
  auto liveness = check_message(request, {});
  ASSERT_TRUE(liveness);
  EXPECT_EQ(*liveness, Form::Complete);
  const std::vector<Payload> del{DeletePayload{ProtocolId::Esp, 4, {buf::Bytes{1, 2, 3, 4}}},
                                 DeletePayload{ProtocolId::Ike, 0, {}},
                                 notify(NotifyType::InitialContact), CpPayload{}};
  EXPECT_TRUE(check_message(request, del));
  EXPECT_TRUE(check_message(make(ExchangeType::Informational, true, {sk(PayloadType::None)}), {}));
  const std::vector<Payload> ke_inside{ke()};
  expect_syntax(request, ke_inside, "KE payload is not allowed in SK of INFORMATIONAL request");
}

TEST(IkeRules, RejectionForParseErrors) {
  EXPECT_EQ(rejection_for(ParseError{ParseErrorKind::UnsupportedVersion, 17, "v3"}).notify,
            NotifyType::InvalidMajorVersion);
  EXPECT_FALSE(rejection_for(ParseError{ParseErrorKind::NotIkev2, 17, "v1"}).notify.has_value());
  for (const auto kind : {ParseErrorKind::Truncated, ParseErrorKind::BadLength,
                          ParseErrorKind::TrailingBytes, ParseErrorKind::BadField}) {
    const RuleViolation v = rejection_for(ParseError{kind, 40, "what"});
    EXPECT_EQ(v.notify, NotifyType::InvalidSyntax);
    EXPECT_EQ(v.message, "what");
  }
}

TEST(IkeRules, EveryTableIsWellFormed) {
  std::set<std::pair<ExchangeType, bool>> seen;
  for (const RuleTable& table : rule_tables()) {
    EXPECT_TRUE(seen.emplace(table.exchange, table.response).second);
    EXPECT_EQ(find_rule_table(table.exchange, table.response), &table);
    EXPECT_FALSE(table.source.empty());
    EXPECT_LE(table.rows.size(), kMaxRulesPerTable);
    std::set<PayloadType> types;
    for (const PayloadRule& row : table.rows) {
      EXPECT_TRUE(types.insert(row.type).second) << to_string(row.type);
      EXPECT_TRUE(is_known(row.type));
      EXPECT_LE(row.min, row.max);
      EXPECT_NE(row.source.find("RFC"), std::string_view::npos);
    }
    // Requests never have a notify-only answer.
    if (!table.response) {
      EXPECT_EQ(table.notify_answer, NotifyAnswer::Refused);
    }
    // SK is the only payload in clear outside IKE_SA_INIT.
    if (table.exchange != ExchangeType::IkeSaInit) {
      for (const PayloadRule& row : table.rows) {
        EXPECT_EQ(row.placement == Placement::Clear, row.type == PayloadType::Sk);
      }
    }
  }
  EXPECT_EQ(seen.size(), 8U);
}

}  // namespace
}  // namespace rc::ikev2
