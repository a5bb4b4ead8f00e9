#include "spmif/reply.h"

#include <cerrno>

#include <fmt/format.h>

#include "log/printable.h"

namespace rc::spmif {

namespace {

// A code outside 100..999 would not be three digits and would break the
// framing for every later reply; only a handler bug can produce one.
int sane_code(int code) {
  return code >= 100 && code <= 999 ? code : static_cast<int>(Code::Failed);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

Error malformed(std::string_view line, std::string_view why) {
  return Error{EBADMSG, fmt::format("malformed spmif reply line \"{}\": {}",
                                    log::printable(line.substr(0, 80)), why)};
}

}  // namespace

std::string format_reply_line(int code, bool last, std::string_view text) {
  const std::size_t cut = text.find_first_of("\r\n");
  if (cut != std::string_view::npos) text = text.substr(0, cut);
  return fmt::format("{:03d}{}{}\r\n", sane_code(code), last ? ' ' : '-', text);
}

std::string format_reply(const Reply& reply) {
  // An empty reply still needs its one (last) line to end the exchange.
  if (reply.lines.empty()) return format_reply_line(reply.code, true, {});
  std::string out;
  for (std::size_t i = 0; i < reply.lines.size(); ++i) {
    out += format_reply_line(reply.code, i + 1 == reply.lines.size(), reply.lines[i]);
  }
  return out;
}

Result<ReplyLine> parse_reply_line(std::string_view line) {
  // 100..999, the range format_reply_line writes: "000" is no code.
  if (line.size() < 3 || !is_digit(line[0]) || line[0] == '0' || !is_digit(line[1]) ||
      !is_digit(line[2])) {
    return fail(malformed(line, "no three-digit code"));
  }
  if (line.find_first_of("\r\n") != std::string_view::npos) {
    return fail(malformed(line, "line break inside the line"));
  }
  ReplyLine out;
  out.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (line.size() == 3) return out;
  if (line[3] != ' ' && line[3] != '-') {
    return fail(malformed(line, "the code is not followed by ' ' or '-'"));
  }
  out.last = line[3] == ' ';
  out.text = std::string(line.substr(4));
  return out;
}

Result<std::optional<Reply>> ReplyCollector::add(std::string_view line) {
  auto parsed = parse_reply_line(line);
  if (!parsed) {
    pending_ = {};
    return fail(std::move(parsed).error());
  }
  if (pending_.lines.empty()) {
    pending_.code = parsed->code;
  } else if (parsed->code != pending_.code) {
    const int first = pending_.code;
    pending_ = {};
    return fail(malformed(line, fmt::format("code changes from {} inside one reply", first)));
  }
  if (!parsed->last && pending_.lines.size() + 1 >= max_lines_) {
    pending_ = {};
    return fail(Error{EMSGSIZE, fmt::format("spmif reply longer than {} lines", max_lines_)});
  }
  pending_.lines.push_back(std::move(parsed->text));
  if (!parsed->last) return std::optional<Reply>{};
  Reply done = std::move(pending_);
  pending_ = {};
  return std::optional<Reply>(std::move(done));
}

}  // namespace rc::spmif
