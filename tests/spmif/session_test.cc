#include "spmif/session.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "spmif/login.h"

namespace rc::spmif {
namespace {

// Answers like a tiny spmd and remembers what it was asked.
class RecordingHandler : public CommandHandler {
 public:
  Reply handle(const Command& command) override {
    seen.push_back(format_command(command));
    if (const auto* slid = std::get_if<SlidCommand>(&command)) {
      if (slid->spid == 7) return {250, {"sel_out"}};
      return {551, {"No Such SPID(" + std::to_string(slid->spid) + ")"}};
    }
    if (std::holds_alternative<FqdnCommand>(command)) return {250, {"a.example.", "b.example."}};
    return {250, {"OK " + std::string(command_name(command))}};
  }
  std::vector<std::string> seen;
};

constexpr std::string_view kChallenge = "0123456789ABCDEF0123456789ABCDEF01234567";

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() : password_(password_hex(buf::to_bytes("secret"))) {}

  ServerSession make(SessionLimits limits = {}) {
    return ServerSession(std::string(kChallenge), password_, handler_, limits);
  }
  std::string good_login() {
    auto response = login_response(kChallenge, password_);
    EXPECT_TRUE(response);
    return "LOGIN " + (response ? *response : std::string()) + "\r\n";
  }
  static std::string feed(ServerSession& session, std::string_view text) {
    return session.feed(buf::to_bytes(text));
  }

  buf::SecretBytes password_;
  RecordingHandler handler_;
};

TEST_F(SessionTest, Greeting) {
  auto session = make();
  EXPECT_EQ(session.greeting(), "220 0123456789ABCDEF0123456789ABCDEF01234567\r\n");
}

TEST_F(SessionTest, LoginThenCommands) {
  auto session = make();
  EXPECT_EQ(feed(session, good_login()), "250 OK\r\n");
  EXPECT_TRUE(session.authenticated());
  EXPECT_EQ(feed(session, "SLID 7\r\n"), "250 sel_out\r\n");
  EXPECT_EQ(feed(session, "slid 9\r\n"), "551 No Such SPID(9)\r\n");
  EXPECT_EQ(feed(session, "FQDN QUERY 192.0.2.1\r\n"), "250-a.example.\r\n250 b.example.\r\n");
  EXPECT_EQ(handler_.seen, (std::vector<std::string>{"SLID 7", "SLID 9", "FQDN QUERY 192.0.2.1"}));
  EXPECT_FALSE(session.closing());
}

TEST_F(SessionTest, LoginKeywordCaseAndLf) {
  auto session = make();
  std::string line = good_login();
  line.replace(0, 5, "login");
  line.erase(line.size() - 2, 1);  // bare LF
  EXPECT_EQ(feed(session, line), "250 OK\r\n");
}

TEST_F(SessionTest, WrongHashFailsAndCloses) {
  auto session = make();
  EXPECT_EQ(feed(session, "LOGIN 0000000000000000000000000000000000000000\r\nSTAT\r\n"),
            "550 FAILED(Internal Error)\r\n");
  EXPECT_TRUE(session.closing());
  EXPECT_FALSE(session.authenticated());
  EXPECT_EQ(session.counters().login_failures, 1U);
  // Later input, even a correct login, is ignored.
  EXPECT_EQ(feed(session, good_login()), "");
  EXPECT_FALSE(session.authenticated());
  EXPECT_TRUE(handler_.seen.empty());
}

TEST_F(SessionTest, LowercaseHashFails) {
  auto session = make();
  std::string line = good_login();
  for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(feed(session, line), "550 FAILED(Internal Error)\r\n");
  EXPECT_TRUE(session.closing());
}

TEST_F(SessionTest, LoginArgumentCountFails) {
  for (const std::string_view bad : {"LOGIN\r\n", "LOGIN a b\r\n"}) {
    auto session = make();
    EXPECT_EQ(feed(session, bad), "550 FAILED(Internal Error)\r\n") << bad;
    EXPECT_TRUE(session.closing());
  }
}

TEST_F(SessionTest, TrailingGarbageAfterHashFails) {
  auto session = make();
  std::string line = good_login();
  line.insert(line.size() - 2, "00");
  EXPECT_EQ(feed(session, line), "550 FAILED(Internal Error)\r\n");
}

TEST_F(SessionTest, SecondLoginFailsAndCloses) {
  auto session = make();
  EXPECT_EQ(feed(session, good_login()), "250 OK\r\n");
  EXPECT_EQ(feed(session, good_login()), "550 FAILED(Internal Error)\r\n");
  EXPECT_TRUE(session.closing());
}

TEST_F(SessionTest, NeedLoginAnswers) {
  auto session = make();
  EXPECT_EQ(feed(session, "NS LIST\r\n"), "550 Need Login\r\n");
  EXPECT_EQ(feed(session, "NS garbage\r\n"), "550 Need Login\r\n");
  EXPECT_EQ(feed(session, "FQDN LIST\r\n"), "550 need login\r\n");
  EXPECT_EQ(feed(session, "SLID 7\r\n"), "550 need login\r\n");
  EXPECT_EQ(feed(session, "POLICY DUMP\r\n"), "550 need login\r\n");
  EXPECT_EQ(feed(session, "MIGRATE a b c d e\r\n"), "550 need login\r\n");
  EXPECT_EQ(feed(session, "STAT\r\n"), "550 need login\r\n");
  EXPECT_EQ(feed(session, "HELO x\r\n"), "502 Command not implemented\r\n");
  EXPECT_TRUE(handler_.seen.empty());
  EXPECT_FALSE(session.closing());
  // The challenge is still unused: the login works.
  EXPECT_EQ(feed(session, good_login()), "250 OK\r\n");
}

TEST_F(SessionTest, QuitWithoutLogin) {
  auto session = make();
  EXPECT_EQ(feed(session, "QUIT\r\nSTAT\r\n"), "250 BYE\r\n");
  EXPECT_TRUE(session.closing());
}

TEST_F(SessionTest, ExitAfterLogin) {
  auto session = make();
  EXPECT_EQ(feed(session, good_login() + "exit\r\n"), "250 OK\r\n250 BYE\r\n");
  EXPECT_TRUE(session.closing());
}

TEST_F(SessionTest, ErrorsAfterLogin) {
  auto session = make();
  ASSERT_EQ(feed(session, good_login()), "250 OK\r\n");
  EXPECT_EQ(feed(session, "FOO\r\n"), "502 Command not implemented\r\n");
  EXPECT_EQ(feed(session, "SLID x\r\n"), "500 Syntax Error\r\n");
  EXPECT_EQ(feed(session, "NS ADD ns.example\r\n"), "550 Operation Failed\r\n");
  EXPECT_EQ(feed(session, "QUIT now\r\n"), "500 Syntax Error\r\n");
  EXPECT_EQ(session.counters().syntax_errors, 3U);
  EXPECT_TRUE(handler_.seen.empty());
  EXPECT_FALSE(session.closing());
}

TEST_F(SessionTest, EmptyLinesIgnored) {
  auto session = make();
  EXPECT_EQ(feed(session, "\r\n\n  \t \r\n"), "");
  EXPECT_EQ(session.counters().commands, 0U);
  EXPECT_FALSE(session.closing());
}

TEST_F(SessionTest, PipelinedCommandsAnsweredInOrder) {
  auto session = make();
  const std::string out =
      feed(session, good_login() + "SLID 7\r\nPOLICY DUMP\r\nBAD\r\nSLID 8\r\n");
  EXPECT_EQ(out,
            "250 OK\r\n250 sel_out\r\n250 OK POLICY DUMP\r\n502 Command not implemented\r\n"
            "551 No Such SPID(8)\r\n");
  EXPECT_EQ(session.counters().commands, 5U);
}

TEST_F(SessionTest, PartialWritesByteByByte) {
  auto session = make();
  const std::string input = good_login() + "SLID 7\r\nSTAT\r\n";
  std::string out;
  for (const char c : input) out += feed(session, std::string_view(&c, 1));
  EXPECT_EQ(out, "250 OK\r\n250 sel_out\r\n250 OK STAT\r\n");
}

TEST_F(SessionTest, OversizedLinesAnsweredThenClosed) {
  auto session = make({.max_line = 64, .max_oversized = 2});
  const std::string big(100, 'x');
  EXPECT_EQ(feed(session, good_login() + big + "\r\nSTAT\r\n"),
            "250 OK\r\n500 Syntax Error (line too long)\r\n250 OK STAT\r\n");
  EXPECT_FALSE(session.closing());
  EXPECT_EQ(feed(session, big + "\r\nSTAT\r\n"), "500 Syntax Error (line too long)\r\n");
  EXPECT_TRUE(session.closing());
  EXPECT_EQ(session.counters().oversized, 2U);
}

TEST_F(SessionTest, OversizedWithoutLineBreak) {
  auto session = make({.max_line = 16, .max_oversized = 3});
  EXPECT_EQ(feed(session, std::string(1000, 'a')), "500 Syntax Error (line too long)\r\n");
  EXPECT_EQ(feed(session, std::string(1000, 'a')), "");  // same line, reported once
  EXPECT_EQ(feed(session, "\nQUIT\r\n"), "250 BYE\r\n");
}

}  // namespace
}  // namespace rc::spmif
