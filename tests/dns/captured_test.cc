// Real messages: queries from dig and answers from dnsmasq 2.90, captured
// on 127.0.0.1 and committed as the fuzzer's seed corpus. Each must parse,
// and the facts spmd reads from them must come out right.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "dns/message.h"
#include "wire_bytes.h"

namespace rc::dns {
namespace {

using test::Wire;

Wire captured(const std::string& name) {
  const auto path =
      std::filesystem::path(RACOON2_SOURCE_DIR) / "tests/fuzz/corpus/dns_parse" / name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(DnsCaptured, QueryFromDig) {
  const Wire wire = captured("query_a_edns");
  auto message = parse_message(wire);
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_FALSE(message->flags.qr);
  EXPECT_TRUE(message->flags.rd);
  EXPECT_TRUE(message->flags.ad);
  ASSERT_EQ(message->questions.size(), 1U);
  EXPECT_EQ(message->questions[0].name, "a.x.test.");
  EXPECT_EQ(message->edns_udp_size, 1232);  // dig's OPT, with a cookie option
  EXPECT_TRUE(message->additional.empty());
}

TEST(DnsCaptured, MixedCaseQueryAndAnswer) {
  auto query = parse_message(captured("query_aaaa_noedns_mixed_case"));
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_EQ(query->questions.at(0).name, "www.c.test.");
  EXPECT_FALSE(query->edns_udp_size);

  const Wire wire = captured("answer_cname_aaaa_mixed_case");
  auto answer = parse_message(wire);
  ASSERT_TRUE(answer) << answer.error().message;
  ASSERT_EQ(answer->answers.size(), 2U);
  EXPECT_EQ(answer->answers[0].name, "www.c.test.");
  EXPECT_EQ(answer->answers[0].target, "mid.c.test.");
  EXPECT_EQ(answer->answers[1].target, "host.x.test.");
}

TEST(DnsCaptured, CnameChainAndAddresses) {
  auto chain = parse_message(captured("answer_cname_chain_edns"));
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_TRUE(chain->flags.aa);
  ASSERT_EQ(chain->answers.size(), 2U);
  EXPECT_EQ(chain->answers[1].target, "host.x.test.");

  auto three = parse_message(captured("answer_three_a"));
  ASSERT_TRUE(three) << three.error().message;
  ASSERT_EQ(three->answers.size(), 3U);
  for (const auto& record : three->answers) {
    EXPECT_EQ(record.name, "multi.h.test.");
    ASSERT_TRUE(record.address);
    EXPECT_TRUE(record.address->is_v4());
  }

  auto aaaa = parse_message(captured("answer_aaaa"));
  ASSERT_TRUE(aaaa) << aaaa.error().message;
  ASSERT_TRUE(aaaa->answers.at(0).address);
  EXPECT_EQ(aaaa->answers[0].address->to_string(), "2001:db8::9");
}

TEST(DnsCaptured, TruncatedAnswerHasTc) {
  auto message = parse_message(captured("answer_truncated_tc"));
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_TRUE(message->flags.tc);
  EXPECT_EQ(message->answers.size(), 2U);
}

TEST(DnsCaptured, NegativeAnswerWithSoa) {
  auto message = parse_message(captured("answer_nxdomain_soa"));
  ASSERT_TRUE(message) << message.error().message;
  EXPECT_EQ(message->flags.rcode, static_cast<std::uint8_t>(Rcode::NxDomain));
  ASSERT_EQ(message->authority.size(), 1U);
  EXPECT_EQ(message->authority[0].name, "auth.test.");
  EXPECT_EQ(message->authority[0].soa_minimum, 600U);

  auto soa = parse_message(captured("answer_soa"));
  ASSERT_TRUE(soa) << soa.error().message;
  EXPECT_EQ(soa->answers.at(0).soa_minimum, 600U);
}

TEST(DnsCaptured, EveryCapturedMessageParses) {
  for (const char* name :
       {"query_ptr", "query_mx", "answer_cname_chain", "answer_mx", "answer_nxdomain_no_soa",
        "answer_ptr", "answer_txt_large", "answer_refused", "answer_auth_a_ns_glue"}) {
    auto message = parse_message(captured(name));
    EXPECT_TRUE(message) << name << ": " << message.error().message;
  }
}

}  // namespace
}  // namespace rc::dns
