// spmif replies (reference §3.4): SMTP-like lines "DDD text" (the last line
// of a reply) or "DDD-text" (a continuation), each ending in CRLF. The codes
// and texts are the original spmd's, so old clients keep working.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rc::spmif {

// The reply codes the original uses, and nothing else.
enum class Code : int {
  Ready = 220,           // greeting with the login challenge
  Ok = 250,              //
  OkEmpty = 251,         // OK, but the list is empty
  SyntaxError = 500,     //
  NotCached = 501,       // FQDN QUERY: the address is not in the cache
  NotImplemented = 502,  // unknown command
  Failed = 550,          //
  ExistsOrMissing = 551  // already exists / does not exist / no such SPID
};

struct ReplyLine {
  int code = 0;
  bool last = true;  // "DDD " rather than "DDD-"
  std::string text;
  bool operator==(const ReplyLine&) const = default;
};

// One whole reply: every line's text, and the code of the last line.
struct Reply {
  int code = 0;
  std::vector<std::string> lines;
  [[nodiscard]] bool ok() const { return code >= 200 && code < 300; }
  bool operator==(const Reply&) const = default;
};

// "250-text\r\n" / "250 text\r\n". Text containing CR or LF is cut there, so
// a value taken from outside can never forge another line.
std::string format_reply_line(int code, bool last, std::string_view text);
// Every line of `reply` with continuation markers on all but the last.
std::string format_reply(const Reply& reply);

// Parses one line without its line ending. Exactly three digits (a code
// from 100 to 999), then ' ' or '-', then the text (possibly empty; "250" alone is a last line with
// no text). Error code EBADMSG with a message quoting the (printable) line.
Result<ReplyLine> parse_reply_line(std::string_view line);

// Collects lines until a reply is complete. A continuation whose code
// differs from the first line's is a protocol error, and so is a reply of
// more than `max_lines` lines.
class ReplyCollector {
 public:
  explicit ReplyCollector(std::size_t max_lines = 4096) : max_lines_(max_lines) {}
  // The complete reply when `line` ended one; nullopt while more is needed.
  Result<std::optional<Reply>> add(std::string_view line);
  [[nodiscard]] bool in_progress() const { return !pending_.lines.empty(); }

 private:
  std::size_t max_lines_;
  Reply pending_;
};

}  // namespace rc::spmif
