// Fuzzes the spmif text protocol from both ends: command lines as spmd
// reads them (parse_command, with the rule that whatever parses formats to
// a line that parses back to the same command), reply lines as the client
// reads them (parse_reply_line and ReplyCollector), and a whole
// ServerSession fed the input in two pieces, whose output must always be
// well-formed reply lines.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "buf/bytes.h"
#include "spmif/command.h"
#include "spmif/line_splitter.h"
#include "spmif/login.h"
#include "spmif/reply.h"
#include "spmif/session.h"

namespace {

namespace spmif = rc::spmif;

class EchoHandler : public spmif::CommandHandler {
 public:
  spmif::Reply handle(const spmif::Command& command) override {
    // Echo the formatted command, the way spmd echoes peer-chosen values
    // (an FQDN, a selector index) into replies.
    return {250, {std::string(spmif::command_name(command)), spmif::format_command(command)}};
  }
};

void check_command(std::string_view line) {
  (void)spmif::command_verb(line);
  auto command = spmif::parse_command(line);
  if (!command) {
    const int code = command.error().code;
    if (code != 500 && code != 502 && code != 550) __builtin_trap();
    return;
  }
  (void)spmif::command_name(*command);
  const std::string formatted = spmif::format_command(*command);
  auto again = spmif::parse_command(formatted);
  if (!again || !(*again == *command)) __builtin_trap();
  if (spmif::format_command(*again) != formatted) __builtin_trap();
}

void check_reply_line(std::string_view line) {
  auto parsed = spmif::parse_reply_line(line);
  if (!parsed) return;
  std::string wire = spmif::format_reply_line(parsed->code, parsed->last, parsed->text);
  if (wire.size() < 2 || wire.substr(wire.size() - 2) != "\r\n") __builtin_trap();
  wire.resize(wire.size() - 2);
  auto again = spmif::parse_reply_line(wire);
  if (!again || !(*again == *parsed)) __builtin_trap();
}

// Every line a session writes must parse as a reply line, and the replies
// must be complete when the output ends.
void check_session_output(std::string_view output) {
  spmif::LineSplitter splitter(1 << 20);
  spmif::ReplyCollector collector;
  splitter.feed(output);
  while (auto item = splitter.next()) {
    if (item->kind != spmif::LineSplitter::Item::Kind::Line) __builtin_trap();
    if (!collector.add(item->line)) __builtin_trap();
  }
  if (splitter.pending() != 0 || collector.in_progress()) __builtin_trap();
}

void check_session(std::span<const std::uint8_t> data) {
  static const rc::buf::SecretBytes password = spmif::password_hex(rc::buf::to_bytes("fuzz"));
  static const std::string challenge = "0123456789ABCDEF0123456789ABCDEF01234567";
  EchoHandler handler;
  spmif::ServerSession session(challenge, password, handler, {.max_line = 64, .max_oversized = 3});
  check_session_output(session.greeting());
  // A prefix that logs in, so the fuzzer reaches the handler without
  // having to find SHA-1 preimages.
  if (!data.empty() && data[0] == '!') {
    auto response = spmif::login_response(challenge, password);
    if (!response) __builtin_trap();
    const std::string login = "LOGIN " + *response + "\r\n";
    const std::string out = session.feed(rc::buf::to_bytes(login));
    if (out != "250 OK\r\n" || !session.authenticated()) __builtin_trap();
    data = data.subspan(1);
  }
  const std::size_t half = data.size() / 2;
  std::string out = session.feed(data.first(half));
  const bool closed_early = session.closing();
  const std::string rest = session.feed(data.subspan(half));
  if (closed_early && !rest.empty()) __builtin_trap();
  out += rest;
  check_session_output(out);
}

void check_splitter(std::string_view text) {
  spmif::LineSplitter splitter(16);
  for (std::size_t i = 0; i < text.size(); i += 7) {
    splitter.feed(text.substr(i, 7));
    if (splitter.pending() > 17) __builtin_trap();
    while (auto item = splitter.next()) {
      if (item->line.size() > 16 || item->line.find('\n') != std::string::npos) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::string_view text = rc::buf::as_text(bytes);

  check_command(text);
  spmif::ReplyCollector collector(8);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    check_command(line);
    check_reply_line(line);
    (void)collector.add(line);
    start = end + 1;
  }
  check_splitter(text);
  check_session(bytes);
  return 0;
}
