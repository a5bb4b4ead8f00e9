#include "spmif/reply.h"

#include <cerrno>

#include <gtest/gtest.h>

namespace rc::spmif {
namespace {

TEST(FormatReplyLine, LastAndContinuation) {
  EXPECT_EQ(format_reply_line(250, true, "OK"), "250 OK\r\n");
  EXPECT_EQ(format_reply_line(250, false, "10.0.0.1"), "250-10.0.0.1\r\n");
  EXPECT_EQ(format_reply_line(551, true, "No Such SPID(7)"), "551 No Such SPID(7)\r\n");
  EXPECT_EQ(format_reply_line(250, true, ""), "250 \r\n");
}

TEST(FormatReplyLine, LineBreakInTextIsCut) {
  // A value from outside (an FQDN, a selector index) must not forge a line.
  EXPECT_EQ(format_reply_line(250, true, "a.example.\r\n250 OK"), "250 a.example.\r\n");
  EXPECT_EQ(format_reply_line(250, false, "x\ny"), "250-x\r\n");
  EXPECT_EQ(format_reply_line(250, true, "x\ry"), "250 x\r\n");
}

TEST(FormatReplyLine, OutOfRangeCodeKeepsFraming) {
  EXPECT_EQ(format_reply_line(25, true, "x"), "550 x\r\n");
  EXPECT_EQ(format_reply_line(1000, true, "x"), "550 x\r\n");
}

TEST(FormatReply, ContinuationOnAllButLast) {
  EXPECT_EQ(format_reply({250, {"a.", "b.", "c."}}), "250-a.\r\n250-b.\r\n250 c.\r\n");
  EXPECT_EQ(format_reply({251, {"No FQDN Registered"}}), "251 No FQDN Registered\r\n");
  EXPECT_EQ(format_reply({250, {}}), "250 \r\n");
}

TEST(ParseReplyLine, Forms) {
  auto last = parse_reply_line("250 OK");
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, (ReplyLine{250, true, "OK"}));
  auto more = parse_reply_line("250-DNS QUERY = 3");
  ASSERT_TRUE(more);
  EXPECT_EQ(*more, (ReplyLine{250, false, "DNS QUERY = 3"}));
  auto bare = parse_reply_line("550");
  ASSERT_TRUE(bare);
  EXPECT_EQ(*bare, (ReplyLine{550, true, ""}));
  auto empty_more = parse_reply_line("250-");
  ASSERT_TRUE(empty_more);
  EXPECT_EQ(*empty_more, (ReplyLine{250, false, ""}));
  auto spaces = parse_reply_line("220  two  spaces ");
  ASSERT_TRUE(spaces);
  EXPECT_EQ(spaces->text, " two  spaces ");
}

TEST(ParseReplyLine, Malformed) {
  for (const std::string_view bad :
       {"", "25", "25 OK", "2500 OK", "250_OK", "abc OK", "+50 OK", " 250 OK", "2x0 OK", "250OK",
        "250 a\r", "250 a\nb", "000 OK", "099-x"}) {
    auto parsed = parse_reply_line(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, EBADMSG) << bad;
  }
}

TEST(ParseReplyLine, ErrorQuotesLinePrintably) {
  auto parsed = parse_reply_line(std::string_view("x\x1b[2J", 5));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("x\\x1b[2J"), std::string::npos) << parsed.error().message;
}

TEST(ParseReplyLine, RoundTripsFormat) {
  const std::string wire = format_reply_line(501, true, "Not Cached");
  auto parsed = parse_reply_line(std::string_view(wire).substr(0, wire.size() - 2));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, (ReplyLine{501, true, "Not Cached"}));
}

TEST(ReplyCollector, SingleLine) {
  ReplyCollector collector;
  auto reply = collector.add("250 OK");
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->has_value());
  EXPECT_EQ(**reply, (Reply{250, {"OK"}}));
  EXPECT_TRUE((*reply)->ok());
  EXPECT_FALSE(collector.in_progress());
}

TEST(ReplyCollector, MultiLine) {
  ReplyCollector collector;
  auto first = collector.add("250-a.example.");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->has_value());
  EXPECT_TRUE(collector.in_progress());
  auto second = collector.add("250-b.example.");
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->has_value());
  auto third = collector.add("250 c.example.");
  ASSERT_TRUE(third);
  ASSERT_TRUE(third->has_value());
  EXPECT_EQ(**third, (Reply{250, {"a.example.", "b.example.", "c.example."}}));
  EXPECT_FALSE(collector.in_progress());
  // The collector starts over for the next reply.
  auto next = collector.add("501 Not Cached");
  ASSERT_TRUE(next);
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(**next, (Reply{501, {"Not Cached"}}));
  EXPECT_FALSE((*next)->ok());
}

TEST(ReplyCollector, CodeChangeIsProtocolError) {
  ReplyCollector collector;
  ASSERT_TRUE(collector.add("250-a"));
  auto bad = collector.add("550 b");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, EBADMSG);
  EXPECT_FALSE(collector.in_progress());
}

TEST(ReplyCollector, MalformedLineIsError) {
  ReplyCollector collector;
  ASSERT_TRUE(collector.add("250-a"));
  auto bad = collector.add("hello");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, EBADMSG);
}

TEST(ReplyCollector, LineLimit) {
  ReplyCollector collector(3);
  ASSERT_TRUE(collector.add("250-1"));
  ASSERT_TRUE(collector.add("250-2"));
  auto third = collector.add("250 3");  // exactly three lines: fine
  ASSERT_TRUE(third);
  ASSERT_TRUE(third->has_value());
  EXPECT_EQ((*third)->lines.size(), 3U);

  ASSERT_TRUE(collector.add("250-1"));
  ASSERT_TRUE(collector.add("250-2"));
  auto too_many = collector.add("250-3");  // a fourth must follow
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, EMSGSIZE);
}

}  // namespace
}  // namespace rc::spmif
