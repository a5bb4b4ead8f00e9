// The server side of one spmif connection as pure code: bytes in, bytes
// out, no sockets. spmd's listener owns the socket and a ServerSession per
// client; tests and the fuzzer drive the session directly.
//
// Fixed from the original: whole lines however they arrive (partial and
// pipelined, each answered in order), a request size limit, a failed LOGIN
// closes the connection (the challenge is single-use anyway), QUIT/EXIT
// answer "250 BYE" and close, and every command but LOGIN, QUIT and EXIT
// needs a login first ("550 need login"; NS answers "550 Need Login", as
// the original spelled it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "buf/secret_bytes.h"
#include "spmif/command.h"
#include "spmif/line_splitter.h"
#include "spmif/reply.h"

namespace rc::spmif {

// What spmd does for an authenticated command (everything except LOGIN
// and QUIT/EXIT, which the session answers itself).
class CommandHandler {
 public:
  CommandHandler() = default;
  CommandHandler(const CommandHandler&) = delete;
  CommandHandler& operator=(const CommandHandler&) = delete;
  virtual ~CommandHandler() = default;
  virtual Reply handle(const Command& command) = 0;
};

struct SessionLimits {
  // The original's buffer was 512 bytes; a POLICY ADD with two IPv6 tunnel
  // endpoints and a long selector index fits comfortably.
  std::size_t max_line = 1024;
  // Oversized lines answered "500 Syntax Error (line too long)" before the
  // connection is closed.
  std::size_t max_oversized = 3;
};

struct SessionCounters {
  std::uint64_t commands = 0;
  std::uint64_t syntax_errors = 0;  // 500 and 502 answers
  std::uint64_t oversized = 0;
  std::uint64_t login_failures = 0;
};

class ServerSession {
 public:
  // `password` is P (login.h); the session keeps its own copy.
  ServerSession(std::string challenge, const buf::SecretBytes& password, CommandHandler& handler,
                SessionLimits limits = {});

  // "220 <challenge>\r\n": the first thing to send.
  [[nodiscard]] std::string greeting() const;

  // Consumes request bytes and returns the reply bytes for every complete
  // line among them, in order. After QUIT, a failed LOGIN or too many
  // oversized lines, closing() is true and later input is ignored: send
  // what was returned, then close.
  std::string feed(std::span<const std::uint8_t> bytes);

  [[nodiscard]] bool closing() const { return closing_; }
  [[nodiscard]] bool authenticated() const { return authenticated_; }
  [[nodiscard]] const SessionCounters& counters() const { return counters_; }

 private:
  std::string answer(std::string_view line);

  std::string challenge_;
  buf::SecretBytes password_;
  CommandHandler& handler_;
  SessionLimits limits_;
  LineSplitter splitter_;
  bool challenge_used_ = false;
  bool authenticated_ = false;
  bool closing_ = false;
  SessionCounters counters_;
};

}  // namespace rc::spmif
