#include "spmif/line_splitter.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace rc::spmif {
namespace {

using Kind = LineSplitter::Item::Kind;

// Every item as text, "<oversized>" for an oversized marker.
std::vector<std::string> drain(LineSplitter& splitter) {
  std::vector<std::string> out;
  while (auto item = splitter.next()) {
    out.push_back(item->kind == Kind::Oversized ? "<oversized>" : item->line);
  }
  return out;
}

TEST(LineSplitter, CrlfAndLf) {
  LineSplitter splitter(100);
  splitter.feed(std::string_view("STAT\r\nPOLICY DUMP\nQUIT\r\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"STAT", "POLICY DUMP", "QUIT"}));
  EXPECT_EQ(splitter.pending(), 0U);
}

TEST(LineSplitter, ByteByByte) {
  LineSplitter splitter(100);
  const std::string input = "LOGIN ABC\r\nSLID 12\n";
  std::vector<std::string> got;
  for (const char c : input) {
    splitter.feed(std::string_view(&c, 1));
    for (auto& line : drain(splitter)) got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"LOGIN ABC", "SLID 12"}));
}

TEST(LineSplitter, PartialLineWaits) {
  LineSplitter splitter(100);
  splitter.feed(std::string_view("SLID 1"));
  EXPECT_FALSE(splitter.next());
  EXPECT_EQ(splitter.pending(), 6U);
  splitter.feed(std::string_view("2\r"));
  EXPECT_FALSE(splitter.next());
  splitter.feed(std::string_view("\n"));
  auto item = splitter.next();
  ASSERT_TRUE(item);
  EXPECT_EQ(item->kind, Kind::Line);
  EXPECT_EQ(item->line, "SLID 12");
}

TEST(LineSplitter, BytesSpan) {
  LineSplitter splitter(100);
  const std::vector<std::uint8_t> bytes{'N', 'S', ' ', 'L', 'I', 'S', 'T', '\r', '\n'};
  splitter.feed(std::span<const std::uint8_t>(bytes));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"NS LIST"}));
}

TEST(LineSplitter, EmptyLinesAreLines) {
  LineSplitter splitter(100);
  splitter.feed(std::string_view("\r\n\nx\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"", "", "x"}));
}

TEST(LineSplitter, OnlyTrailingCrIsStripped) {
  LineSplitter splitter(100);
  splitter.feed(std::string_view("a\rb\r\r\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"a\rb\r"}));
}

TEST(LineSplitter, ExactlyMaxLineFits) {
  LineSplitter splitter(5);
  splitter.feed(std::string_view("12345\r\n12345\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"12345", "12345"}));
}

TEST(LineSplitter, MaxLineWithCrArrivingSeparately) {
  LineSplitter splitter(5);
  splitter.feed(std::string_view("12345\r"));
  EXPECT_FALSE(splitter.next());
  EXPECT_EQ(splitter.pending(), 6U);
  splitter.feed(std::string_view("\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"12345"}));
}

TEST(LineSplitter, OversizedThenNormalLine) {
  LineSplitter splitter(5);
  splitter.feed(std::string_view("123456\r\nSTAT\r\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"<oversized>", "STAT"}));
}

TEST(LineSplitter, OversizedAcrossReadsIsReportedOnceAndBounded) {
  LineSplitter splitter(8);
  splitter.feed(std::string_view("0123456789"));  // over the limit before any LF
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"<oversized>"}));
  EXPECT_EQ(splitter.pending(), 0U);
  for (int i = 0; i < 100; ++i) splitter.feed(std::string_view("xxxxxxxxxxxxxxxxxxxx"));
  EXPECT_EQ(splitter.pending(), 0U);  // the rest of the line is dropped, not kept
  EXPECT_FALSE(splitter.next());
  splitter.feed(std::string_view("tail\r\nQUIT\r\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"QUIT"}));
}

TEST(LineSplitter, OversizedByteByByte) {
  LineSplitter splitter(4);
  const std::string input = "abcdefgh\nok\n";
  std::vector<std::string> got;
  for (const char c : input) {
    splitter.feed(std::string_view(&c, 1));
    EXPECT_LE(splitter.pending(), 5U);
    for (auto& line : drain(splitter)) got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"<oversized>", "ok"}));
}

TEST(LineSplitter, PipelinedMixWithOversizedInTheMiddle) {
  LineSplitter splitter(6);
  splitter.feed(std::string_view("STAT\r\nPOLICY DUMP\r\nQUIT\r\n"));
  EXPECT_EQ(drain(splitter), (std::vector<std::string>{"STAT", "<oversized>", "QUIT"}));
}

}  // namespace
}  // namespace rc::spmif
