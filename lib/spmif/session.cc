#include "spmif/session.h"

#include <utility>

#include "spmif/login.h"

namespace rc::spmif {

namespace {

constexpr std::string_view kLoginFailed = "FAILED(Internal Error)";

std::string reply_line(Code code, std::string_view text) {
  return format_reply_line(static_cast<int>(code), true, text);
}

bool is_blank_line(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

ServerSession::ServerSession(std::string challenge, const buf::SecretBytes& password,
                             CommandHandler& handler, SessionLimits limits)
    : challenge_(std::move(challenge)),
      password_(password.clone()),
      handler_(handler),
      limits_(limits),
      splitter_(limits.max_line) {}

std::string ServerSession::greeting() const {
  return reply_line(Code::Ready, challenge_);
}

std::string ServerSession::feed(std::span<const std::uint8_t> bytes) {
  std::string out;
  if (closing_) return out;
  splitter_.feed(bytes);
  while (!closing_) {
    auto item = splitter_.next();
    if (!item) break;
    if (item->kind == LineSplitter::Item::Kind::Oversized) {
      ++counters_.oversized;
      out += reply_line(Code::SyntaxError, "Syntax Error (line too long)");
      if (counters_.oversized >= limits_.max_oversized) closing_ = true;
      continue;
    }
    out += answer(item->line);
  }
  return out;
}

std::string ServerSession::answer(std::string_view line) {
  if (is_blank_line(line)) return {};
  ++counters_.commands;
  const auto verb = command_verb(line);
  if (!verb) {
    ++counters_.syntax_errors;
    return reply_line(Code::NotImplemented, "Command not implemented");
  }
  if (*verb == Verb::Login) {
    // One attempt per connection whatever its outcome: the challenge is
    // spent, so a second LOGIN (even after a good one) fails and closes.
    auto command = parse_command(line);
    const bool good = !challenge_used_ && command &&
                      check_login(challenge_, password_, std::get<LoginCommand>(*command).response);
    challenge_used_ = true;
    password_.clear();
    if (good) {
      authenticated_ = true;
      return reply_line(Code::Ok, "OK");
    }
    ++counters_.login_failures;
    closing_ = true;
    return reply_line(Code::Failed, kLoginFailed);
  }
  if (!authenticated_ && *verb != Verb::Quit && *verb != Verb::Exit) {
    // The original's two spellings, which clients may match on.
    return reply_line(Code::Failed, *verb == Verb::Ns ? "Need Login" : "need login");
  }
  auto command = parse_command(line);
  if (!command) {
    const CommandError& error = command.error();
    if (error.code == 500 || error.code == 502) ++counters_.syntax_errors;
    return format_reply_line(error.code, true, error.text);
  }
  if (std::holds_alternative<QuitCommand>(*command)) {
    closing_ = true;
    return reply_line(Code::Ok, "BYE");
  }
  return format_reply(handler_.handle(*command));
}

}  // namespace rc::spmif
