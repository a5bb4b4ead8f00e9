// Names: decompression (RFC 1035 §4.1.4) and its loop-proof pointer rule,
// the 63/255-octet limits, the text form (case folding, escapes), and
// encode_name. Messages are assembled by hand (wire_bytes.h).
#include <gtest/gtest.h>

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
using test::Wire;

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kOpaqueType = 0xFF00;  // private use: rdata kept raw

// A query whose question names are `names` back to back (type A, IN).
Wire questions(std::initializer_list<Wire> names) {
  Wire out = header(1, 0, static_cast<std::uint16_t>(names.size()), 0, 0, 0);
  for (const Wire& name : names) out = cat({out, name, u16(kTypeA), u16(kClassIn)});
  return out;
}

Result<Name, ParseError> one_name(const Wire& name) {
  auto message = parse_message(questions({name}));
  if (!message) return fail(message.error());
  return message->questions.at(0).name;
}

TEST(DnsName, Rfc1035CompressionExample) {
  // RFC 1035 §4.1.4's names and pointer structure (F.ISI.ARPA written out,
  // FOO.F.ISI.ARPA as FOO + pointer to it, ARPA as a pointer to the ARPA
  // label inside it, and the root) laid out as four questions; the
  // offsets differ from the RFC's figure because questions have fields
  // between the names.
  const Wire wire = questions({
      cat({label("F"), label("ISI"), label("ARPA"), kRoot}),  // at 12; ARPA at 18
      cat({label("FOO"), ptr(12)}),                           // at 28
      ptr(18),                                                // at 38
      kRoot,                                                  // at 44
  });
  ASSERT_EQ(wire.size(), 49U);
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  ASSERT_EQ(message->questions.size(), 4U);
  EXPECT_EQ(message->questions[0].name, "f.isi.arpa.");
  EXPECT_EQ(message->questions[1].name, "foo.f.isi.arpa.");
  EXPECT_EQ(message->questions[2].name, "arpa.");
  EXPECT_EQ(message->questions[3].name, ".");
  for (const auto& question : message->questions) {
    EXPECT_EQ(question.type, kTypeA);
    EXPECT_EQ(question.klass, kClassIn);
  }
}

TEST(DnsName, SelfPointerIsALoop) {
  auto name = one_name(ptr(12));
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(name.error().offset, 12U);
  EXPECT_EQ(name.error().message, "question 1: name: compression pointer at 12 points to itself");
}

TEST(DnsName, ForwardPointerIsRefused) {
  // The pointer at 12 points at a real name at 18: still refused, as a
  // forward pointer could close a loop.
  const Wire wire = questions({ptr(18), cat({label("a"), kRoot})});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(message.error().message,
            "question 1: name: compression pointer at 12 points forward to 18");
}

TEST(DnsName, PointerBackIntoItsOwnLabelsIsALoop) {
  // "b" then a pointer to the "b": before the pointer, but not before the
  // name, so following it would repeat forever.
  auto name = one_name(cat({label("b"), ptr(12)}));
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(name.error().offset, 14U);
}

TEST(DnsName, TwoPointersAtEachOtherAreALoop) {
  // Answer 1 is an opaque record whose rdata (at 23) is a pointer to 25;
  // answer 2's owner name at 25 is a pointer to 23. The first hop (25 -> 23)
  // points backwards; the second (23 -> 25) must be refused.
  const Wire wire = cat({header(1, 0x8000, 0, 2, 0, 0), kRoot, rr_fixed(kOpaqueType, 1, 0, 2),
                         ptr(25), ptr(23), rr_fixed(kOpaqueType, 1, 0, 0)});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::PointerLoop);
  EXPECT_EQ(message.error().offset, 23U);
  EXPECT_EQ(message.error().message,
            "answer 2: name: compression pointer at 23 points forward to 25");
}

// An opaque record whose rdata is a chain of `links` pointers, each to the
// one before it (the first to a root label at 12 in the question), then
// an answer whose owner is a pointer to the last link.
Wire pointer_chain(std::size_t links) {
  Wire chain;
  const std::size_t rdata_start = 12 + 5 + 11;  // question ".", then answer 1's root owner
  for (std::size_t i = 0; i < links; ++i) {
    chain = cat({chain, ptr(static_cast<std::uint16_t>(i == 0 ? 12 : rdata_start + 2 * (i - 1)))});
  }
  const auto last = static_cast<std::uint16_t>(rdata_start + 2 * (links - 1));
  return cat({header(1, 0x8000, 1, 2, 0, 0), kRoot, u16(kTypeA), u16(kClassIn), kRoot,
              rr_fixed(kOpaqueType, 1, 0, static_cast<std::uint16_t>(chain.size())), chain,
              ptr(last), rr_fixed(kOpaqueType, 1, 0, 0)});
}

TEST(DnsName, PointerHopsAreBounded) {
  auto within = parse_message(pointer_chain(100));  // 101 hops
  ASSERT_TRUE(within) << within.error().message;
  EXPECT_EQ(within->answers.at(1).name, ".");

  auto beyond = parse_message(pointer_chain(127));  // 128 hops
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().kind, ParseErrorKind::PointerLoop);
}

TEST(DnsName, PointerIntoTheHeaderIsRefused) {
  // A pointer to the counts, which would read as labels.
  const Wire wire = cat({header(1, 0x8000, 0, 1, 0, 0), ptr(4), rr_fixed(kOpaqueType, 1, 0, 0)});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::BadName);
}

TEST(DnsName, LabelOf63OctetsIsTheLimit) {
  const std::string max(63, 'x');
  auto name = one_name(cat({label(max), kRoot}));
  ASSERT_TRUE(name) << name.error().message;
  EXPECT_EQ(*name, max + ".");

  // A 64-octet label cannot be expressed: its length byte 0x40 is the
  // reserved label type 01.
  Wire too_long = cat({label(std::string(64, 'x')), kRoot});
  auto refused = one_name(too_long);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ParseErrorKind::BadName);
  EXPECT_EQ(refused.error().message, "question 1: name: reserved label type 0x40 at 12");
}

TEST(DnsName, ReservedLabelTypeTenIsRefused) {
  Wire wire = questions({cat({label("a"), Wire{0x80, 0x01}, kRoot})});
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::BadName);
  EXPECT_EQ(message.error().offset, 14U);
}

// Three 63-octet labels and one of `last` octets: 3 * 64 + 1 + last + 1
// wire octets.
Wire long_name(std::size_t last) {
  const std::string full(63, 'a');
  return cat({label(full), label(full), label(full), label(std::string(last, 'b')), kRoot});
}

TEST(DnsName, NameOf255OctetsIsTheLimit) {
  ASSERT_EQ(long_name(61).size(), 255U);
  auto name = one_name(long_name(61));
  ASSERT_TRUE(name) << name.error().message;
  EXPECT_EQ(name->size(), 254U);  // 253 characters and the trailing dot

  ASSERT_EQ(long_name(62).size(), 256U);
  auto refused = one_name(long_name(62));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ParseErrorKind::BadName);
}

TEST(DnsName, LengthLimitCountsLabelsReachedThroughPointers) {
  // 193 octets written out, then another name of 64 octets in place plus
  // a pointer to those 193: 257 octets in all once expanded.
  const std::string full(63, 'a');
  const Wire first = cat({label(full), label(full), label(full), kRoot});  // at 12
  const Wire second = cat({label(std::string(63, 'c')), ptr(12)});
  auto message = parse_message(questions({first, second}));
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::BadName);
}

TEST(DnsName, CaseIsFoldedAndOddBytesEscaped) {
  const Wire wire = questions({cat({label("WwW"), label("Ex_Am-Ple"), label("COM"), kRoot}),
                               cat({label("a.b"), label(std::string("\x00 \\\xff", 4)), kRoot})});
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->questions[0].name, "www.ex_am-ple.com.");
  EXPECT_EQ(message->questions[1].name, "a\\.b.\\000\\032\\092\\255.");
}

TEST(DnsName, NameRunningOffTheEndIsTruncated) {
  Wire wire = cat({header(1, 0, 1, 0, 0, 0), label("abc")});
  wire.resize(wire.size() + 4);  // enough bytes for the count check
  wire[wire.size() - 4] = 10;    // a label longer than what is left
  auto message = parse_message(wire);
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, ParseErrorKind::Truncated);
}

TEST(DnsEncodeName, WithAndWithoutTrailingDot) {
  const Wire expected{1, 'a', 1, 'b', 0};
  auto plain = encode_name("a.b");
  auto dotted = encode_name("a.b.");
  ASSERT_TRUE(plain);
  ASSERT_TRUE(dotted);
  EXPECT_EQ(*plain, expected);
  EXPECT_EQ(*dotted, expected);
}

TEST(DnsEncodeName, RootAndCaseKept) {
  auto root = encode_name(".");
  ASSERT_TRUE(root);
  EXPECT_EQ(*root, Wire{0});
  auto mixed = encode_name("Ab.C");
  ASSERT_TRUE(mixed);
  EXPECT_EQ(*mixed, (Wire{2, 'A', 'b', 1, 'C', 0}));
}

TEST(DnsEncodeName, EmptyLabelsAreRefused) {
  for (const char* text : {"", "a..b", ".a", "a..", ".."}) {
    auto encoded = encode_name(text);
    ASSERT_FALSE(encoded) << text;
    EXPECT_EQ(encoded.error().kind, ParseErrorKind::BadName) << text;
  }
}

TEST(DnsEncodeName, LabelAndNameLimits) {
  const std::string l63(63, 'a');
  EXPECT_TRUE(encode_name(l63 + ".b"));
  auto l64 = encode_name(std::string(64, 'a') + ".b");
  ASSERT_FALSE(l64);
  EXPECT_EQ(l64.error().kind, ParseErrorKind::BadName);

  const std::string n255 = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b');
  auto at_limit = encode_name(n255);
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->size(), 255U);
  EXPECT_EQ(*at_limit, long_name(61));
  EXPECT_FALSE(encode_name(n255 + "b"));
  EXPECT_FALSE(encode_name(n255 + ".c"));
}

TEST(DnsEncodeName, EscapesOfTheTextForm) {
  auto encoded = encode_name("a\\.b.\\000\\032\\092\\255");
  ASSERT_TRUE(encoded) << encoded.error().message;
  EXPECT_EQ(*encoded, (Wire{3, 'a', '.', 'b', 4, 0, ' ', '\\', 0xff, 0}));
  for (const char* bad : {"a\\", "\\1", "\\12", "\\256", "a\\2x5"}) {
    auto refused = encode_name(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().kind, ParseErrorKind::BadName) << bad;
  }
}

TEST(DnsEncodeName, TextFormRoundTrips) {
  // What parse_message prints, encode_name reads back to the same bytes
  // (lower-cased), so spmd can query any name it has seen.
  const Wire wire = questions({cat({label("A.b"), label(std::string("\x01_-\x7f", 4)), kRoot})});
  auto message = parse_message(wire);
  ASSERT_TRUE(message);
  auto encoded = encode_name(message->questions[0].name);
  ASSERT_TRUE(encoded) << encoded.error().message;
  EXPECT_EQ(*encoded, (Wire{3, 'a', '.', 'b', 4, 1, '_', '-', 0x7f, 0}));
}

}  // namespace
}  // namespace rc::dns
