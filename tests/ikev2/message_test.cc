// parse_message / parse_payload_chain / encode_message: chains, the SK
// payload's place, truncation at every offset, lying length fields, and
// round trips of every payload type.
#include "ikev2/message.h"

#include <gtest/gtest.h>

#include "wire_bytes.h"

namespace rc::ikev2 {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace)

buf::Bytes bytes(const Wire& w) {
  return {w.begin(), w.end()};
}

std::vector<PayloadType> types(const std::vector<Payload>& payloads) {
  std::vector<PayloadType> out;
  out.reserve(payloads.size());
  for (const Payload& p : payloads) out.push_back(payload_type(p));
  return out;
}

// A message holding one of every payload type (outside any exchange's
// rules: this is about the codec).
Message every_payload() {
  Message m;
  m.header.initiator_spi = kSpiI;
  m.header.responder_spi = kSpiR;
  m.header.exchange = ExchangeType::Informational;
  m.header.initiator = true;
  m.header.message_id = 9;
  Proposal ike{1, ProtocolId::Ike, {}, {}};
  ike.transforms.push_back(Transform{TransformType::Encr, 12, {TransformAttribute{}}});
  ike.transforms.back().attributes.back().value = 256;
  ike.transforms.push_back(Transform{TransformType::Dh, 31, {}});
  Proposal esp{2, ProtocolId::Esp, bytes(u32(0x01020304)), {}};
  esp.transforms.push_back(
      Transform{TransformType::Encr, 20, {TransformAttribute{200, false, 0, bytes(text("xy"))}}});
  m.payloads.emplace_back(SaPayload{{ike, esp}});
  m.payloads.emplace_back(KePayload{31, bytes(fill(32, 9))});
  m.payloads.emplace_back(IdiPayload{IdType::Fqdn, bytes(text("a.example"))});
  m.payloads.emplace_back(IdrPayload{IdType::Ipv6Addr, bytes(fill(16, 1))});
  m.payloads.emplace_back(CertPayload{CertEncoding::X509Signature, bytes(fill(5, 3))});
  m.payloads.emplace_back(CertReqPayload{CertEncoding::X509Signature, bytes(fill(20, 4))});
  m.payloads.emplace_back(AuthPayload{AuthMethod::SharedKeyMic, bytes(fill(32, 5))});
  m.payloads.emplace_back(NoncePayload{bytes(fill(16, 6))});
  m.payloads.emplace_back(
      NotifyPayload{ProtocolId::Esp, bytes(u32(7)), NotifyType::RekeySa, bytes(text("d"))});
  m.payloads.emplace_back(DeletePayload{ProtocolId::Esp, 4, {bytes(u32(1)), bytes(u32(2))}});
  m.payloads.emplace_back(VendorIdPayload{bytes(text("racoon2"))});
  TsiPayload tsi;
  tsi.selectors.emplace_back(AddressRange{17, 500, 500, *addr::IpAddress::parse("10.0.0.1"),
                                          *addr::IpAddress::parse("10.0.0.9")});
  tsi.selectors.emplace_back(AddressRange{0, 0, 65535, *addr::IpAddress::parse("2001:db8::"),
                                          *addr::IpAddress::parse("2001:db8::ff")});
  m.payloads.emplace_back(std::move(tsi));
  TsrPayload tsr;
  tsr.selectors.emplace_back(UnknownSelector{TsType{10}, 0, bytes(text("label"))});
  m.payloads.emplace_back(std::move(tsr));
  m.payloads.emplace_back(
      CpPayload{CfgType::Reply,
                {CfgAttribute{CfgAttributeType::InternalIp4Address, bytes(u32(0x0A000001))}}});
  m.payloads.emplace_back(EapPayload{bytes(cat({u8(1), u8(1), u16(4)}))});
  m.payloads.emplace_back(UnknownPayload{PayloadType{150}, true, bytes(text("?"))});
  m.payloads.emplace_back(SkPayload{PayloadType::Notify, bytes(fill(40, 0xEE))});
  return m;
}

TEST(IkeMessage, ParsesAnIkeSaInitRequest) {
  const Wire wire = ike_sa_init_request();
  auto parsed = parse_message(wire);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->header.exchange, ExchangeType::IkeSaInit);
  EXPECT_EQ(parsed->header.responder_spi, 0U);
  EXPECT_EQ(types(parsed->payloads),
            (std::vector{PayloadType::Sa, PayloadType::Ke, PayloadType::Nonce, PayloadType::Notify,
                         PayloadType::Notify}));
  const auto* ke = find_first<KePayload>(parsed->payloads);
  ASSERT_NE(ke, nullptr);
  EXPECT_EQ(ke->group, 14);
  EXPECT_EQ(ke->data.size(), 256U);
  EXPECT_NE(find_notify(parsed->payloads, NotifyType::NatDetectionDestinationIp), nullptr);
  EXPECT_EQ(find_notify(parsed->payloads, NotifyType::Cookie), nullptr);
  // RESERVED octets are zero in the vector, so the encoding is byte-exact.
  auto encoded = encode_message(*parsed);
  ASSERT_TRUE(encoded) << encoded.error().message;
  EXPECT_EQ(*encoded, bytes(wire));
}

TEST(IkeMessage, EncodesAnIkeAuthRequestAsTheDiagramSays) {
  Message m;
  m.header.initiator_spi = kSpiI;
  m.header.responder_spi = kSpiR;
  m.header.exchange = ExchangeType::IkeAuth;
  m.header.initiator = true;
  m.header.message_id = 1;
  m.payloads.emplace_back(SkPayload{PayloadType::IdI, bytes(fill(64, 0xC3))});
  auto encoded = encode_message(m);
  ASSERT_TRUE(encoded);
  const Wire expected = message(kSK, kIkeAuth, kI, 1, payload(kIDi, fill(64, 0xC3)));
  EXPECT_EQ(*encoded, bytes(expected));
}

TEST(IkeMessage, EveryPayloadTypeRoundTrips) {
  const Message m = every_payload();
  auto encoded = encode_message(m);
  ASSERT_TRUE(encoded) << encoded.error().message;
  auto parsed = parse_message(*encoded);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, m);
  auto again = encode_message(*parsed);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *encoded);
}

TEST(IkeMessage, DecryptedChainRoundTrips) {
  std::vector<Payload> inner = every_payload().payloads;
  inner.pop_back();  // the SK
  auto plain = encode_payload_chain(inner);
  ASSERT_TRUE(plain);
  auto parsed = parse_payload_chain(first_type(inner), *plain);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, inner);
  EXPECT_EQ(first_type({}), PayloadType::None);
  auto empty = parse_payload_chain(PayloadType::None, {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(IkeMessage, SkEndsTheChainAndMustBeLast) {
  // SK whose Next Payload (IDi) is its first inner payload, then 8 octets
  // that no length field accounts for.
  const Wire sk_then_more = cat({payload(kIDi, fill(32, 1)), payload(kNone, text("tail"))});
  auto parsed = parse_message(message(kSK, kIkeAuth, kI, 1, sk_then_more));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::TrailingBytes);
  EXPECT_EQ(parsed.error().offset, 28U + 36U);

  Message m = every_payload();
  std::swap(m.payloads.back(), m.payloads.front());
  EXPECT_FALSE(encode_message(m));
}

TEST(IkeMessage, ChainMustFillTheMessage) {
  // Next Payload 0 with bytes left over.
  const Wire extra = cat({payload(kNone, text("vendor")), fill(4, 0)});
  auto parsed = parse_message(message(kV, kInformational, kI, 1, extra));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::TrailingBytes);
  // Next Payload says more, but the message ends.
  auto cut = parse_message(message(kV, kInformational, kI, 1, payload(kV, text("vendor"))));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().kind, ParseErrorKind::Truncated);
  // First payload None with bytes after the header.
  auto none = parse_message(message(kNone, kInformational, kI, 1, payload(kNone, {})));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ParseErrorKind::TrailingBytes);
}

TEST(IkeMessage, PayloadLengthLies) {
  const Wire good = ike_sa_init_request();
  // The SA payload's length field is at 28 + 2.
  for (const int lie : {0, 1, 2, 3}) {
    Wire wire = good;
    wire[30] = 0;
    wire[31] = static_cast<std::uint8_t>(lie);
    auto parsed = parse_message(wire);
    ASSERT_FALSE(parsed) << lie;
    EXPECT_EQ(parsed.error().kind, ParseErrorKind::BadLength) << lie;
    EXPECT_EQ(parsed.error().offset, 28U) << lie;
  }
  Wire past = good;
  past[30] = 0xFF;
  past[31] = 0xFF;
  auto parsed = parse_message(past);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().kind, ParseErrorKind::BadLength);
  // Every other value of the SA length either fails or still parses into
  // something that re-encodes (it never reads outside the message).
  for (unsigned value = 0; value <= 0xFFFF; value += 7) {
    Wire wire = good;
    wire[30] = static_cast<std::uint8_t>(value >> 8U);
    wire[31] = static_cast<std::uint8_t>(value);
    auto result = parse_message(wire);
    if (result) {
      EXPECT_TRUE(encode_message(*result)) << value;
    }
  }
}

TEST(IkeMessage, TruncationAtEveryOffsetFailsCleanly) {
  const Message m = every_payload();
  auto encoded = encode_message(m);
  ASSERT_TRUE(encoded);
  const buf::Bytes& full = *encoded;
  for (std::size_t n = 0; n < full.size(); ++n) {
    // The datagram cut short as it is (header length now lies) ...
    const std::span<const std::uint8_t> prefix(full.data(), n);
    auto cut = parse_message(prefix);
    ASSERT_FALSE(cut) << n;
    EXPECT_FALSE(cut.error().message.empty());
    EXPECT_LE(cut.error().offset, n);
    if (n < kHeaderSize) continue;
    // ... and with the header length fixed to the cut, so the payload
    // parser itself meets the end.
    buf::Bytes fixed(prefix.begin(), prefix.end());
    fixed[24] = static_cast<std::uint8_t>(n >> 24U);
    fixed[25] = static_cast<std::uint8_t>(n >> 16U);
    fixed[26] = static_cast<std::uint8_t>(n >> 8U);
    fixed[27] = static_cast<std::uint8_t>(n);
    auto inner = parse_message(fixed);
    ASSERT_FALSE(inner) << n;
    EXPECT_LE(inner.error().offset, n) << n;
    // The chain alone, as if it were decrypted SK contents.
    auto chain = parse_payload_chain(PayloadType::Sa, prefix.subspan(kHeaderSize));
    EXPECT_FALSE(chain) << n;
  }
}

TEST(IkeMessage, VersionsOtherThanTwoAreNotParsed) {
  const Wire v3 = cat({header(kV, kInformational, kI, 1, 0, kSpiI, kSpiR, 0x30)});
  auto three = parse_message(v3);
  ASSERT_FALSE(three);
  EXPECT_EQ(three.error().kind, ParseErrorKind::UnsupportedVersion);
  const Wire v1 = cat({header(kV, 5, 0, 1, 0, kSpiI, kSpiR, 0x10)});
  auto one = parse_message(v1);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().kind, ParseErrorKind::NotIkev2);
  // Minor versions are kept, not judged.
  auto minor = parse_message(header(kNone, kInformational, kI, 1, 0, kSpiI, kSpiR, 0x2F));
  ASSERT_TRUE(minor);
  EXPECT_EQ(minor->header.minor_version, 15);
}

TEST(IkeMessage, EncoderRefusesWhatTheParserWould) {
  const auto refuses = [](Payload p) {
    Message m;
    m.payloads.push_back(std::move(p));
    return !encode_message(m);
  };
  EXPECT_TRUE(refuses(NoncePayload{bytes(fill(15, 0))}));
  EXPECT_TRUE(refuses(NoncePayload{bytes(fill(257, 0))}));
  EXPECT_TRUE(refuses(SaPayload{}));
  EXPECT_TRUE(refuses(SaPayload{{Proposal{1, ProtocolId::Esp, {}, {}}}}));
  EXPECT_TRUE(refuses(SaPayload{
      {Proposal{1,
                ProtocolId::Ike,
                {},
                {Transform{TransformType::Encr, 12, {TransformAttribute{14, false, 0, {}}}}}}}}));
  EXPECT_TRUE(refuses(DeletePayload{ProtocolId::Esp, 4, {bytes(u16(1))}}));
  EXPECT_TRUE(refuses(DeletePayload{ProtocolId::Ike, 0, {bytes({})}}));
  EXPECT_TRUE(refuses(UnknownPayload{PayloadType::Notify, false, {}}));
  EXPECT_TRUE(refuses(UnknownPayload{PayloadType::None, false, {}}));
  EXPECT_TRUE(refuses(TsiPayload{{AddressRange{0, 0, 0, *addr::IpAddress::parse("10.0.0.1"),
                                               *addr::IpAddress::parse("::1")}}}));
  EXPECT_TRUE(refuses(TsiPayload{{UnknownSelector{TsType::Ipv4AddrRange, 0, {}}}}));
  EXPECT_TRUE(refuses(TsrPayload{std::vector<TrafficSelector>(256, AddressRange{})}));
  EXPECT_TRUE(
      refuses(NotifyPayload{ProtocolId::Esp, bytes(fill(256, 0)), NotifyType::RekeySa, {}}));
  EXPECT_TRUE(refuses(VendorIdPayload{bytes(fill(0xFFFF - 3, 0))}));
  EXPECT_FALSE(refuses(VendorIdPayload{bytes(fill(0xFFFF - 4, 0))}));
  EXPECT_TRUE(refuses(CpPayload{CfgType::Request, {CfgAttribute{CfgAttributeType{0x8001}, {}}}}));
}

}  // namespace
}  // namespace rc::ikev2
