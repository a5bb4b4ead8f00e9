#include "scripted_peer.h"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernel/pfkey/pfkey_sa_id.h"

namespace rc::kernel::pfkey::testing {
namespace {

std::pair<UniqueFd, UniqueFd> seqpacket_pair() {
  std::array<int, 2> fds{-1, -1};
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds.data()) != 0) {
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  }
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace

ScriptedPeer::ScriptedPeer() {
  auto requests = seqpacket_pair();
  near_requests_ = std::move(requests.first);
  far_requests_ = std::move(requests.second);
  auto events = seqpacket_pair();
  near_events_ = std::move(events.first);
  far_events_ = std::move(events.second);
  thread_ = std::thread([this] { run(); });
}

ScriptedPeer::~ScriptedPeer() {
  stop_ = true;
  thread_.join();
}

std::unique_ptr<PfkeyEngine> ScriptedPeer::engine(EngineKind kind,
                                                  std::chrono::milliseconds timeout) {
  auto engine = PfkeyEngine::adopt(kind, std::move(near_requests_), std::move(near_events_),
                                   PfkeyEngineOptions{.timeout = timeout});
  if (!engine) throw std::runtime_error(engine.error().message);
  return std::move(*engine);
}

void ScriptedPeer::set_script(Script script) {
  const std::lock_guard lock(mutex_);
  script_ = std::move(script);
}

int ScriptedPeer::far(Channel channel) const {
  return channel == Channel::Requests ? far_requests_.get() : far_events_.get();
}

void ScriptedPeer::send(Channel channel, std::span<const std::uint8_t> bytes) {
  if (::send(far(channel), bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
    throw std::runtime_error(std::string("peer send: ") + std::strerror(errno));
  }
}

void ScriptedPeer::hang_up() {
  hung_up_ = true;
  // The engine reads end of file; the fds stay valid for the thread.
  (void)::shutdown(far_requests_.get(), SHUT_RDWR);
  (void)::shutdown(far_events_.get(), SHUT_RDWR);
}

std::vector<Received> ScriptedPeer::received() {
  const std::lock_guard lock(mutex_);
  return received_;
}

void ScriptedPeer::serve(Channel channel, int fd) {
  const ssize_t size = ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
  if (size <= 0) return;
  std::vector<std::uint8_t> datagram(static_cast<std::size_t>(size));
  if (::recv(fd, datagram.data(), datagram.size(), MSG_DONTWAIT) != size) return;
  auto message = parse(datagram);
  if (!message) return;
  std::vector<Outgoing> answers;
  {
    const std::lock_guard lock(mutex_);
    received_.push_back(Received{channel, message->header, datagram});
    if (script_) answers = script_(channel, *message);
  }
  for (const Outgoing& out : answers) {
    (void)::send(far(out.channel), out.bytes.data(), out.bytes.size(), MSG_NOSIGNAL);
  }
}

void ScriptedPeer::run() {
  while (!stop_) {
    if (hung_up_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    std::array<pollfd, 2> fds{{{far_requests_.get(), POLLIN, 0}, {far_events_.get(), POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), 10) <= 0) continue;
    if ((fds[0].revents & POLLIN) != 0) serve(Channel::Requests, far_requests_.get());
    if ((fds[1].revents & POLLIN) != 0) serve(Channel::Events, far_events_.get());
  }
}

std::vector<std::uint8_t> bytes_of(const WipedBuffer& buffer) {
  return {buffer.view().begin(), buffer.view().end()};
}

Header reply_header(const Message& request, std::uint8_t error) {
  Header header = request.header;
  header.error = error;
  return header;
}

Outgoing reply(const Message& request, std::uint8_t error, Channel channel) {
  return Outgoing{channel, bytes_of(encode_header_only(reply_header(request, error)))};
}

Outgoing foreign_broadcast(Channel channel, std::uint8_t type, std::uint32_t seq,
                           std::uint32_t pid) {
  return Outgoing{channel, bytes_of(encode_header_only(Header{type, 0, 0, seq, pid}))};
}

}  // namespace rc::kernel::pfkey::testing
