#include "server.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "log/log.h"

namespace rc::pfkeyd {
namespace {

// sadb_msg_len is 16 bits of 64-bit words.
constexpr std::size_t kLargestMessage = std::size_t{0xffff} * 8;

WipedBuffer copy_of(const WipedBuffer& message) {
  WipedBuffer copy;
  copy.append(message.view());
  return copy;
}

}  // namespace

Server::Server(event::Loop& loop, daemon::UnixListener listener, Handler handler)
    : loop_(loop),
      listener_(std::move(listener)),
      handler_(std::move(handler)),
      receive_buffer_(kLargestMessage + 1) {}

Server::~Server() {
  listen_watch_.reset();
  clients_.clear();
}

Result<void> Server::start() {
  auto watch = loop_.watch_io(listener_.fd(), event::Interest::kRead,
                              [this](event::IoEvents /*events*/) { accept_all(); });
  if (!watch) return fail(std::move(watch).error());
  listen_watch_ = std::move(*watch);
  return ok();
}

void Server::accept_all() {
  counters_.refused += listener_.accept_all([this](daemon::Peer peer) {
    const std::uint64_t id = next_id_++;
    auto client = std::make_unique<Client>(id, std::move(peer.fd), peer.pid);
    auto watch = loop_.watch_io(client->fd(), event::Interest::kRead,
                                [this, id](event::IoEvents events) { on_client(id, events); });
    if (!watch) {
      log::internal_warn("pfkeyd: cannot watch a new client: {}", watch.error().message);
      return;
    }
    client->watch() = std::move(*watch);
    ++counters_.accepted;
    log::debug("pfkeyd: client {} (pid {}) connected", id, peer.pid);
    clients_.emplace(id, std::move(client));
  });
}

void Server::on_client(std::uint64_t id, event::IoEvents events) {
  auto found = clients_.find(id);
  if (found == clients_.end()) return;
  Client& client = *found->second;
  bool alive = true;
  if (events.readable || events.hangup || events.error) alive = read_requests(client);
  if (alive && events.writable) {
    if (auto flushed = client.flush(); !flushed) alive = false;
  }
  if (!alive) lost_.push_back(id);
  for (const std::uint64_t gone : std::exchange(lost_, {})) drop(gone);
  if (auto still = clients_.find(id); still != clients_.end()) update_interest(*still->second);
}

bool Server::read_requests(Client& client) {
  for (;;) {
    const auto buffer = receive_buffer_.writable();
    const ssize_t received =
        ::recv(client.fd(), buffer.data(), buffer.size(), MSG_DONTWAIT | MSG_TRUNC);
    if (received < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN;  // EWOULDBLOCK is the same on Linux
    }
    if (received == 0) return false;  // the peer closed
    const auto length = static_cast<std::size_t>(received);
    if (length > kLargestMessage) {
      ++counters_.oversized;
      log::internal_warn(
          "pfkeyd: dropped a {}-byte datagram from pid {}: larger than any PF_KEY message", length,
          client.pid());
      continue;
    }
    ++counters_.requests;
    const auto request = std::span<const std::uint8_t>(buffer.data(), length);
    for (auto& [id, other] : clients_) {
      if (id != client.id() && other->state().promiscuous) {
        WipedBuffer copy;
        copy.append(request);
        send_to(*other, std::move(copy), false);
      }
    }
    std::vector<Outgoing> replies = handler_(client.state(), client.pid(), request);
    // Requests carry keys (ADD, UPDATE): wipe them from the reused buffer.
    std::fill_n(buffer.begin(), length, std::uint8_t{0});
    for (Outgoing& reply : replies) route(std::move(reply), &client);
  }
}

void Server::deliver(Outgoing message) {
  route(std::move(message), nullptr);
  for (const std::uint64_t gone : std::exchange(lost_, {})) drop(gone);
}

void Server::route(Outgoing message, Client* sender) {
  switch (message.audience) {
    case Audience::Sender:
      if (sender != nullptr) send_to(*sender, std::move(message.message), true);
      return;
    case Audience::All:
      for (auto& [id, client] : clients_) {
        const bool reply = client.get() == sender;
        send_to(*client, copy_of(message.message), reply);
      }
      return;
    case Audience::Registered:
      for (auto& [id, client] : clients_) {
        const ClientState& state = client->state();
        const bool wanted =
            message.satype == 0 ? state.registered != 0 : state.registered_for(message.satype);
        if (wanted) send_to(*client, copy_of(message.message), client.get() == sender);
      }
      return;
  }
}

void Server::send_to(Client& client, WipedBuffer message, bool reply) {
  // Behind queued output the socket is full: the writable event flushes.
  const bool behind = client.has_output();
  if (!client.queue(std::move(message), reply)) {
    ++counters_.broadcasts_dropped;
    return;
  }
  if (behind) return;
  if (auto flushed = client.flush(); !flushed) {
    ++counters_.clients_lost;
    lost_.push_back(client.id());
    return;
  }
  update_interest(client);
}

void Server::update_interest(Client& client) {
  client.update_interest();
}

void Server::drop(std::uint64_t id) {
  auto found = clients_.find(id);
  if (found == clients_.end()) return;
  log::debug("pfkeyd: client {} (pid {}) gone", id, found->second->pid());
  clients_.erase(found);
}

}  // namespace rc::pfkeyd
