// What a believed DNS answer teaches the name cache: CNAME chains, TTLs,
// negative answers, and everything that must teach nothing. Messages are
// built as values: the snooper never sees the wire.
#include "spmd/core/dns_snoop.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/addr_literals.h"

namespace rc::spmd {
namespace {

using rc::testing::ip;
using Kind = DnsFacts::Kind;

constexpr auto kA = static_cast<std::uint16_t>(dns::RrType::A);
constexpr auto kAaaa = static_cast<std::uint16_t>(dns::RrType::AAAA);
constexpr auto kCname = static_cast<std::uint16_t>(dns::RrType::CNAME);
constexpr auto kSoa = static_cast<std::uint16_t>(dns::RrType::SOA);
constexpr auto kMx = static_cast<std::uint16_t>(dns::RrType::MX);
constexpr std::uint16_t kClassChaos = 3;

dns::Message response(const std::string& name, std::uint16_t type,
                      dns::Rcode rcode = dns::Rcode::NoError) {
  dns::Message message;
  message.id = 0x1234;
  message.flags.qr = true;
  message.flags.rd = true;
  message.flags.ra = true;
  message.flags.rcode = static_cast<std::uint8_t>(rcode);
  message.questions.push_back(dns::Question{name, type, dns::kClassIn});
  return message;
}

dns::ResourceRecord address_record(const std::string& owner, std::string_view address,
                                   std::uint32_t ttl) {
  dns::ResourceRecord record;
  record.name = owner;
  record.address = ip(address);
  record.type = record.address->is_v4() ? kA : kAaaa;
  record.klass = dns::kClassIn;
  record.ttl = ttl;
  return record;
}

dns::ResourceRecord cname(const std::string& owner, const std::string& target, std::uint32_t ttl) {
  dns::ResourceRecord record;
  record.name = owner;
  record.type = kCname;
  record.klass = dns::kClassIn;
  record.ttl = ttl;
  record.target = target;
  return record;
}

dns::ResourceRecord soa(const std::string& zone, std::uint32_t ttl, std::uint32_t minimum) {
  dns::ResourceRecord record;
  record.name = zone;
  record.type = kSoa;
  record.klass = dns::kClassIn;
  record.ttl = ttl;
  record.soa_minimum = minimum;
  return record;
}

std::vector<std::string> names_of(const std::vector<SnoopedName>& learned) {
  std::vector<std::string> names;
  names.reserve(learned.size());
  for (const SnoopedName& one : learned) names.push_back(one.name);
  return names;
}

// Every name on the chain learns the same facts.
void expect_same_facts(const std::vector<SnoopedName>& learned, Family family,
                       const DnsFacts& facts) {
  for (const SnoopedName& one : learned) {
    EXPECT_EQ(one.family, family) << one.name;
    EXPECT_EQ(one.facts.kind, facts.kind) << one.name;
    EXPECT_EQ(one.facts.addresses, facts.addresses) << one.name;
    EXPECT_EQ(one.facts.ttl, facts.ttl) << one.name;
  }
}

// "c0.example." -> "c1.example." -> ... -> "c<links>.example." with an A there.
dns::Message chain_of(std::size_t links) {
  dns::Message message = response("c0.example.", kA);
  for (std::size_t i = 0; i < links; ++i) {
    message.answers.push_back(cname("c" + std::to_string(i) + ".example.",
                                    "c" + std::to_string(i + 1) + ".example.",
                                    static_cast<std::uint32_t>(1000 - i)));
  }
  message.answers.push_back(
      address_record("c" + std::to_string(links) + ".example.", "192.0.2.1", 2000));
  return message;
}

TEST(DnsSnoopTest, DirectAnswer) {
  dns::Message message = response("www.example.", kA);
  message.answers.push_back(address_record("www.example.", "192.0.2.2", 300));
  message.answers.push_back(address_record("www.example.", "192.0.2.1", 120));
  message.answers.push_back(address_record("www.example.", "192.0.2.2", 300));  // duplicate
  const std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0], (SnoopedName{"www.example.", Family::V4,
                                     DnsFacts{Kind::Addresses,
                                              {ip("192.0.2.1"), ip("192.0.2.2")},
                                              120}}));  // the smallest TTL
}

TEST(DnsSnoopTest, Aaaa) {
  dns::Message message = response("www.example.", kAaaa);
  message.answers.push_back(address_record("www.example.", "2001:db8::1", 60));
  // An A record in an AAAA answer is no AAAA address.
  message.answers.push_back(address_record("www.example.", "192.0.2.1", 60));
  const std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0], (SnoopedName{"www.example.", Family::V6,
                                     DnsFacts{Kind::Addresses, {ip("2001:db8::1")}, 60}}));
}

TEST(DnsSnoopTest, CnameChainsUpToTheLimitTeachEveryName) {
  for (std::size_t links = 1; links <= kMaxCnameChain; ++links) {
    SCOPED_TRACE(links);
    const std::vector<SnoopedName> learned = snoop_answer(chain_of(links));
    ASSERT_EQ(learned.size(), links + 1);
    std::vector<std::string> expected;
    for (std::size_t i = 0; i <= links; ++i)
      expected.push_back("c" + std::to_string(i) + ".example.");
    EXPECT_EQ(names_of(learned), expected);
    // The last CNAME has the smallest TTL (1000 - (links - 1)).
    expect_same_facts(
        learned, Family::V4,
        DnsFacts{
            Kind::Addresses, {ip("192.0.2.1")}, static_cast<std::uint32_t>(1000 - (links - 1))});
  }
}

TEST(DnsSnoopTest, ChainOneLinkTooLongTeachesNothing) {
  EXPECT_TRUE(snoop_answer(chain_of(kMaxCnameChain + 1)).empty());
  EXPECT_TRUE(snoop_answer(chain_of(kMaxCnameChain + 5)).empty());
}

TEST(DnsSnoopTest, ChainInAnyOrderAndTtlOfTheAddress) {
  dns::Message message = response("www.example.", kA);
  message.answers.push_back(address_record("edge.cdn.test.", "198.51.100.9", 20));
  message.answers.push_back(cname("alias.cdn.test.", "edge.cdn.test.", 300));
  message.answers.push_back(cname("www.example.", "alias.cdn.test.", 3600));
  const std::vector<SnoopedName> learned = snoop_answer(message);
  EXPECT_EQ(names_of(learned),
            (std::vector<std::string>{"www.example.", "alias.cdn.test.", "edge.cdn.test."}));
  expect_same_facts(learned, Family::V4, DnsFacts{Kind::Addresses, {ip("198.51.100.9")}, 20});
}

TEST(DnsSnoopTest, UnrelatedRecordsAreIgnored) {
  dns::Message message = response("www.example.", kA);
  message.answers.push_back(cname("www.example.", "real.example.", 300));
  message.answers.push_back(address_record("real.example.", "192.0.2.1", 300));
  // Another owner's CNAME and A: not on the chain.
  message.answers.push_back(cname("bank.example.", "evil.example.", 300));
  message.answers.push_back(address_record("bank.example.", "203.0.113.66", 300));
  // An A for the question's name, which is a CNAME: not the chain's end.
  message.answers.push_back(address_record("www.example.", "203.0.113.67", 300));
  // The chain's end in the other sections: no address from there.
  message.authority.push_back(address_record("real.example.", "203.0.113.68", 300));
  message.additional.push_back(address_record("real.example.", "203.0.113.69", 300));
  // The right owner in another class.
  dns::ResourceRecord chaos = address_record("real.example.", "203.0.113.70", 300);
  chaos.klass = kClassChaos;
  message.answers.push_back(chaos);
  // A record of another type.
  dns::ResourceRecord mx;
  mx.name = "real.example.";
  mx.type = kMx;
  mx.klass = dns::kClassIn;
  mx.ttl = 1;
  message.answers.push_back(mx);

  const std::vector<SnoopedName> learned = snoop_answer(message);
  EXPECT_EQ(names_of(learned), (std::vector<std::string>{"www.example.", "real.example."}));
  expect_same_facts(learned, Family::V4, DnsFacts{Kind::Addresses, {ip("192.0.2.1")}, 300});
}

TEST(DnsSnoopTest, CnameOfAnotherClassIsNoLink) {
  dns::Message message = response("www.example.", kA);
  dns::ResourceRecord link = cname("www.example.", "real.example.", 300);
  link.klass = kClassChaos;
  message.answers.push_back(link);
  message.answers.push_back(address_record("real.example.", "192.0.2.1", 300));
  const std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].name, "www.example.");
  EXPECT_EQ(learned[0].facts.kind, Kind::NoData);
}

TEST(DnsSnoopTest, LoopsAndConflictingCnamesTeachNothing) {
  dns::Message loop = response("a.example.", kA);
  loop.answers.push_back(cname("a.example.", "b.example.", 60));
  loop.answers.push_back(cname("b.example.", "a.example.", 60));
  loop.answers.push_back(address_record("a.example.", "192.0.2.1", 60));
  EXPECT_TRUE(snoop_answer(loop).empty());

  dns::Message self = response("a.example.", kA);
  self.answers.push_back(cname("a.example.", "a.example.", 60));
  EXPECT_TRUE(snoop_answer(self).empty());

  dns::Message two = response("a.example.", kA);
  two.answers.push_back(cname("a.example.", "b.example.", 60));
  two.answers.push_back(cname("a.example.", "c.example.", 60));
  two.answers.push_back(address_record("b.example.", "192.0.2.1", 60));
  EXPECT_TRUE(snoop_answer(two).empty());

  // The same CNAME twice is one link (with the smaller TTL).
  dns::Message twice = response("a.example.", kA);
  twice.answers.push_back(cname("a.example.", "b.example.", 60));
  twice.answers.push_back(cname("a.example.", "b.example.", 30));
  twice.answers.push_back(address_record("b.example.", "192.0.2.1", 100));
  const std::vector<SnoopedName> learned = snoop_answer(twice);
  EXPECT_EQ(names_of(learned), (std::vector<std::string>{"a.example.", "b.example."}));
  expect_same_facts(learned, Family::V4, DnsFacts{Kind::Addresses, {ip("192.0.2.1")}, 30});
}

TEST(DnsSnoopTest, NxDomainTakesTheSoaTtlOrItsMinimum) {
  dns::Message message = response("gone.example.", kA, dns::Rcode::NxDomain);
  message.authority.push_back(soa("example.", 3600, 900));
  std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0],
            (SnoopedName{"gone.example.", Family::V4, DnsFacts{Kind::NxDomain, {}, 900}}));

  message.authority[0] = soa("example.", 120, 900);  // the SOA's own TTL is smaller
  learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts.ttl, 120U);

  message.authority[0] = soa(".", 5000, 86400);  // the root is every name's zone
  learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts.ttl, 5000U);
}

TEST(DnsSnoopTest, NegativeTtlWithoutAFittingSoaIsTheDefault) {
  dns::Message message = response("gone.example.", kA, dns::Rcode::NxDomain);
  std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts, (DnsFacts{Kind::NxDomain, {}, kDefaultNegativeTtl}));

  // Another zone's SOA (nor one whose name only ends alike) is no authority here.
  message.authority.push_back(soa("other.test.", 5, 5));
  message.authority.push_back(soa("ne.example.", 5, 5));  // "gone.example." ends in it textually
  learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts.ttl, kDefaultNegativeTtl);
}

TEST(DnsSnoopTest, NxDomainAtTheEndOfAChainIsCappedByItsLinks) {
  dns::Message message = response("www.example.", kAaaa, dns::Rcode::NxDomain);
  message.answers.push_back(cname("www.example.", "gone.cdn.test.", 30));
  message.authority.push_back(soa("cdn.test.", 3600, 600));
  const std::vector<SnoopedName> learned = snoop_answer(message);
  EXPECT_EQ(names_of(learned), (std::vector<std::string>{"www.example.", "gone.cdn.test."}));
  expect_same_facts(learned, Family::V6, DnsFacts{Kind::NxDomain, {}, 30});
}

TEST(DnsSnoopTest, NoDataIsAFactWithANegativeTtl) {
  dns::Message message = response("v4only.example.", kAaaa);
  message.authority.push_back(soa("example.", 3600, 300));
  std::vector<SnoopedName> learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0],
            (SnoopedName{"v4only.example.", Family::V6, DnsFacts{Kind::NoData, {}, 300}}));

  // Addresses of the other family only: still NoData for this one.
  message.answers.push_back(address_record("v4only.example.", "192.0.2.1", 60));
  learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts, (DnsFacts{Kind::NoData, {}, 300}));

  // Without an SOA: the default.
  message.authority.clear();
  learned = snoop_answer(message);
  ASSERT_EQ(learned.size(), 1U);
  EXPECT_EQ(learned[0].facts.ttl, kDefaultNegativeTtl);
}

TEST(DnsSnoopTest, AnswersThatTeachNothing) {
  dns::Message good = response("www.example.", kA);
  good.answers.push_back(address_record("www.example.", "192.0.2.1", 60));
  ASSERT_EQ(snoop_answer(good).size(), 1U);

  for (const dns::Rcode rcode :
       {dns::Rcode::ServFail, dns::Rcode::Refused, dns::Rcode::FormErr, dns::Rcode::NotImp}) {
    dns::Message message = good;
    message.flags.rcode = static_cast<std::uint8_t>(rcode);
    EXPECT_TRUE(snoop_answer(message).empty()) << static_cast<int>(rcode);
  }
  dns::Message truncated = good;
  truncated.flags.tc = true;
  EXPECT_TRUE(snoop_answer(truncated).empty());

  dns::Message query = good;
  query.flags.qr = false;
  EXPECT_TRUE(snoop_answer(query).empty());

  dns::Message notify = good;
  notify.flags.opcode = 4;
  EXPECT_TRUE(snoop_answer(notify).empty());

  dns::Message chaos = good;
  chaos.questions[0].klass = kClassChaos;
  EXPECT_TRUE(snoop_answer(chaos).empty());

  dns::Message mx = good;
  mx.questions[0].type = kMx;
  EXPECT_TRUE(snoop_answer(mx).empty());

  dns::Message two = good;
  two.questions.push_back(dns::Question{"other.example.", kA, dns::kClassIn});
  EXPECT_TRUE(snoop_answer(two).empty());

  dns::Message none = good;
  none.questions.clear();
  EXPECT_TRUE(snoop_answer(none).empty());
}

}  // namespace
}  // namespace rc::spmd
