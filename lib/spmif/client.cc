// The connection half of the spmif client: connect, greeting, login, the
// request FIFO and every way a connection can end. The typed helpers that
// turn replies into values are in client_requests.cc.
#include "spmif/client.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "base/unique_fd.h"
#include "log/printable.h"
#include "spmif/line_splitter.h"
#include "spmif/login.h"

namespace rc::spmif {

namespace {

bool is_challenge(std::string_view text) {
  if (text.size() != kChallengeLength) return false;
  for (const char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

std::string reply_text(const Reply& reply) {
  std::string text;
  for (const std::string& line : reply.lines) {
    if (!text.empty()) text += " / ";
    text += log::printable(line);
  }
  return fmt::format("{} {}", reply.code, text);
}

}  // namespace

struct Client::State {
  enum class Phase : std::uint8_t { Connecting, Greeting, Login, Ready, Closed };

  struct Request {
    Tag tag = 0;
    std::string line;
    ReplyCallback callback;      // empty once cancelled
    bool quit = false;           // the QUIT of quit(): ends the connection quietly
    std::function<void()> done;  // quit()'s callback
  };

  // Work that must not run inside the caller's frame (a user callback
  // called from request() or connect() could destroy the client under it).
  struct Deferred {
    Tag tag = 0;  // 0: not a request, cannot be cancelled
    std::function<void()> run;
  };

  State(event::Loop& event_loop, ClientOptions client_options, ClientCallbacks client_callbacks)
      : loop(event_loop),
        options(std::move(client_options)),
        callbacks(std::move(client_callbacks)),
        splitter(options.max_line),
        collector(options.max_reply_lines) {
    timeout = loop.add_timer(options.timeout, [this] { on_timeout(); });
    timeout.cancel();
    soon = loop.add_timer(std::chrono::milliseconds(0), [this] { run_deferred(); });
    soon.cancel();
  }

  event::Loop& loop;
  ClientOptions options;
  ClientCallbacks callbacks;
  UniqueFd fd;
  event::IoWatch watch;
  event::Timer timeout;
  event::Timer soon;
  std::deque<Deferred> deferred;
  LineSplitter splitter;
  ReplyCollector collector;
  std::string out;  // bytes not yet written
  Phase phase = Phase::Connecting;
  std::deque<Request> queue;
  std::optional<Request> in_flight;
  Tag next_tag = 1;
  // Expires with the State: a callback that destroyed the client is seen
  // through a weak_ptr taken before the call.
  std::shared_ptr<char> life = std::make_shared<char>();

  void trace(std::string_view line) const {
    if (options.trace) options.trace(line);
  }

  void defer(Tag tag, std::function<void()> run) {
    deferred.push_back({tag, std::move(run)});
    soon.restart(std::chrono::milliseconds(0));
  }

  void run_deferred() {
    const std::weak_ptr<char> alive = life;
    while (!alive.expired() && !deferred.empty()) {
      const std::function<void()> run = std::move(deferred.front().run);
      deferred.pop_front();
      run();
    }
  }

  Result<void> start(const sockaddr_un& address) {
    fd.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return fail(Error::from_errno(errno, "cannot create a UNIX socket"));
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    int result = 0;
    do {
      result = ::connect(fd.get(), generic, sizeof address);
    } while (result != 0 && errno == EINTR);
    if (result != 0 && errno != EINPROGRESS) {
      // spmd not running (ENOENT, ECONNREFUSED) is a login failure, and
      // on_login must not run before the caller holds the client.
      Error error = Error::from_errno(errno, "cannot connect to spmd at " + options.socket_path);
      defer(0, [this, error = std::move(error)] { lose(error); });
      return ok();
    }
    auto watching =
        loop.watch_io(fd.get(), result == 0 ? event::Interest::kRead : event::Interest::kWrite,
                      [this](event::IoEvents events) { on_io(events); });
    if (!watching) return fail(std::move(watching).error());
    watch = std::move(*watching);
    if (result == 0) phase = Phase::Greeting;
    timeout.restart(options.timeout);
    return ok();
  }

  void on_io(event::IoEvents events) {
    if (phase == Phase::Connecting) {
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
      if (error != 0) {
        lose(Error::from_errno(error, "cannot connect to spmd at " + options.socket_path));
        return;
      }
      phase = Phase::Greeting;
      (void)watch.set_interest(event::Interest::kRead);
      return;
    }
    if (events.writable) flush();
    if (events.readable || events.hangup || events.error) read_all();
  }

  // Reads until the socket is empty; false once the client is gone or closed.
  bool read_all() {
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
      const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n > 0) {
        splitter.feed(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)));
        if (!handle_lines()) return false;
        continue;
      }
      if (n == 0) {
        lose(Error{ECONNRESET, "spmd closed the connection"});
        return false;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return true;
      lose(Error::from_errno(errno, "cannot read from spmd"));
      return false;
    }
  }

  bool handle_lines() {
    while (auto item = splitter.next()) {
      if (item->kind == LineSplitter::Item::Kind::Oversized) {
        lose(Error{EPROTO, fmt::format("spmd sent a line longer than {} bytes", options.max_line)});
        return false;
      }
      trace("< " + item->line);
      auto reply = collector.add(item->line);
      if (!reply) {
        lose(Error{EPROTO, reply.error().message});
        return false;
      }
      if (reply->has_value() && !on_reply(std::move(**reply))) return false;
    }
    return true;
  }

  // False once the client is gone or the connection closed.
  bool on_reply(Reply reply) {
    switch (phase) {
      case Phase::Greeting:
        return on_greeting(reply);
      case Phase::Login:
        return on_login_reply(reply);
      case Phase::Ready:
        return on_request_reply(std::move(reply));
      case Phase::Connecting:
      case Phase::Closed:
        break;
    }
    return false;
  }

  bool on_greeting(const Reply& reply) {
    if (reply.code != static_cast<int>(Code::Ready) || reply.lines.size() != 1 ||
        !is_challenge(reply.lines.front())) {
      lose(Error{EPROTO, "unexpected greeting from spmd: " + reply_text(reply)});
      return false;
    }
    auto response = login_response(reply.lines.front(), options.password);
    if (!response) {
      lose(std::move(response).error());
      return false;
    }
    phase = Phase::Login;
    trace("> LOGIN ****");
    out += "LOGIN " + *response + "\r\n";
    timeout.restart(options.timeout);
    flush();
    return true;
  }

  bool on_login_reply(const Reply& reply) {
    if (reply.code != static_cast<int>(Code::Ok)) {
      lose(
          Error{EACCES, "spmd refused the login (check the spmif password): " + reply_text(reply)});
      return false;
    }
    phase = Phase::Ready;
    timeout.cancel();
    options.password.clear();  // the challenge is spent; P is not needed again
    const std::weak_ptr<char> alive = life;
    if (callbacks.on_login) callbacks.on_login(ok());
    if (alive.expired()) return false;
    send_next();
    return true;
  }

  bool on_request_reply(Reply reply) {
    if (!in_flight) {
      lose(Error{EPROTO, "unexpected reply from spmd: " + reply_text(reply)});
      return false;
    }
    Request request = std::move(*in_flight);
    in_flight.reset();
    timeout.cancel();
    if (request.quit) {
      close_quietly(request);
      return false;
    }
    const std::weak_ptr<char> alive = life;
    if (request.callback) request.callback(std::move(reply));
    if (alive.expired()) return false;
    send_next();
    return true;
  }

  // Sends the next queued request if none is in flight.
  void send_next() {
    if (phase != Phase::Ready || in_flight || queue.empty()) return;
    in_flight = std::move(queue.front());
    queue.pop_front();
    trace("> " + in_flight->line);
    out += in_flight->line + "\r\n";
    timeout.restart(options.timeout);
    flush();
  }

  // Writes what the socket takes now and waits for writability for the
  // rest. A write error is handled from the loop, never in the caller's
  // frame (this runs inside request()).
  void flush() {
    while (!out.empty()) {
      const ssize_t n = ::send(fd.get(), out.data(), out.size(), MSG_NOSIGNAL);
      if (n >= 0) {
        out.erase(0, static_cast<std::size_t>(n));
        continue;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        (void)watch.set_interest(event::Interest::kReadWrite);
        return;
      }
      Error error = Error::from_errno(errno, "cannot write to spmd");
      out.clear();
      (void)watch.set_interest(event::Interest::kRead);
      defer(0, [this, error = std::move(error)] { lose(error); });
      return;
    }
    (void)watch.set_interest(event::Interest::kRead);
  }

  void on_timeout() {
    if (phase == Phase::Ready && !in_flight) return;
    const char* what = phase == Phase::Ready ? "reply" : "login";
    lose(Error{ETIMEDOUT,
               fmt::format("no {} from spmd within {} ms", what, options.timeout.count())});
  }

  void close_connection() {
    phase = Phase::Closed;
    watch.reset();
    fd.reset();
    timeout.cancel();
    out.clear();
    options.password.clear();
  }

  // Everything still waiting, the request in flight first.
  std::deque<Request> take_waiting() {
    std::deque<Request> waiting = std::move(queue);
    queue.clear();
    if (in_flight) waiting.push_front(std::move(*in_flight));
    in_flight.reset();
    return waiting;
  }

  // Ends the connection because of `error`. Before the login completed the
  // owner hears it through on_login and waiting requests get the same
  // error; afterwards the request in flight gets ETIMEDOUT for a timeout,
  // every other waiting request ECONNRESET, and on_lost comes last. Once
  // a callback destroys the client nothing more is called.
  void lose(const Error& error) {
    if (phase == Phase::Closed) return;
    const bool was_ready = phase == Phase::Ready;
    const bool had_in_flight = in_flight.has_value();
    close_connection();
    std::deque<Request> waiting = take_waiting();
    const auto on_login = callbacks.on_login;
    const auto on_lost = callbacks.on_lost;
    const std::weak_ptr<char> alive = life;
    if (!was_ready && on_login) on_login(fail(Error(error)));
    const Error reset{ECONNRESET, "connection to spmd lost: " + error.message};
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      if (alive.expired()) return;
      Request& request = waiting[i];
      if (request.quit) {
        if (request.done) request.done();
        continue;
      }
      if (!request.callback) continue;
      const bool keep_error = !was_ready || (i == 0 && had_in_flight && error.code == ETIMEDOUT);
      request.callback(fail(keep_error ? Error(error) : reset));
    }
    if (was_ready && on_lost && !alive.expired()) on_lost(error);
  }

  // After "250 BYE": the owner asked for the end, so no on_lost; requests
  // made after quit() fail with ECONNRESET.
  void close_quietly(Request& quit_request) {
    close_connection();
    std::deque<Request> waiting = take_waiting();
    const std::weak_ptr<char> alive = life;
    if (quit_request.done) quit_request.done();
    const Error closed{ECONNRESET, "the connection to spmd was closed by quit()"};
    for (Request& request : waiting) {
      if (alive.expired()) return;
      if (request.quit && request.done) request.done();
      if (!request.quit && request.callback) request.callback(fail(Error(closed)));
    }
  }

  Tag enqueue(Request request) {
    const Tag tag = request.tag;
    if (phase == Phase::Closed) {
      defer(tag, [request = std::move(request)]() {
        if (request.quit) {
          if (request.done) request.done();
        } else if (request.callback) {
          request.callback(fail(Error{ENOTCONN, "not connected to spmd"}));
        }
      });
      return tag;
    }
    queue.push_back(std::move(request));
    send_next();
    return tag;
  }
};

Result<std::unique_ptr<Client>> Client::connect(event::Loop& loop, ClientOptions options,
                                                ClientCallbacks callbacks) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (options.socket_path.empty() || options.socket_path.size() >= sizeof address.sun_path) {
    return fail(
        Error{ENAMETOOLONG,
              fmt::format("spmif socket path \"{}\" is empty or longer than {} bytes",
                          log::printable(options.socket_path), sizeof address.sun_path - 1)});
  }
  std::memcpy(address.sun_path, options.socket_path.data(), options.socket_path.size());
  auto state = std::make_unique<State>(loop, std::move(options), std::move(callbacks));
  if (auto started = state->start(address); !started) return fail(std::move(started).error());
  return std::unique_ptr<Client>(new Client(std::move(state)));
}

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Client::~Client() = default;

Client::Tag Client::request(const Command& command, ReplyCallback callback) {
  const Tag tag = state_->next_tag++;
  std::string line = format_command(command);
  // Only what reads back as the same command is sent: this refuses a value
  // that would forge a second line or change meaning on the wire (a
  // selector index with a blank, a /0 prefix the server reads as a host).
  auto back = parse_command(line);
  if (!back || !(*back == command) || line.size() > state_->options.max_line) {
    state_->defer(tag, [callback = std::move(callback), line = std::move(line)]() {
      if (callback) {
        callback(
            fail(Error{EINVAL, "cannot express this request in spmif: " + log::printable(line)}));
      }
    });
    return tag;
  }
  return state_->enqueue({tag, std::move(line), std::move(callback), false, {}});
}

void Client::cancel(Tag tag) {
  State& s = *state_;
  if (s.in_flight && s.in_flight->tag == tag) s.in_flight->callback = nullptr;
  std::erase_if(s.queue, [tag](const State::Request& r) { return r.tag == tag; });
  std::erase_if(s.deferred, [tag](const State::Deferred& d) { return tag != 0 && d.tag == tag; });
}

void Client::quit(std::function<void()> done) {
  const Tag tag = state_->next_tag++;
  state_->enqueue({tag, "QUIT", {}, true, std::move(done)});
}

bool Client::logged_in() const {
  return state_->phase == State::Phase::Ready;
}

std::size_t Client::waiting() const {
  return state_->queue.size() + (state_->in_flight ? 1 : 0);
}

Result<void> run_until(event::Loop& loop, const std::function<bool()>& done,
                       std::chrono::milliseconds timeout) {
  const auto deadline = event::Loop::Clock::now() + timeout;
  while (!done()) {
    const auto now = event::Loop::Clock::now();
    if (now >= deadline) return fail(Error{ETIMEDOUT, "timed out waiting for spmd"});
    auto ran = loop.run_once(deadline - now);
    if (!ran) return fail(std::move(ran).error());
  }
  return ok();
}

}  // namespace rc::spmif
