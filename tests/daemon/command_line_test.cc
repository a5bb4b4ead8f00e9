// The shared daemon command line: defaults, every option, the errors'
// exact wording, daemon-specific extras and the generated --help.
#include "daemon/command_line.h"

#include <unistd.h>

#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/build_config.h"

namespace rc::daemon {
namespace {

using ::testing::HasSubstr;

// Owns the argument strings for one parse (getopt wants char*).
class Args {
 public:
  Args(std::initializer_list<std::string> words) : words_{"spmd"} {
    words_.insert(words_.end(), words);
    for (std::string& word : words_) pointers_.push_back(word.data());
  }
  std::span<char*> span() { return pointers_; }

 private:
  std::vector<std::string> words_;
  std::vector<char*> pointers_;
};

Result<CommonOptions> parse(std::initializer_list<std::string> words,
                            std::span<const ExtraOption> extras = {}) {
  Args args(words);
  return parse_command_line("spmd", args.span(), extras);
}

std::string error_of(std::initializer_list<std::string> words,
                     std::span<const ExtraOption> extras = {}) {
  auto parsed = parse(words, extras);
  EXPECT_FALSE(parsed);
  return parsed ? std::string() : parsed.error().message;
}

TEST(CommandLineTest, DefaultsComeFromTheBuildConfiguration) {
  auto options = parse({});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->config_file, build::kConfigFile);
  EXPECT_EQ(options->pid_file, std::string(build::kPidDir) + "/spmd.pid");
  EXPECT_EQ(options->run_dir, build::kRunDir);
  EXPECT_EQ(options->key_engine, "");  // racoon2.conf decides
  EXPECT_FALSE(options->foreground);
  EXPECT_FALSE(options->kill);
  EXPECT_FALSE(options->version);
  EXPECT_FALSE(options->help);
  EXPECT_FALSE(options->check_config);
  EXPECT_EQ(options->debug_level, 0);
  EXPECT_EQ(default_pid_file("iked"), std::string(build::kPidDir) + "/iked.pid");
}

TEST(CommandLineTest, ShortOptions) {
  auto options = parse({"-f", "/etc/r.conf", "-F", "-k", "-V", "-h", "-t"});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->config_file, "/etc/r.conf");
  EXPECT_TRUE(options->foreground);
  EXPECT_TRUE(options->kill);
  EXPECT_TRUE(options->version);
  EXPECT_TRUE(options->help);
  EXPECT_TRUE(options->check_config);
}

TEST(CommandLineTest, LongOptions) {
  auto options = parse({"--config-file=/a.conf", "--foreground", "--kill", "--version", "--help",
                        "--check-config", "--pid-file", "/run/x.pid", "--run-dir=/run/x",
                        "--key-engine", "pfkeyd"});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->config_file, "/a.conf");
  EXPECT_TRUE(options->foreground);
  EXPECT_TRUE(options->kill);
  EXPECT_TRUE(options->version);
  EXPECT_TRUE(options->help);
  EXPECT_TRUE(options->check_config);
  EXPECT_EQ(options->pid_file, "/run/x.pid");
  EXPECT_EQ(options->run_dir, "/run/x");
  EXPECT_EQ(options->key_engine, "pfkeyd");
}

TEST(CommandLineTest, DebugFlagsAddAndDebugLevelSets) {
  auto repeated = parse({"-d", "-dd", "--debug"});
  ASSERT_TRUE(repeated);
  EXPECT_EQ(repeated->debug_level, 4);
  auto set_then_add = parse({"-D", "2", "-d"});
  ASSERT_TRUE(set_then_add);
  EXPECT_EQ(set_then_add->debug_level, 3);
  auto add_then_set = parse({"-d", "--DEBUG=5"});
  ASSERT_TRUE(add_then_set);
  EXPECT_EQ(add_then_set->debug_level, 5);
}

TEST(CommandLineTest, DebugLevelMustBeANumberInRange) {
  EXPECT_EQ(error_of({"-D", "x"}), "spmd: option -D: expected a level from 0 to 15, got 'x'");
  EXPECT_EQ(error_of({"--DEBUG", "16"}),
            "spmd: option --DEBUG: expected a level from 0 to 15, got '16'");
  EXPECT_EQ(error_of({"-D", "-1"}), "spmd: option -D: expected a level from 0 to 15, got '-1'");
  EXPECT_EQ(error_of({"-D", "3x"}), "spmd: option -D: expected a level from 0 to 15, got '3x'");
}

TEST(CommandLineTest, KeyEngineIsValidated) {
  for (const char* engine : {"auto", "pfkey", "xfrm", "pfkeyd"}) {
    auto options = parse({"--key-engine", engine});
    ASSERT_TRUE(options) << engine;
    EXPECT_EQ(options->key_engine, engine);
  }
  EXPECT_EQ(error_of({"--key-engine", "foo"}),
            "spmd: option --key-engine: expected auto, pfkey, xfrm or pfkeyd, got 'foo'");
  EXPECT_EQ(error_of({"--key-engine="}),
            "spmd: option --key-engine: expected auto, pfkey, xfrm or pfkeyd, got ''");
}

TEST(CommandLineTest, RelativePathsBecomeAbsolute) {
  auto options = parse({"-f", "conf/racoon2.conf", "--pid-file", "./x.pid", "--run-dir", "run"});
  ASSERT_TRUE(options);
  const std::string cwd = std::filesystem::current_path().string();
  EXPECT_EQ(options->config_file, cwd + "/conf/racoon2.conf");
  EXPECT_EQ(options->pid_file, cwd + "/x.pid");
  EXPECT_EQ(options->run_dir, cwd + "/run");
  EXPECT_EQ(error_of({"--pid-file", ""}), "spmd: option --pid-file: expected a file name, got ''");
}

TEST(CommandLineTest, UnknownOptionsAndOperandsAreRefused) {
  EXPECT_EQ(error_of({"-x"}), "spmd: unknown option '-x'; see 'spmd --help'");
  EXPECT_EQ(error_of({"--nonsense=1"}), "spmd: unknown option '--nonsense'; see 'spmd --help'");
  EXPECT_EQ(error_of({"-F", "extra"}), "spmd: unexpected argument 'extra'; see 'spmd --help'");
}

TEST(CommandLineTest, MissingAndUnwantedArgumentsAreNamed) {
  EXPECT_EQ(error_of({"-f"}), "spmd: option -f needs an argument (FILE); see 'spmd --help'");
  EXPECT_EQ(error_of({"--pid-file"}),
            "spmd: option --pid-file needs an argument (PATH); see 'spmd --help'");
  EXPECT_EQ(error_of({"--foreground=yes"}),
            "spmd: option --foreground takes no argument; see 'spmd --help'");
}

TEST(CommandLineTest, RepeatedParsesStartAfresh) {
  // getopt's hidden state (optind, the position inside "-dd") must reset.
  for (int i = 0; i < 3; ++i) {
    auto options = parse({"-dd", "-F"});
    ASSERT_TRUE(options);
    EXPECT_EQ(options->debug_level, 2);
    EXPECT_TRUE(options->foreground);
  }
  EXPECT_FALSE(parse({"-d", "-x"}));
  auto after_error = parse({"-d"});
  ASSERT_TRUE(after_error);
  EXPECT_EQ(after_error->debug_level, 1);
}

TEST(CommandLineTest, ExtraOptionsReachTheirHandlers) {
  std::vector<std::string> seen;
  bool verbose = false;
  const ExtraOption extras[] = {
      {'p', "port", true, "PORT", "IKE port",
       [&](std::string_view argument) -> Result<void> {
         if (argument == "0") return fail(Error::invalid("port 0 is not allowed"));
         seen.emplace_back(argument);
         return ok();
       }},
      {'\0', "verbose", false, "", "log to stdout too",
       [&](std::string_view) -> Result<void> {
         verbose = true;
         return ok();
       }},
  };
  auto options = parse({"-p", "500", "--port=4500", "--verbose", "-F"}, extras);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{"500", "4500"}));
  EXPECT_TRUE(verbose);
  EXPECT_TRUE(options->foreground);
  EXPECT_EQ(error_of({"--port", "0"}, extras), "spmd: option --port: port 0 is not allowed");
}

TEST(CommandLineTest, ExtrasMayNotShadowCommonOptions) {
  const auto noop = [](std::string_view) -> Result<void> { return ok(); };
  const ExtraOption same_short[] = {{'f', "file", true, "X", "", noop}};
  EXPECT_THAT(error_of({}, same_short), HasSubstr("defined twice"));
  const ExtraOption same_long[] = {{'\0', "pid-file", true, "X", "", noop}};
  EXPECT_THAT(error_of({}, same_long), HasSubstr("defined twice"));
  const ExtraOption no_handler[] = {{'\0', "lonely", false, "", "", nullptr}};
  EXPECT_THAT(error_of({}, no_handler), HasSubstr("has no handler"));
  const ExtraOption bad_name[] = {{':', "colon", false, "", "", noop}};
  EXPECT_THAT(error_of({}, bad_name), HasSubstr("unusable option name"));
}

TEST(CommandLineTest, UsageListsEveryOptionAlignedWithItsHelp) {
  const ExtraOption extras[] = {
      {'p', "port", true, "PORT", "local IKE port",
       [](std::string_view) -> Result<void> { return ok(); }},
  };
  const std::string text = usage_text("iked", extras);
  EXPECT_THAT(text, ::testing::StartsWith("Usage: iked [OPTION]...\n"));
  for (const char* expected :
       {"-f, --config-file FILE", "-F, --foreground", "-d, --debug", "-D, --DEBUG N", "-k, --kill",
        "-V, --version", "-h, --help", "-t, --check-config", "    --pid-file PATH",
        "    --run-dir DIR", "    --key-engine ENGINE", "-p, --port PORT"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
  EXPECT_THAT(text, HasSubstr(std::string("(default ") + build::kPidDir + "/iked.pid)"));
  EXPECT_THAT(text, HasSubstr(std::string("(default ") + build::kConfigFile + ")"));
  // Every help text starts in the same column.
  std::vector<std::size_t> columns;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  -", 0) != 0 && line.rfind("      --", 0) != 0) continue;
    const std::size_t gap = line.find("  ", line.find_first_not_of(' '));
    columns.push_back(line.find_first_not_of(' ', gap));
  }
  ASSERT_EQ(columns.size(), 12U);
  for (const std::size_t column : columns) EXPECT_EQ(column, columns.front());
}

TEST(CommandLineTest, VersionNamesTheProgramAndRelease) {
  EXPECT_EQ(version_text("kinkd"), std::string("kinkd (racoon2) ") + build::kVersion);
}

}  // namespace
}  // namespace rc::daemon
