#include "log/capture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "log/log.h"

namespace {

using rc::log::CaptureLog;
using ::testing::ElementsAre;

TEST(CaptureLog, NestedCaptureTakesOverAndGivesBack) {
  CaptureLog outer;
  rc::log::info("to outer");
  {
    CaptureLog inner(3);
    EXPECT_EQ(rc::log::debug_level(), 3);
    rc::log::info("to inner");
    EXPECT_THAT(inner.texts(), ElementsAre("[INFO]: to inner"));
  }
  EXPECT_EQ(rc::log::debug_level(), 0);
  rc::log::info("to outer again");
  EXPECT_THAT(outer.texts(), ElementsAre("[INFO]: to outer", "[INFO]: to outer again"));
}

TEST(CaptureLog, ContainsAndClear) {
  CaptureLog captured;
  rc::log::proto_err("bad SPI {:#x}", 0x1234);
  EXPECT_TRUE(captured.contains("bad SPI 0x1234"));
  EXPECT_FALSE(captured.contains("good"));
  captured.clear();
  EXPECT_EQ(captured.size(), 0U);
  EXPECT_FALSE(captured.contains("bad SPI"));
}

TEST(CaptureLog, SinkInterfaceCanBeInstalledDirectly) {
  struct Counting : rc::log::Sink {
    int lines = 0;
    void write(rc::log::Tag /*tag*/, std::string_view /*line*/) override { ++lines; }
  } sink;
  rc::log::Sink* previous = rc::log::install_sink(&sink);
  rc::log::info("a");
  rc::log::info("b");
  EXPECT_EQ(rc::log::install_sink(previous), &sink);
  EXPECT_EQ(sink.lines, 2);
}

}  // namespace
