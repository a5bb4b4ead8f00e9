#include "tools/spmdctl/connection.h"

#include <sys/stat.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "spmif/login.h"

namespace spmdctl {
namespace {

namespace spmif = rc::spmif;

// Room on top of the client's own per-request timeout, so the client's
// ETIMEDOUT (which names what was waited for) normally comes first.
constexpr std::chrono::milliseconds kLoopSlack{1000};

rc::Error explain_login_failure(const rc::Error& error, const ConnectionSettings& settings) {
  switch (error.code) {
    case ENOENT:
    case ECONNREFUSED:
      return rc::Error{error.code, fmt::format("spmd is not running: no spmif socket at {}",
                                               settings.socket_path)};
    case EACCES:
    case EPERM:
      return rc::Error{error.code,
                       fmt::format("login refused: check that spmd.pwd ({}) is the file spmd uses",
                                   settings.password_file)};
    case ETIMEDOUT:
      return rc::Error{error.code, fmt::format("spmd at {} did not answer: {}",
                                               settings.socket_path, error.message)};
    default:
      return rc::Error{error.code, fmt::format("cannot log in to spmd at {}: {}",
                                               settings.socket_path, error.message)};
  }
}

}  // namespace

Connection::Connection(Key /*key*/, std::unique_ptr<rc::event::Loop> loop,
                       ConnectionSettings settings)
    : loop_(std::move(loop)), settings_(std::move(settings)) {}

Connection::~Connection() = default;

rc::Result<std::unique_ptr<Connection>> Connection::open(ConnectionSettings settings) {
  auto password = spmif::read_password(settings.password_file);
  if (!password) {
    // spmd creates the file at its first start: no file and no socket
    // means spmd never ran here.
    struct stat socket_file {};
    if (password.error().code == ENOENT &&
        ::stat(settings.socket_path.c_str(), &socket_file) != 0) {
      return rc::fail(explain_login_failure(rc::Error{ENOENT, "no socket"}, settings));
    }
    return rc::fail(rc::Error{password.error().code,
                              fmt::format("cannot read spmd.pwd: {}", password.error().message)});
  }
  auto loop = rc::event::Loop::create();
  if (!loop) return rc::fail(loop.error());
  auto self = std::make_unique<Connection>(
      Key{}, std::make_unique<rc::event::Loop>(std::move(*loop)), std::move(settings));
  const ConnectionSettings& s = self->settings_;

  // The callbacks point into *self, which owns the client: they cannot
  // outlive what they write to.
  Connection* raw = self.get();
  auto client = spmif::Client::connect(
      *self->loop_,
      spmif::ClientOptions{.socket_path = s.socket_path,
                           .password = std::move(*password),
                           .timeout = s.timeout,
                           .trace = s.trace},
      spmif::ClientCallbacks{
          .on_login = [raw](rc::Result<void> result) { raw->login_ = std::move(result); },
          .on_lost =
              [raw](const rc::Error& error) {
                raw->lost_ = true;
                raw->lost_error_ = error;
              }});
  if (!client) return rc::fail(explain_login_failure(client.error(), s));
  self->client_ = std::move(*client);
  auto waited = spmif::run_until(
      *self->loop_, [raw] { return raw->login_.has_value(); }, s.timeout + kLoopSlack);
  if (!waited) return rc::fail(explain_login_failure(waited.error(), s));
  if (!*self->login_) return rc::fail(explain_login_failure(self->login_->error(), s));
  return self;
}

rc::Result<spmif::Reply> Connection::call(const spmif::Command& command) {
  if (lost_) {
    return rc::fail(
        rc::Error{lost_error_.code, "the connection to spmd was lost: " + lost_error_.message});
  }
  auto answer = std::make_shared<std::optional<rc::Result<spmif::Reply>>>();
  const auto tag = client_->request(
      command, [answer](rc::Result<spmif::Reply> reply) { *answer = std::move(reply); });
  auto waited = spmif::run_until(
      *loop_, [&answer] { return answer->has_value(); }, settings_.timeout + kLoopSlack);
  if (!waited) {
    client_->cancel(tag);
    return rc::fail(rc::Error{
        waited.error().code, fmt::format("spmd did not answer {}: {}", spmif::command_name(command),
                                         waited.error().message)});
  }
  if (!**answer) {
    return rc::fail(rc::Error{(*answer)->error().code, fmt::format("spmd did not answer {}: {}",
                                                                   spmif::command_name(command),
                                                                   (*answer)->error().message)});
  }
  return std::move(**answer);
}

void Connection::quit() {
  if (lost_ || !client_) return;
  auto done = std::make_shared<bool>(false);
  client_->quit([done] { *done = true; });
  // A spmd that never says BYE is not worth an error: the command is done.
  (void)spmif::run_until(
      *loop_, [&done, this] { return *done || lost_; }, settings_.timeout + kLoopSlack);
  client_.reset();
}

}  // namespace spmdctl
