#include "log/log.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "log/capture.h"

namespace {
// Counts how often fmt formats it, to prove hidden lines cost no formatting.
struct CountsFormatting {
  int* count;
};
}  // namespace

template <>
struct fmt::formatter<CountsFormatting> : fmt::formatter<std::string_view> {
  auto format(const CountsFormatting& value, fmt::format_context& ctx) const {
    ++*value.count;
    return fmt::formatter<std::string_view>::format("formatted", ctx);
  }
};

namespace {

using rc::log::CaptureLog;
using rc::log::Tag;
using ::testing::ElementsAre;

TEST(LogFunctions, EachTagHasItsFunctionAndLabel) {
  CaptureLog captured(1);
  rc::log::info("i {}", 1);
  rc::log::proto_err("pe {}", 2);
  rc::log::proto_warn("pw");
  rc::log::internal_err("ie");
  rc::log::internal_warn("iw");
  rc::log::debug("d {}", "x");
  rc::log::critical("c");
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: i 1", "[PROTO_ERR]: pe 2", "[PROTO_WARN]: pw",
                                            "[INTERNAL_ERR]: ie", "[INTERNAL_WARN]: iw",
                                            "[DEBUG]: d x", "[CRITICAL]: c"));
  const auto lines = captured.lines();
  ASSERT_EQ(lines.size(), 7U);
  EXPECT_EQ(lines[0].tag, Tag::kInfo);
  EXPECT_EQ(lines[1].tag, Tag::kProtoErr);
  EXPECT_EQ(lines[2].tag, Tag::kProtoWarn);
  EXPECT_EQ(lines[3].tag, Tag::kInternalErr);
  EXPECT_EQ(lines[4].tag, Tag::kInternalWarn);
  EXPECT_EQ(lines[5].tag, Tag::kDebug);
  EXPECT_EQ(lines[6].tag, Tag::kCritical);
}

TEST(LogFunctions, DebugOnlyWithDebugLevel) {
  CaptureLog captured(0);
  rc::log::debug("hidden");
  rc::log::info("shown");
  rc::log::critical("shown too");
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: shown", "[CRITICAL]: shown too"));
  EXPECT_FALSE(rc::log::enabled(Tag::kDebug));
  EXPECT_TRUE(rc::log::enabled(Tag::kInfo));
}

TEST(LogFunctions, HiddenLinesAreNotFormatted) {
  int count = 0;
  CaptureLog captured(0);
  rc::log::debug("{}", CountsFormatting{&count});
  EXPECT_EQ(count, 0);
  EXPECT_EQ(captured.size(), 0U);
  rc::log::info("{}", CountsFormatting{&count});
  EXPECT_EQ(count, 1);
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: formatted"));
}

TEST(LogFunctions, DebugAtHonoursTheLevel) {
  CaptureLog captured(2);
  rc::log::debug_at(1, "one");
  rc::log::debug_at(2, "two");
  rc::log::debug_at(3, "three");
  EXPECT_THAT(captured.texts(), ElementsAre("[DEBUG]: one", "[DEBUG]: two"));
  EXPECT_TRUE(rc::log::debug_enabled(2));
  EXPECT_FALSE(rc::log::debug_enabled(3));
}

TEST(LogFunctions, WriteTakesTheTagAtRunTime) {
  CaptureLog captured;
  rc::log::write(Tag::kProtoWarn, "odd {}", 7);
  rc::log::write(Tag::kDebug, "hidden");
  EXPECT_THAT(captured.texts(), ElementsAre("[PROTO_WARN]: odd 7"));
}

TEST(LogFunctions, NewlinesInArgumentsCannotForgeALine) {
  CaptureLog captured;
  const std::string peer_id = "evil\n[INFO]: peer authenticated\r";
  rc::log::proto_err("bad ID {}", peer_id);
  ASSERT_EQ(captured.size(), 1U);
  EXPECT_EQ(captured.texts()[0], "[PROTO_ERR]: bad ID evil\\x0a[INFO]: peer authenticated\\x0d");
}

TEST(LogFunctions, PrintableArgumentEscapesEverything) {
  CaptureLog captured;
  rc::log::info("peer {}", rc::log::printable("caf\xc3\xa9\x1b"));
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: peer caf\\xc3\\xa9\\x1b"));
}

TEST(LogFunctions, OverlongLinesAreTruncated) {
  CaptureLog captured;
  rc::log::info("{}", std::string(10000, 'a'));
  ASSERT_EQ(captured.size(), 1U);
  const std::string line = captured.texts()[0];
  EXPECT_EQ(line.size(), rc::log::kMaxLineBytes);
  EXPECT_TRUE(line.starts_with("[INFO]: aaaa"));
  EXPECT_TRUE(line.ends_with("a [truncated]"));
}

TEST(LogFunctions, EscapingCountsTowardsTheLimit) {
  CaptureLog captured;
  rc::log::info("{}", std::string(2000, '\n'));  // 8000 bytes once escaped
  ASSERT_EQ(captured.size(), 1U);
  EXPECT_EQ(captured.texts()[0].size(), rc::log::kMaxLineBytes);
}

TEST(LogFunctions, RuntimeFormatErrorIsReportedNotThrown) {
  CaptureLog captured;
  // A dynamic width out of range is only detectable at run time.
  rc::log::info("{:{}}", 1, -1);
  ASSERT_EQ(captured.size(), 1U);
  EXPECT_TRUE(captured.texts()[0].starts_with("[INFO]: [log format error: "))
      << captured.texts()[0];
}

TEST(LogFunctions, AdmittedLineCarriesTheSuppressedCount) {
  rc::log::RateLimit::Clock::time_point now{};
  rc::log::RateLimit limit(1, 1, [&now] { return now; });
  CaptureLog captured;
  for (int i = 0; i < 4; ++i) {
    if (auto admitted = limit.admit()) rc::log::proto_warn(admitted, "junk {}", i);
  }
  now += std::chrono::seconds(1);
  if (auto admitted = limit.admit()) rc::log::proto_warn(admitted, "junk {}", 4);
  EXPECT_THAT(
      captured.texts(),
      ElementsAre("[PROTO_WARN]: junk 0", "[PROTO_WARN]: junk 4 (3 similar messages suppressed)"));
}

TEST(LogFunctions, RefusedAdmissionDropsTheLine) {
  rc::log::RateLimit::Clock::time_point now{};
  rc::log::RateLimit limit(1, 1, [&now] { return now; });
  CaptureLog captured;
  rc::log::info(limit.admit(), "first");
  rc::log::info(limit.admit(), "second");  // no `if`: still dropped
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: first"));
}

}  // namespace
