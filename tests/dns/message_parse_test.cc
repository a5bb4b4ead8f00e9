// parse_message on whole messages: records and their decoded rdata, the
// OPT record, count checks, truncation at every offset, trailing bytes and
// the error messages. Messages are assembled by hand (wire_bytes.h).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "dns/message.h"
#include "wire_bytes.h"

namespace rc::dns {
namespace {

using test::cat;
using test::header;
using test::kRoot;
using test::label;
using test::ptr;
using test::rr_fixed;
using test::u16;
using test::u32;
using test::Wire;

constexpr std::uint16_t kA = 1;
constexpr std::uint16_t kCname = 5;
constexpr std::uint16_t kSoa = 6;
constexpr std::uint16_t kTxt = 16;
constexpr std::uint16_t kAaaa = 28;
constexpr std::uint16_t kOpt = 41;
constexpr std::uint16_t kClassCh = 3;
constexpr std::uint16_t kResponse = 0x8180;  // QR RD RA, NOERROR

// The question "www.example.com. A IN" at offset 12; "example.com." is at
// 16 and "com." at 24.
Wire question_www() {
  return cat({label("www"), label("example"), label("com"), kRoot, u16(kA), u16(kClassIn)});
}

// An answer with a CNAME chain www.example.com -> a.example.net ->
// b.example.net, whose A record is 192.0.2.7, every name compressed, and
// an OPT record advertising 1232.
Wire cname_chain_answer() {
  // 12 question www.example.com. (21 bytes)
  // 33 answer 1: owner ptr 12, CNAME rdata "a" "example" "net" 0 (15 bytes) at 45
  // 60 answer 2: owner ptr 45, CNAME rdata "b" ptr 47 (4 bytes) at 72
  // 76 answer 3: owner ptr 72, A 192.0.2.7 at 88
  // 92 additional 1: OPT, to 103
  return cat({header(0xbeef, kResponse, 1, 3, 0, 1), question_www(), ptr(12),
              rr_fixed(kCname, kClassIn, 300, 15), label("a"), label("example"), label("net"),
              kRoot, ptr(45), rr_fixed(kCname, kClassIn, 200, 4), label("b"), ptr(47), ptr(72),
              rr_fixed(kA, kClassIn, 100, 4), Wire{192, 0, 2, 7}, kRoot,
              rr_fixed(kOpt, 1232, 0, 0)});
}

// NXDOMAIN for www.example.com with the zone's SOA in the authority
// section (RFC 2308 §3), MNAME and RNAME compressed against the question.
Wire nxdomain_answer(std::uint16_t soa_rdlength = 0, const Wire& extra = {}) {
  // 33 authority 1: owner ptr 16 (example.com.), SOA rdata at 45:
  //    MNAME "ns" ptr 16, RNAME "hostmaster" ptr 16, five numbers
  const Wire rdata = cat({label("ns"), ptr(16), label("hostmaster"), ptr(16), u32(2024010101),
                          u32(7200), u32(900), u32(1209600), u32(3600), extra});
  const auto rdlength = soa_rdlength != 0 ? soa_rdlength : static_cast<std::uint16_t>(rdata.size());
  return cat({header(7, 0x8183, 1, 0, 1, 0), question_www(), ptr(16),
              rr_fixed(kSoa, kClassIn, 900, rdlength), rdata});
}

TEST(DnsParse, CnameChainWithCompression) {
  const Wire wire = cname_chain_answer();
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->id, 0xbeef);
  EXPECT_TRUE(message->flags.qr);
  EXPECT_TRUE(message->flags.rd);
  EXPECT_TRUE(message->flags.ra);
  EXPECT_EQ(message->flags.rcode, 0);
  ASSERT_EQ(message->questions.size(), 1U);
  EXPECT_EQ(message->questions[0], (Question{"www.example.com.", kA, kClassIn}));
  ASSERT_EQ(message->answers.size(), 3U);

  const auto& first = message->answers[0];
  EXPECT_EQ(first.name, "www.example.com.");
  EXPECT_EQ(first.type, kCname);
  EXPECT_EQ(first.ttl, 300U);
  EXPECT_EQ(first.target, "a.example.net.");
  EXPECT_EQ(first.rdata.size(), 15U);
  EXPECT_EQ(first.rdata.data(), wire.data() + 45);  // a view into the message
  EXPECT_FALSE(first.address);

  EXPECT_EQ(message->answers[1].name, "a.example.net.");
  EXPECT_EQ(message->answers[1].target, "b.example.net.");

  const auto& last = message->answers[2];
  EXPECT_EQ(last.name, "b.example.net.");
  EXPECT_EQ(last.type, kA);
  EXPECT_EQ(last.ttl, 100U);
  ASSERT_TRUE(last.address);
  EXPECT_EQ(last.address->to_string(), "192.0.2.7");
  EXPECT_FALSE(last.target);

  EXPECT_TRUE(message->authority.empty());
  EXPECT_TRUE(message->additional.empty());  // the OPT record is not kept
  EXPECT_EQ(message->edns_udp_size, 1232);
}

TEST(DnsParse, Aaaa) {
  const Wire address{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
  const Wire wire = cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                         rr_fixed(kAaaa, kClassIn, 60, 16), address});
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_TRUE(message->answers.at(0).address);
  EXPECT_EQ(message->answers[0].address->to_string(), "2001:db8::42");
  EXPECT_FALSE(message->edns_udp_size);
}

TEST(DnsParse, SoaInANegativeAnswer) {
  auto message = parse_message(nxdomain_answer());
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->flags.rcode, static_cast<std::uint8_t>(Rcode::NxDomain));
  EXPECT_TRUE(message->answers.empty());
  ASSERT_EQ(message->authority.size(), 1U);
  const auto& soa = message->authority[0];
  EXPECT_EQ(soa.name, "example.com.");
  EXPECT_EQ(soa.type, kSoa);
  EXPECT_EQ(soa.ttl, 900U);
  EXPECT_EQ(soa.soa_minimum, 3600U);
}

TEST(DnsParse, SoaOfTheWrongShapeIsABadRecord) {
  // One byte more than the five numbers.
  auto longer = parse_message(nxdomain_answer(0, Wire{0}));
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().kind, ParseErrorKind::BadRecord);
  EXPECT_EQ(longer.error().message,
            "authority 1: SOA rdata: 21 bytes after the names at 63, not 20");

  // An rdlength one short: the message then has a trailing byte, but the
  // record is wrong first.
  const Wire full = nxdomain_answer();
  const auto rdlength = static_cast<std::uint16_t>(full.size() - 45 - 1);
  auto shorter = parse_message(nxdomain_answer(rdlength));
  ASSERT_FALSE(shorter);
  EXPECT_EQ(shorter.error().kind, ParseErrorKind::BadRecord);

  // An rdlength that ends inside MNAME.
  auto inside_name = parse_message(nxdomain_answer(3));
  ASSERT_FALSE(inside_name);
  EXPECT_EQ(inside_name.error().kind, ParseErrorKind::BadRecord);
  EXPECT_EQ(inside_name.error().message.rfind("authority 1: SOA MNAME: ", 0), 0U)
      << inside_name.error().message;
}

TEST(DnsParse, SoaNamesFollowThePointerRules) {
  // MNAME is a pointer to RNAME, which comes after it.
  const Wire rdata = cat({ptr(47), label("h"), kRoot, u32(1), u32(2), u32(3), u32(4), u32(5)});
  const Wire wire =
      cat({header(7, 0x8183, 1, 0, 1, 0), question_www(), ptr(16),
           rr_fixed(kSoa, kClassIn, 900, static_cast<std::uint16_t>(rdata.size())), rdata});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(message.error().message,
            "authority 1: SOA MNAME: compression pointer at 45 points forward to 47");
}

TEST(DnsParse, CnameMustFillItsRdata) {
  const Wire extra = cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                          rr_fixed(kCname, kClassIn, 1, 4), ptr(16), Wire{0, 0}});
  auto message = parse_message(extra);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::BadRecord);
  EXPECT_EQ(message.error().message, "answer 1: CNAME rdata: 2 bytes after the target name at 47");

  // The target's labels run past the rdata (into the next bytes).
  const Wire overrun = cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                            rr_fixed(kCname, kClassIn, 1, 2), label("abc"), kRoot});
  auto over = parse_message(overrun);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().kind, ParseErrorKind::BadRecord);
}

TEST(DnsParse, AddressRdataOfTheWrongLength) {
  for (const auto& [type, length] : {std::pair{kA, 3}, std::pair{kA, 5}, std::pair{kAaaa, 4},
                                     std::pair{kAaaa, 15}, std::pair{kAaaa, 17}}) {
    const Wire wire = cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                           rr_fixed(type, kClassIn, 1, static_cast<std::uint16_t>(length)),
                           Wire(static_cast<std::size_t>(length), 1)});
    auto message = parse_message(wire);
    ASSERT_FALSE(message) << type << "/" << length;
    EXPECT_EQ(message.error().kind, ParseErrorKind::BadRecord);
    EXPECT_EQ(message.error().offset, 45U);
  }
  auto a3 = parse_message(cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                               rr_fixed(kA, kClassIn, 1, 3), Wire{1, 2, 3}}));
  ASSERT_FALSE(a3);
  EXPECT_EQ(a3.error().message, "answer 1: A rdata: 3 bytes at 45, not 4");
}

TEST(DnsParse, OtherClassesKeepAddressRdataRaw) {
  // A CHAOS-class A record has a different rdata layout; it is not decoded.
  const Wire wire = cat({header(1, kResponse, 1, 1, 0, 0), question_www(), ptr(12),
                         rr_fixed(kA, kClassCh, 1, 5), Wire{1, 2, 3, 4, 5}});
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_FALSE(message->answers.at(0).address);
  EXPECT_EQ(message->answers[0].rdata.size(), 5U);
}

TEST(DnsParse, TtlWithTheTopBitSetCountsAsZero) {
  const Wire wire = cat({header(1, kResponse, 1, 2, 0, 0), question_www(), ptr(12),
                         rr_fixed(kA, kClassIn, 0x80000001U, 4), Wire{1, 2, 3, 4}, ptr(12),
                         rr_fixed(kA, kClassIn, 0x7fffffffU, 4), Wire{1, 2, 3, 5}});
  auto message = parse_message(wire);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->answers.at(0).ttl, 0U);
  EXPECT_EQ(message->answers.at(1).ttl, 0x7fffffffU);
}

TEST(DnsParse, OptRules) {
  const Wire base = cat({header(1, 0x0100, 1, 0, 0, 2), question_www()});
  auto two = parse_message(
      cat({base, kRoot, rr_fixed(kOpt, 1232, 0, 0), kRoot, rr_fixed(kOpt, 4096, 0, 0)}));
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().kind, ParseErrorKind::TooManyOpt);
  EXPECT_EQ(two.error().offset, 44U);

  // Below 512 reads as 512; a non-OPT additional record is kept.
  auto small = parse_message(cat({base, kRoot, rr_fixed(kOpt, 100, 0, 0), ptr(12),
                                  rr_fixed(kA, kClassIn, 5, 4), Wire{10, 0, 0, 1}}));
  ASSERT_TRUE(small) << small.error().message;
  EXPECT_EQ(small->edns_udp_size, 512);
  ASSERT_EQ(small->additional.size(), 1U);
  EXPECT_EQ(small->additional[0].type, kA);

  auto named = parse_message(
      cat({header(1, 0x0100, 1, 0, 0, 1), question_www(), ptr(12), rr_fixed(kOpt, 1232, 0, 0)}));
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().kind, ParseErrorKind::BadRecord);

  auto in_answer = parse_message(
      cat({header(1, kResponse, 1, 1, 0, 0), question_www(), kRoot, rr_fixed(kOpt, 1232, 0, 0)}));
  ASSERT_FALSE(in_answer);
  EXPECT_EQ(in_answer.error().kind, ParseErrorKind::BadRecord);
}

TEST(DnsParse, HugeCountsFailFastAndCheaply) {
  for (const Wire& wire : {header(1, 0, 65535, 0, 0, 0), header(1, 0, 0, 65535, 65535, 65535),
                           cat({header(1, 0, 5, 0, 0, 0), question_www()}),
                           cat({header(1, 0, 1, 3, 0, 0), question_www(), Wire(10, 0)})}) {
    const auto start = std::chrono::steady_clock::now();
    auto message = parse_message(wire);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(message);
    EXPECT_EQ(message.error().kind, ParseErrorKind::Truncated);
    EXPECT_EQ(message.error().offset, kHeaderSize);
    EXPECT_LT(elapsed, std::chrono::milliseconds(50));
  }
  auto message = parse_message(header(1, 0, 65535, 0, 0, 0));
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().message,
            "counts (qd 65535, an 0, ns 0, ar 0) need at least 327675 bytes after the header, "
            "the message has 0");
}

TEST(DnsParse, EveryTruncationFailsCleanly) {
  for (const Wire& whole : {cname_chain_answer(), nxdomain_answer()}) {
    ASSERT_TRUE(parse_message(whole));
    for (std::size_t size = 0; size < whole.size(); ++size) {
      // An exact-size copy, so ASan sees any read past the end.
      const Wire prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
      auto message = parse_message(prefix);
      ASSERT_FALSE(message) << "prefix of " << size;
      EXPECT_EQ(message.error().kind, ParseErrorKind::Truncated)
          << size << ": " << message.error().message;
      EXPECT_LE(message.error().offset, size);
    }
  }
}

TEST(DnsParse, TrailingBytes) {
  const Wire wire = cat({cname_chain_answer(), Wire{0, 0, 0}});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::TrailingBytes);
  EXPECT_EQ(message.error().offset, cname_chain_answer().size());
  EXPECT_EQ(message.error().message, "3 bytes after the last record, at 103");
}

TEST(DnsParse, ErrorNamesTheRecordAndTheOffset) {
  //  12 question "a." A IN; 19 answer 1 TXT with 14 bytes of rdata;
  //  45 answer 2 owner: a pointer to 60.
  const Wire wire =
      cat({header(1, kResponse, 1, 2, 0, 0), label("a"), kRoot, u16(kA), u16(kClassIn), ptr(12),
           rr_fixed(kTxt, kClassIn, 1, 14), label("thirteen char"), ptr(60),
           rr_fixed(kA, kClassIn, 1, 4), Wire{1, 2, 3, 4}});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(message.error().offset, 45U);
  EXPECT_EQ(message.error().message,
            "answer 2: name: compression pointer at 45 points forward to 60");
}

TEST(DnsParse, HeaderOnly) {
  auto message = parse_message(header(0x1234, 0x8380, 0, 0, 0, 0));
  ASSERT_TRUE(message);
  EXPECT_EQ(message->id, 0x1234);
  EXPECT_TRUE(message->flags.tc);
  EXPECT_TRUE(message->questions.empty());

  auto too_short = parse_message(Wire(11, 0));
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().kind, ParseErrorKind::Truncated);
}

TEST(DnsParse, KindNames) {
  EXPECT_EQ(to_string(ParseErrorKind::Truncated), "truncated");
  EXPECT_EQ(to_string(ParseErrorKind::PointerLoop), "compression pointer loop");
  EXPECT_EQ(to_string(ParseErrorKind::TooManyOpt), "more than one OPT record");
}

}  // namespace
}  // namespace rc::dns
