#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "log/capture.h"
#include "log/log.h"

namespace {

using rc::log::CaptureLog;
using rc::log::Context;
using rc::log::Tag;
using ::testing::ElementsAre;

TEST(Context, PrefixesEveryLine) {
  CaptureLog captured(1);
  const Context ctx{"ike#12 child#3"};
  ctx.info("established");
  ctx.proto_err("bad payload {}", 33);
  ctx.proto_warn("w");
  ctx.internal_err("e");
  ctx.internal_warn("iw");
  ctx.debug("state {}", "MATURE");
  ctx.critical("c");
  ctx.write(Tag::kInfo, "any");
  EXPECT_THAT(
      captured.texts(),
      ElementsAre("[INFO]: ike#12 child#3: established",
                  "[PROTO_ERR]: ike#12 child#3: bad payload 33", "[PROTO_WARN]: ike#12 child#3: w",
                  "[INTERNAL_ERR]: ike#12 child#3: e", "[INTERNAL_WARN]: ike#12 child#3: iw",
                  "[DEBUG]: ike#12 child#3: state MATURE", "[CRITICAL]: ike#12 child#3: c",
                  "[INFO]: ike#12 child#3: any"));
}

TEST(Context, LinesOfOneNegotiationCanBeGrepped) {
  CaptureLog captured;
  const Context a{"ike#1"};
  const Context b{"ike#2"};
  a.info("start");
  b.info("start");
  a.info("done");
  std::vector<std::string> of_a;
  for (const auto& line : captured.texts()) {
    if (line.find("ike#1: ") != std::string::npos) of_a.push_back(line);
  }
  EXPECT_THAT(of_a, ElementsAre("[INFO]: ike#1: start", "[INFO]: ike#1: done"));
}

TEST(Context, EmptyPrefixAddsNothing) {
  CaptureLog captured;
  Context ctx;
  ctx.info("plain");
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: plain"));
}

TEST(Context, PrefixCanChange) {
  CaptureLog captured;
  Context ctx{"ike#4"};
  ctx.set_prefix("ike#4 child#1");
  EXPECT_EQ(ctx.prefix(), "ike#4 child#1");
  ctx.info("x");
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: ike#4 child#1: x"));
}

TEST(Context, DebugAndDebugAtFollowTheLevel) {
  CaptureLog captured(1);
  const Context ctx{"kink#7"};
  ctx.debug("one");
  ctx.debug_at(2, "two");
  EXPECT_THAT(captured.texts(), ElementsAre("[DEBUG]: kink#7: one"));
}

TEST(Context, RateLimitedLines) {
  rc::log::RateLimit::Clock::time_point now{};
  rc::log::RateLimit limit(1, 1, [&now] { return now; });
  CaptureLog captured;
  const Context ctx{"ike#9"};
  for (int i = 0; i < 3; ++i) {
    if (auto admitted = limit.admit()) ctx.proto_err(admitted, "junk");
  }
  now += std::chrono::seconds(2);
  ctx.proto_err(limit.admit(), "junk");
  EXPECT_THAT(captured.texts(),
              ElementsAre("[PROTO_ERR]: ike#9: junk",
                          "[PROTO_ERR]: ike#9: junk (2 similar messages suppressed)"));
}

TEST(Context, ControlCharactersInThePrefixAreEscaped) {
  CaptureLog captured;
  const Context ctx{"peer\nname"};
  ctx.info("x");
  EXPECT_THAT(captured.texts(), ElementsAre("[INFO]: peer\\x0aname: x"));
}

}  // namespace
