#include "spmif_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <span>
#include <utility>

#include "log/log.h"
#include "spmif/login.h"

namespace rc::spmd {

struct SpmifServer::Connection {
  Connection(UniqueFd socket, pid_t peer_pid, std::string challenge,
             const buf::SecretBytes& password, spmif::CommandHandler& handler)
      : fd(std::move(socket)),
        pid(peer_pid),
        session(std::move(challenge), password, handler),
        output(session.greeting()) {}

  UniqueFd fd;
  pid_t pid = 0;
  spmif::ServerSession session;
  std::string output;  // replies not yet taken by the socket
  event::IoWatch watch;
  spmif::SessionCounters counted;  // what was already added to the server's counters
};

SpmifServer::SpmifServer(event::Loop& loop, daemon::UnixListener listener,
                         spmif::CommandHandler& handler, const buf::SecretBytes& password)
    : loop_(loop), listener_(std::move(listener)), handler_(handler), password_(password.clone()) {}

SpmifServer::~SpmifServer() {
  listen_watch_.reset();
  connections_.clear();
}

Result<void> SpmifServer::start() {
  auto watch = loop_.watch_io(listener_.fd(), event::Interest::kRead,
                              [this](event::IoEvents /*events*/) { accept_all(); });
  if (!watch) return fail(std::move(watch).error());
  listen_watch_ = std::move(*watch);
  return ok();
}

void SpmifServer::set_password(const buf::SecretBytes& password) {
  password_ = password.clone();
}

void SpmifServer::accept_all() {
  counters_.refused += listener_.accept_all([this](daemon::Peer peer) {
    if (connections_.size() >= kMaxConnections) {
      ++counters_.refused;
      log::internal_warn("spmd: refused an spmif connection from pid {}: {} are open already",
                         peer.pid, kMaxConnections);
      return;  // peer.fd closes here
    }
    auto challenge = spmif::make_challenge();
    if (!challenge) {
      log::internal_err("spmd: no login challenge: {}", challenge.error().message);
      return;
    }
    const std::uint64_t id = next_id_++;
    auto connection = std::make_unique<Connection>(std::move(peer.fd), peer.pid,
                                                   std::move(*challenge), password_, handler_);
    auto watch = loop_.watch_io(connection->fd.get(), event::Interest::kReadWrite,
                                [this, id](event::IoEvents events) { on_ready(id, events); });
    if (!watch) {
      log::internal_warn("spmd: cannot watch an spmif connection: {}", watch.error().message);
      return;
    }
    connection->watch = std::move(*watch);
    ++counters_.accepted;
    log::debug("spmd: spmif connection {} from pid {}", id, peer.pid);
    connections_.emplace(id, std::move(connection));
  });
}

void SpmifServer::on_ready(std::uint64_t id, event::IoEvents events) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) return;
  Connection& connection = *found->second;
  bool alive = true;
  if (events.readable || events.hangup || events.error) alive = read_from(connection);
  if (alive) alive = write_to(connection);
  if (!alive) {
    close(id);
    return;
  }
  // Stop reading while replies pile up for a client that does not read them.
  const bool backlog = !connection.output.empty();
  const auto interest = connection.session.closing() ? event::Interest::kWrite
                        : backlog                    ? event::Interest::kReadWrite
                                                     : event::Interest::kRead;
  (void)connection.watch.set_interest(interest);
}

bool SpmifServer::read_from(Connection& connection) {
  std::array<std::uint8_t, 4096> buffer{};
  for (;;) {
    if (connection.session.closing()) return true;  // what is left is output
    const ssize_t got = ::recv(connection.fd.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN;  // EWOULDBLOCK is the same on Linux
    }
    if (got == 0) return false;  // the peer closed
    connection.output +=
        connection.session.feed(std::span(buffer.data(), static_cast<std::size_t>(got)));
    // LOGIN responses are secrets of a kind: do not leave them in the stack buffer.
    buffer.fill(0);
    const spmif::SessionCounters& now = connection.session.counters();
    counters_.commands += now.commands - connection.counted.commands;
    counters_.syntax_errors += now.syntax_errors - connection.counted.syntax_errors;
    counters_.oversized += now.oversized - connection.counted.oversized;
    if (now.login_failures > connection.counted.login_failures) {
      log::proto_warn("spmd: spmif login from pid {} failed (check spmd.pwd)", connection.pid);
    }
    counters_.login_failures += now.login_failures - connection.counted.login_failures;
    connection.counted = now;
    if (connection.output.size() > kMaxQueuedOutput) {
      log::internal_warn("spmd: spmif client pid {} does not read its replies; disconnected",
                         connection.pid);
      return false;
    }
  }
}

bool SpmifServer::write_to(Connection& connection) {
  while (!connection.output.empty()) {
    const ssize_t sent = ::send(connection.fd.get(), connection.output.data(),
                                connection.output.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN;
    }
    connection.output.erase(0, static_cast<std::size_t>(sent));
  }
  return !connection.session.closing();
}

void SpmifServer::close(std::uint64_t id) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) return;
  log::debug("spmd: spmif connection {} closed", id);
  connections_.erase(found);
}

}  // namespace rc::spmd
