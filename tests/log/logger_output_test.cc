// The real outputs: a log file (time stamps, one write per line, reopening
// for logrotate) and stderr. Each test configures the process-wide logger
// and the fixture puts the early stderr-only configuration back.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

#include "base/unique_fd.h"
#include "log/log.h"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::regex kStampedLine(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} )");

class LoggerOutput : public ::testing::Test {
 protected:
  void TearDown() override {
    rc::log::Config early;
    early.to_syslog = false;
    early.to_stderr = true;
    ASSERT_TRUE(rc::log::configure(early));
  }

  static rc::log::Config file_config(const fs::path& file) {
    rc::log::Config config;
    config.program = "log_test";
    config.to_syslog = false;
    config.file = file.string();
    return config;
  }

  const rc::testing::TempDir temp_{"rc-log-test"};
  const fs::path& dir_ = temp_.root();
};

TEST_F(LoggerOutput, FileLinesHaveTimeStampAndAreWrittenAtOnce) {
  const fs::path file = dir_ / "racoon.log";
  ASSERT_TRUE(rc::log::configure(file_config(file)));
  rc::log::info("hello {}", "world");
  // No flush or close: the line must already be in the file.
  const std::string text = read_file(file);
  EXPECT_TRUE(std::regex_match(
      text, std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \[INFO\]: hello world\n)")))
      << text;
  rc::log::Context{"ike#1"}.proto_err("second\nline");
  const std::string both = read_file(file);
  const auto second = both.substr(both.find('\n') + 1);
  EXPECT_TRUE(std::regex_search(second, kStampedLine));
  EXPECT_TRUE(second.ends_with(" [PROTO_ERR]: ike#1: second\\x0aline\n")) << second;
}

TEST_F(LoggerOutput, FileIsAppendedNotTruncated) {
  const fs::path file = dir_ / "racoon.log";
  { std::ofstream(file) << "old line\n"; }
  ASSERT_TRUE(rc::log::configure(file_config(file)));
  rc::log::info("new");
  const std::string text = read_file(file);
  EXPECT_TRUE(text.starts_with("old line\n")) << text;
  EXPECT_TRUE(text.ends_with("[INFO]: new\n")) << text;
}

TEST_F(LoggerOutput, DebugLevelComesFromConfig) {
  const fs::path file = dir_ / "racoon.log";
  auto config = file_config(file);
  ASSERT_TRUE(rc::log::configure(config));
  rc::log::debug("hidden");
  config.debug_level = 1;
  ASSERT_TRUE(rc::log::configure(config));
  rc::log::debug("shown");
  const std::string text = read_file(file);
  EXPECT_EQ(text.find("hidden"), std::string::npos);
  EXPECT_NE(text.find("[DEBUG]: shown\n"), std::string::npos);
}

TEST_F(LoggerOutput, ReopenFollowsLogrotate) {
  const fs::path file = dir_ / "racoon.log";
  ASSERT_TRUE(rc::log::configure(file_config(file)));
  rc::log::info("before rotation");
  fs::rename(file, dir_ / "racoon.log.1");
  rc::log::info("still old file");  // until HUP the old descriptor is used
  ASSERT_TRUE(rc::log::reopen());
  rc::log::info("after rotation");
  const std::string rotated = read_file(dir_ / "racoon.log.1");
  const std::string fresh = read_file(file);
  EXPECT_NE(rotated.find("before rotation"), std::string::npos);
  EXPECT_NE(rotated.find("still old file"), std::string::npos);
  EXPECT_EQ(rotated.find("after rotation"), std::string::npos);
  EXPECT_EQ(fresh.find("before rotation"), std::string::npos);
  EXPECT_NE(fresh.find("after rotation"), std::string::npos);
}

TEST_F(LoggerOutput, FailedReopenKeepsTheOldFile) {
  const fs::path sub = dir_ / "logs";
  fs::create_directory(sub);
  ASSERT_TRUE(rc::log::configure(file_config(sub / "racoon.log")));
  fs::rename(sub, dir_ / "moved");
  auto reopened = rc::log::reopen();
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error().code, ENOENT);
  rc::log::info("kept");
  EXPECT_NE(read_file(dir_ / "moved" / "racoon.log").find("[INFO]: kept\n"), std::string::npos);
}

TEST_F(LoggerOutput, FailedConfigureKeepsTheOldOutputs) {
  const fs::path file = dir_ / "racoon.log";
  ASSERT_TRUE(rc::log::configure(file_config(file)));
  auto bad = rc::log::configure(file_config(dir_ / "missing" / "x.log"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ENOENT);
  EXPECT_NE(bad.error().message.find("cannot open log file"), std::string::npos);
  rc::log::info("still here");
  EXPECT_NE(read_file(file).find("[INFO]: still here\n"), std::string::npos);
}

TEST_F(LoggerOutput, ReopenWithoutFileIsANoOp) {
  rc::log::Config config;
  config.to_syslog = false;
  ASSERT_TRUE(rc::log::configure(config));
  EXPECT_TRUE(rc::log::reopen());
}

// Points fd 2 at a file for the lifetime of the object.
class StderrToFile {
 public:
  explicit StderrToFile(const fs::path& file)
      : saved_(::dup(STDERR_FILENO)),
        target_(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) {
    ::dup2(target_.get(), STDERR_FILENO);
  }
  StderrToFile(const StderrToFile&) = delete;
  StderrToFile& operator=(const StderrToFile&) = delete;
  ~StderrToFile() { ::dup2(saved_.get(), STDERR_FILENO); }

 private:
  rc::UniqueFd saved_;
  rc::UniqueFd target_;
};

TEST_F(LoggerOutput, StderrLinesForForegroundRuns) {
  const fs::path file = dir_ / "stderr";
  rc::log::Config config;
  config.to_syslog = false;
  config.to_stderr = true;
  ASSERT_TRUE(rc::log::configure(config));
  {
    StderrToFile redirect(file);
    rc::log::internal_warn("low on {}", "memory");
  }
  EXPECT_EQ(read_file(file), "[INTERNAL_WARN]: low on memory\n");
}

TEST_F(LoggerOutput, StderrTimeStampOnRequest) {
  const fs::path file = dir_ / "stderr";
  rc::log::Config config;
  config.to_syslog = false;
  config.to_stderr = true;
  config.stderr_timestamp = true;
  ASSERT_TRUE(rc::log::configure(config));
  {
    StderrToFile redirect(file);
    rc::log::info("stamped");
  }
  const std::string text = read_file(file);
  EXPECT_TRUE(std::regex_search(text, kStampedLine)) << text;
  EXPECT_TRUE(text.ends_with(" [INFO]: stamped\n")) << text;
}

TEST_F(LoggerOutput, FileAndStderrTogether) {
  const fs::path file = dir_ / "racoon.log";
  auto config = file_config(file);
  config.to_stderr = true;
  ASSERT_TRUE(rc::log::configure(config));
  {
    StderrToFile redirect(dir_ / "stderr");
    rc::log::info("both");
  }
  EXPECT_TRUE(read_file(file).ends_with("[INFO]: both\n"));
  EXPECT_EQ(read_file(dir_ / "stderr"), "[INFO]: both\n");
}

TEST_F(LoggerOutput, TestSinkReplacesTheConfiguredOutputs) {
  const fs::path file = dir_ / "racoon.log";
  ASSERT_TRUE(rc::log::configure(file_config(file)));
  struct Discard : rc::log::Sink {
    void write(rc::log::Tag /*tag*/, std::string_view /*line*/) override {}
  } sink;
  rc::log::Sink* previous = rc::log::install_sink(&sink);
  rc::log::info("to the sink only");
  rc::log::install_sink(previous);
  EXPECT_EQ(read_file(file), "");
}

}  // namespace
