// The typed requests of spmif::Client: what iked, kinkd and spmdctl ask,
// with the reply turned into a value or an Error.
#include <cerrno>

#include <fmt/format.h>

#include "log/printable.h"
#include "spmif/client.h"

namespace rc::spmif {

namespace {

// A non-2xx reply as an Error. 551 (no such SPID) and 501 (not cached) mean
// "not found", which callers handle differently from a failure.
Error reply_error(const Reply& reply) {
  const bool not_found = reply.code == static_cast<int>(Code::ExistsOrMissing) ||
                         reply.code == static_cast<int>(Code::NotCached);
  std::string text;
  for (const std::string& line : reply.lines) {
    if (!text.empty()) text += " / ";
    text += log::printable(line);
  }
  return Error{not_found ? ENOENT : EPROTO, fmt::format("spmd answered {} {}", reply.code, text)};
}

// Forwards a transport error or a refusal; true when `reply` is a 2xx.
template <class T>
bool accepted(const Result<Reply>& reply, const std::function<void(Result<T>)>& callback) {
  if (!reply) {
    callback(fail(Error(reply.error())));
    return false;
  }
  if (!reply->ok()) {
    callback(fail(reply_error(*reply)));
    return false;
  }
  return true;
}

Client::ReplyCallback expect_ok(std::function<void(Result<void>)> callback) {
  return [callback = std::move(callback)](const Result<Reply>& reply) {
    if (accepted(reply, callback)) callback(ok());
  };
}

}  // namespace

Client::Tag Client::slid(std::uint32_t spid, std::function<void(Result<std::string>)> callback) {
  return request(SlidCommand{spid}, [callback = std::move(callback)](Result<Reply> reply) {
    if (!accepted(reply, callback)) return;
    if (reply->lines.size() != 1 || reply->lines.front().empty()) {
      callback(fail(Error{EPROTO, fmt::format("spmd's SLID answer has no selector index: {} lines",
                                              reply->lines.size())}));
      return;
    }
    callback(std::move(reply->lines.front()));
  });
}

Client::Tag Client::fqdn_query(const addr::IpAddress& address,
                               std::function<void(Result<std::vector<std::string>>)> callback) {
  const FqdnCommand command{FqdnCommand::Op::Query, {}, address};
  return request(command, [callback = std::move(callback)](Result<Reply> reply) {
    if (!accepted(reply, callback)) return;
    // 251 would mean "nothing"; a 250 line is one cached name.
    if (reply->code == static_cast<int>(Code::OkEmpty)) {
      callback(std::vector<std::string>{});
      return;
    }
    callback(std::move(reply->lines));
  });
}

Client::Tag Client::policy_add(const PolicyAddCommand& command,
                               std::function<void(Result<void>)> callback) {
  return request(command, expect_ok(std::move(callback)));
}

Client::Tag Client::policy_delete(const PolicyDeleteCommand& command,
                                  std::function<void(Result<void>)> callback) {
  return request(command, expect_ok(std::move(callback)));
}

Client::Tag Client::migrate(const MigrateCommand& command,
                            std::function<void(Result<void>)> callback) {
  return request(command, expect_ok(std::move(callback)));
}

}  // namespace rc::spmif
