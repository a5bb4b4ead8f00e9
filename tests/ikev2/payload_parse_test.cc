// Every payload of RFC 7296 §3.3-3.16 decoded from hand-written octets, and
// the malformed forms each decoder must refuse.
#include <gtest/gtest.h>

#include "ikev2/message.h"
#include "wire_bytes.h"

namespace rc::ikev2 {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace)

// Parses one payload of `type` whose body is `body` (it is the whole chain).
Result<Payload, ParseError> one(std::uint8_t type, const Wire& body, bool critical = false) {
  const Wire chain = payload(kNone, body, critical);
  auto payloads = parse_payload_chain(static_cast<PayloadType>(type), chain);
  if (!payloads) return fail(std::move(payloads).error());
  if (payloads->size() != 1) return fail(ParseError{ParseErrorKind::BadField, 0, "not one"});
  return std::move(payloads->front());
}

template <class T>
T parsed_as(std::uint8_t type, const Wire& body) {
  auto result = one(type, body);
  EXPECT_TRUE(result) << (result ? "" : result.error().message);
  if (!result) return T{};
  const T* p = std::get_if<T>(&*result);
  EXPECT_NE(p, nullptr);
  return p != nullptr ? *p : T{};
}

ParseError refused(std::uint8_t type, const Wire& body) {
  auto result = one(type, body);
  EXPECT_FALSE(result);
  return result ? ParseError{} : result.error();
}

buf::Bytes bytes(const Wire& w) {
  return {w.begin(), w.end()};
}

TEST(IkePayloadParse, SaWithTwoProposals) {
  const Wire body = cat({
      proposal(false, 1, 1, {}, 4,
               cat({transform(false, 1, 12, key_length(256)), transform(false, 2, 7),
                    transform(false, 3, 14), transform(true, 4, 19)})),
      proposal(true, 2, 3, u32(0xC0FFEE01), 2,
               cat({transform(false, 1, 20, key_length(128)), transform(true, 5, 0)})),
  });
  const auto sa = parsed_as<SaPayload>(kSA, body);
  ASSERT_EQ(sa.proposals.size(), 2U);
  const Proposal& ike = sa.proposals[0];
  EXPECT_EQ(ike.number, 1);
  EXPECT_EQ(ike.protocol, ProtocolId::Ike);
  EXPECT_TRUE(ike.spi.empty());
  ASSERT_EQ(ike.transforms.size(), 4U);
  EXPECT_EQ(ike.transforms[0].type, TransformType::Encr);
  EXPECT_EQ(ike.transforms[0].id, 12);
  EXPECT_EQ(ike.transforms[0].key_length(), 256);
  EXPECT_EQ(ike.transforms[1].type, TransformType::Prf);
  EXPECT_EQ(ike.transforms[1].id, 7);
  EXPECT_FALSE(ike.transforms[1].key_length());
  EXPECT_EQ(ike.transforms[3].type, TransformType::Dh);
  EXPECT_EQ(ike.transforms[3].id, 19);
  const Proposal& esp = sa.proposals[1];
  EXPECT_EQ(esp.number, 2);
  EXPECT_EQ(esp.protocol, ProtocolId::Esp);
  EXPECT_EQ(esp.spi, bytes(u32(0xC0FFEE01)));
  ASSERT_EQ(esp.transforms.size(), 2U);
  EXPECT_EQ(esp.transforms[1].type, TransformType::Esn);
}

TEST(IkePayloadParse, SaKeepsUnknownAttributesInBothForms) {
  const Wire attributes = cat({u16(0x8000 | 99), u16(5), u16(100), u16(3), text("abc")});
  const auto sa =
      parsed_as<SaPayload>(kSA, proposal(true, 1, 1, {}, 1, transform(true, 1, 12, attributes)));
  ASSERT_EQ(sa.proposals.size(), 1U);
  const auto& list = sa.proposals[0].transforms[0].attributes;
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0], (TransformAttribute{99, true, 5, {}}));
  EXPECT_EQ(list[1], (TransformAttribute{100, false, 0, bytes(text("abc"))}));
}

TEST(IkePayloadParse, SaIkeRekeyCarriesAnEightOctetSpi) {
  const auto sa = parsed_as<SaPayload>(
      kSA, proposal(true, 1, 1, u64(0x8877665544332211ULL), 1, transform(true, 4, 31)));
  EXPECT_EQ(sa.proposals[0].spi, bytes(u64(0x8877665544332211ULL)));
}

TEST(IkePayloadParse, SaRefusals) {
  const Wire good_transform = transform(true, 4, 14);
  // No proposal at all.
  EXPECT_EQ(refused(kSA, {}).kind, ParseErrorKind::BadField);
  // Last proposal marked "more" (2), and a non-last one marked last (0).
  EXPECT_EQ(refused(kSA, proposal(false, 1, 1, {}, 1, good_transform)).kind,
            ParseErrorKind::BadField);
  EXPECT_EQ(refused(kSA, cat({proposal(true, 1, 1, {}, 1, good_transform),
                              proposal(true, 2, 1, {}, 1, good_transform)}))
                .kind,
            ParseErrorKind::BadField);
  // A marker that is neither 0 nor 2.
  Wire three = proposal(true, 1, 1, {}, 1, good_transform);
  three[0] = 3;
  EXPECT_EQ(refused(kSA, three).kind, ParseErrorKind::BadField);
  // SPI size 4 for IKE, 0 for ESP, 8 for AH.
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, u32(1), 1, good_transform)).kind,
            ParseErrorKind::BadField);
  EXPECT_EQ(refused(kSA, proposal(true, 1, 3, {}, 1, good_transform)).kind,
            ParseErrorKind::BadField);
  EXPECT_EQ(refused(kSA, proposal(true, 1, 2, u64(1), 1, good_transform)).kind,
            ParseErrorKind::BadField);
  // Count says 2 but one transform fits (and it is marked last).
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 2, good_transform)).kind,
            ParseErrorKind::BadLength);
  // Count says 1 but two transforms follow.
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1,
                                  cat({transform(true, 1, 12), transform(true, 4, 14)})))
                .kind,
            ParseErrorKind::TrailingBytes);
  // A non-last transform marked last, and the last one marked "more".
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 2,
                                  cat({transform(true, 1, 12), transform(true, 4, 14)})))
                .kind,
            ParseErrorKind::BadField);
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1, transform(false, 4, 14))).kind,
            ParseErrorKind::BadField);
  // Key Length in TLV form, and twice.
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1,
                                  transform(true, 1, 12, cat({u16(14), u16(2), u16(128)}))))
                .kind,
            ParseErrorKind::BadField);
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1,
                                  transform(true, 1, 12, cat({key_length(128), key_length(256)}))))
                .kind,
            ParseErrorKind::BadField);
  // A TLV attribute longer than its transform; half an attribute.
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1,
                                  transform(true, 1, 12, cat({u16(100), u16(9), u16(0)}))))
                .kind,
            ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kSA, proposal(true, 1, 1, {}, 1, transform(true, 1, 12, u16(0x800E)))).kind,
            ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, SaNestedLengthLies) {
  Wire body = proposal(true, 1, 1, {}, 1, transform(true, 4, 14));
  // Proposal length below its header, and past the SA payload.
  Wire small = body;
  small[3] = 7;
  EXPECT_EQ(refused(kSA, small).kind, ParseErrorKind::BadLength);
  Wire big = body;
  big[3] = static_cast<std::uint8_t>(body.size() + 1);
  EXPECT_EQ(refused(kSA, big).kind, ParseErrorKind::BadLength);
  // Transform length below its header, and past its proposal.
  Wire tsmall = body;
  tsmall[8 + 3] = 7;
  EXPECT_EQ(refused(kSA, tsmall).kind, ParseErrorKind::BadLength);
  Wire tbig = body;
  tbig[8 + 3] = 9;
  EXPECT_EQ(refused(kSA, tbig).kind, ParseErrorKind::BadLength);
  // Proposal length shorter than its SPI (marked "more" so the marker
  // agrees with the two octets left after it).
  Wire spi = proposal(false, 1, 3, u32(5), 0, {});
  spi[3] = 10;
  EXPECT_EQ(refused(kSA, cat({spi, fill(2, 0)})).kind, ParseErrorKind::BadLength);
}

TEST(IkePayloadParse, Ke) {
  const auto ke = parsed_as<KePayload>(kKE, cat({u16(19), u16(0), fill(64, 0x42)}));
  EXPECT_EQ(ke.group, 19);
  EXPECT_EQ(ke.data, bytes(fill(64, 0x42)));
  EXPECT_EQ(refused(kKE, u16(19)).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, IdiAndIdr) {
  const auto idi = parsed_as<IdiPayload>(kIDi, cat({u8(2), fill(3, 0xFF), text("vpn.example")}));
  EXPECT_EQ(idi.type, IdType::Fqdn);
  EXPECT_EQ(idi.data, bytes(text("vpn.example")));
  const auto idr = parsed_as<IdrPayload>(kIDr, cat({u8(1), fill(3, 0), u32(0xC0000201)}));
  EXPECT_EQ(idr.type, IdType::Ipv4Addr);
  EXPECT_EQ(idr.data, bytes(u32(0xC0000201)));
  EXPECT_EQ(refused(kIDi, fill(3, 0)).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, CertAndCertreq) {
  const auto cert = parsed_as<CertPayload>(kCERT, cat({u8(4), fill(10, 0x30)}));
  EXPECT_EQ(cert.encoding, CertEncoding::X509Signature);
  EXPECT_EQ(cert.data, bytes(fill(10, 0x30)));
  const auto req = parsed_as<CertReqPayload>(kCERTREQ, cat({u8(4), fill(40, 0x11)}));
  EXPECT_EQ(req.authorities.size(), 40U);
  EXPECT_EQ(refused(kCERT, {}).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, Auth) {
  const auto auth = parsed_as<AuthPayload>(kAUTH, cat({u8(2), fill(3, 0), fill(32, 0x77)}));
  EXPECT_EQ(auth.method, AuthMethod::SharedKeyMic);
  EXPECT_EQ(auth.data.size(), 32U);
}

TEST(IkePayloadParse, NonceSizeIsSixteenToTwoHundredFiftySix) {
  EXPECT_EQ(parsed_as<NoncePayload>(kNonce, fill(16, 1)).data.size(), 16U);
  EXPECT_EQ(parsed_as<NoncePayload>(kNonce, fill(256, 1)).data.size(), 256U);
  EXPECT_EQ(refused(kNonce, fill(15, 1)).kind, ParseErrorKind::BadField);
  EXPECT_EQ(refused(kNonce, fill(257, 1)).kind, ParseErrorKind::BadField);
}

TEST(IkePayloadParse, NotifyWithAndWithoutSpi) {
  const auto natd = parsed_as<NotifyPayload>(kN, natd_body(16388, 0x5A));
  EXPECT_EQ(natd.protocol, ProtocolId::None);
  EXPECT_TRUE(natd.spi.empty());
  EXPECT_EQ(natd.type, NotifyType::NatDetectionSourceIp);
  EXPECT_EQ(natd.data, bytes(fill(20, 0x5A)));
  const auto rekey = parsed_as<NotifyPayload>(kN, cat({u8(3), u8(4), u16(16393), u32(0xABCD)}));
  EXPECT_EQ(rekey.protocol, ProtocolId::Esp);
  EXPECT_EQ(rekey.spi, bytes(u32(0xABCD)));
  EXPECT_EQ(rekey.type, NotifyType::RekeySa);
  EXPECT_TRUE(rekey.data.empty());
  EXPECT_EQ(refused(kN, cat({u8(3), u8(4), u16(16393), u16(1)})).kind, ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kN, cat({u8(0), u8(0), u8(1)})).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, Delete) {
  const auto esp = parsed_as<DeletePayload>(kD, cat({u8(3), u8(4), u16(2), u32(1), u32(2)}));
  EXPECT_EQ(esp.protocol, ProtocolId::Esp);
  EXPECT_EQ(esp.spi_size, 4);
  ASSERT_EQ(esp.spis.size(), 2U);
  EXPECT_EQ(esp.spis[1], bytes(u32(2)));
  const auto ike = parsed_as<DeletePayload>(kD, cat({u8(1), u8(0), u16(0)}));
  EXPECT_EQ(ike.protocol, ProtocolId::Ike);
  EXPECT_TRUE(ike.spis.empty());
  // count * size must be exactly the rest, both ways.
  EXPECT_EQ(refused(kD, cat({u8(3), u8(4), u16(3), u32(1), u32(2)})).kind,
            ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kD, cat({u8(3), u8(4), u16(1), u32(1), u32(2)})).kind,
            ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kD, cat({u8(3), u8(4), u16(0xFFFF)})).kind, ParseErrorKind::BadLength);
  // IKE with an SPI size, ESP with size 8, size 0 with a count.
  EXPECT_EQ(refused(kD, cat({u8(1), u8(8), u16(1), u64(1)})).kind, ParseErrorKind::BadField);
  EXPECT_EQ(refused(kD, cat({u8(3), u8(8), u16(1), u64(1)})).kind, ParseErrorKind::BadField);
  EXPECT_EQ(refused(kD, cat({u8(9), u8(0), u16(5)})).kind, ParseErrorKind::BadField);
}

TEST(IkePayloadParse, VendorIdAndEapAreOpaque) {
  EXPECT_EQ(parsed_as<VendorIdPayload>(kV, text("racoon2")).data, bytes(text("racoon2")));
  EXPECT_EQ(parsed_as<EapPayload>(kEAP, cat({u8(1), u8(7), u16(5), u8(1)})).message.size(), 5U);
}

TEST(IkePayloadParse, TrafficSelectorsIpv4AndIpv6) {
  const Wire v4 =
      cat({u8(7), u8(6), u16(16), u16(0), u16(65535), u32(0xC0000200), u32(0xC00002FF)});
  const Wire v6 = cat({u8(8), u8(0), u16(40), u16(500), u16(500), u32(0x20010DB8), u32(0), u32(0),
                       u32(0), u32(0x20010DB8), u32(0), u32(0), u32(0xFFFFFFFF)});
  const auto tsi = parsed_as<TsiPayload>(kTSi, cat({u8(2), fill(3, 0), v4, v6}));
  ASSERT_EQ(tsi.selectors.size(), 2U);
  const auto& a = std::get<AddressRange>(tsi.selectors[0]);
  EXPECT_EQ(a.ip_protocol, 6);
  EXPECT_EQ(a.start_port, 0);
  EXPECT_EQ(a.end_port, 65535);
  EXPECT_EQ(a.start, *addr::IpAddress::parse("192.0.2.0"));
  EXPECT_EQ(a.end, *addr::IpAddress::parse("192.0.2.255"));
  const auto& b = std::get<AddressRange>(tsi.selectors[1]);
  EXPECT_EQ(b.start_port, 500);
  EXPECT_EQ(b.start, *addr::IpAddress::parse("2001:db8::"));
  EXPECT_EQ(b.end, *addr::IpAddress::parse("2001:db8::ffff:ffff"));

  const auto tsr =
      parsed_as<TsrPayload>(kTSr, cat({u8(1), fill(3, 0), u8(10), u8(0), u16(6), u16(0xABCD)}));
  const auto& unknown = std::get<UnknownSelector>(tsr.selectors[0]);
  EXPECT_EQ(unknown.type, TsType{10});
  EXPECT_EQ(unknown.body, bytes(u16(0xABCD)));
}

TEST(IkePayloadParse, TrafficSelectorRefusals) {
  const Wire v4 = cat({u8(7), u8(0), u16(16), u16(0), u16(65535), u32(1), u32(2)});
  // Fixed lengths: 16 for IPv4, 40 for IPv6.
  Wire wrong = v4;
  wrong[3] = 40;
  EXPECT_EQ(refused(kTSi, cat({u8(1), fill(3, 0), wrong, fill(24, 0)})).kind,
            ParseErrorKind::BadLength);
  Wire v6_short = v4;
  v6_short[0] = 8;
  EXPECT_EQ(refused(kTSi, cat({u8(1), fill(3, 0), v6_short})).kind, ParseErrorKind::BadLength);
  // Count 2 with one selector; count 1 with two; a selector length below 4.
  EXPECT_EQ(refused(kTSi, cat({u8(2), fill(3, 0), v4})).kind, ParseErrorKind::Truncated);
  EXPECT_EQ(refused(kTSi, cat({u8(1), fill(3, 0), v4, v4})).kind, ParseErrorKind::TrailingBytes);
  EXPECT_EQ(refused(kTSr, cat({u8(1), fill(3, 0), u8(10), u8(0), u16(3)})).kind,
            ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kTSr, cat({u8(1), fill(2, 0)})).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, ConfigurationAttributes) {
  const auto cp = parsed_as<CpPayload>(
      kCP, cat({u8(1), fill(3, 0), u16(1), u16(0), u16(0x8000 | 3), u16(4), u32(0x08080808)}));
  EXPECT_EQ(cp.type, CfgType::Request);
  ASSERT_EQ(cp.attributes.size(), 2U);
  EXPECT_EQ(cp.attributes[0].type, CfgAttributeType::InternalIp4Address);
  EXPECT_TRUE(cp.attributes[0].value.empty());
  // The reserved top bit is dropped.
  EXPECT_EQ(cp.attributes[1].type, CfgAttributeType::InternalIp4Dns);
  EXPECT_EQ(cp.attributes[1].value, bytes(u32(0x08080808)));
  EXPECT_EQ(refused(kCP, cat({u8(2), fill(3, 0), u16(1), u16(5), u32(0)})).kind,
            ParseErrorKind::BadLength);
  EXPECT_EQ(refused(kCP, cat({u8(2), fill(3, 0), u16(1)})).kind, ParseErrorKind::Truncated);
}

TEST(IkePayloadParse, SkKeepsItsBodyAndInnerType) {
  const Wire chain = payload(kIDi, fill(48, 0xEE));
  auto parsed = parse_payload_chain(PayloadType::Sk, chain);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 1U);
  const auto& sk = std::get<SkPayload>(parsed->front());
  EXPECT_EQ(sk.first_inner, PayloadType::IdI);
  EXPECT_EQ(sk.body, bytes(fill(48, 0xEE)));
}

TEST(IkePayloadParse, UnknownPayloadKeepsCriticalBit) {
  auto critical = one(200, text("future"), true);
  ASSERT_TRUE(critical);
  EXPECT_EQ(std::get<UnknownPayload>(*critical),
            (UnknownPayload{PayloadType{200}, true, bytes(text("future"))}));
  auto plain = one(53, {}, false);
  ASSERT_TRUE(plain);
  EXPECT_EQ(std::get<UnknownPayload>(*plain), (UnknownPayload{PayloadType{53}, false, {}}));
  // The critical bit of a known payload is ignored (§2.5).
  auto known = one(kV, text("x"), true);
  ASSERT_TRUE(known);
  EXPECT_TRUE(std::holds_alternative<VendorIdPayload>(*known));
}

}  // namespace
}  // namespace rc::ikev2
