#include "dns_clients.h"

#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "dns_sockets.h"
#include "log/log.h"
#include "spmd/core/dns_tcp_frames.h"

namespace rc::spmd {

struct DnsClients::UdpSocket {
  addr::SocketAddress address;
  UniqueFd fd;
  event::IoWatch watch;
};

struct DnsClients::TcpListener {
  addr::SocketAddress address;
  UniqueFd fd;
  event::IoWatch watch;
};

struct DnsClients::Connection {
  FrameReader input;
  std::vector<std::uint8_t> output;
  std::size_t in_flight = 0;  // queries sent upstream, not yet answered
  UniqueFd fd;
  event::IoWatch watch;
  event::Timer idle;
};

namespace {

constexpr std::uint16_t kQr = 0x8000;
constexpr std::uint16_t kTc = 0x0200;
constexpr std::uint16_t kRd = 0x0100;
constexpr std::uint16_t kRa = 0x0080;
constexpr std::uint16_t kCd = 0x0010;

// Where the (single) question of a query ends: its name is a run of
// uncompressed labels (nothing precedes it that a pointer could name).
std::optional<std::size_t> question_end(std::span<const std::uint8_t> query) {
  std::size_t pos = dns::kHeaderSize;
  while (pos < query.size()) {
    const std::uint8_t length = query[pos];
    if (length == 0) {
      const std::size_t end = pos + 1 + 4;
      if (end > query.size()) return std::nullopt;
      return end;
    }
    if ((length & 0xc0U) != 0) return std::nullopt;
    pos += 1 + length;
  }
  return std::nullopt;
}

std::string pending_key(const addr::SocketAddress& client, std::uint16_t id,
                        const dns::Question& question) {
  return fmt::format("{}|{}|{}|{}|{}", client, id, question.name, question.type, question.klass);
}

// What a UDP client may receive: 512 bytes, or what its OPT record offers.
std::size_t udp_limit(const dns::Message& query) {
  return query.edns_udp_size.value_or(dns::kMaxUdpPayload);
}

}  // namespace

std::vector<std::uint8_t> synthesized_reply(std::span<const std::uint8_t> query, dns::Rcode rcode,
                                            bool truncated) {
  const std::optional<std::size_t> end = question_end(query);
  if (!end) return {};
  std::vector<std::uint8_t> reply(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(*end));
  const auto flags_in = static_cast<std::uint16_t>((query[2] << 8U) | query[3]);
  std::uint16_t flags = kQr | kRa | (flags_in & (kRd | kCd)) | (flags_in & 0x7800U);  // opcode
  if (truncated) flags |= kTc;
  flags |= static_cast<std::uint16_t>(rcode) & 0x0fU;
  reply[2] = static_cast<std::uint8_t>(flags >> 8U);
  reply[3] = static_cast<std::uint8_t>(flags & 0xffU);
  // One question, no records.
  reply[4] = 0;
  reply[5] = 1;
  for (std::size_t i = 6; i < dns::kHeaderSize; ++i) reply[i] = 0;
  return reply;
}

DnsClients::DnsClients(event::Loop& loop, ForwardQuery forward, DnsCounters& counters)
    : loop_(loop), forward_(std::move(forward)), counters_(counters) {}

DnsClients::~DnsClients() = default;

Result<void> DnsClients::listen(const addr::SocketAddress& address) {
  auto udp_fd = dns_io::listen_udp(address);
  if (!udp_fd) {
    return fail(Error{udp_fd.error().code,
                      fmt::format("dns_query {} (UDP): {}", address, udp_fd.error().message)});
  }
  auto tcp_fd = dns_io::listen_tcp(address);
  if (!tcp_fd) {
    return fail(Error{tcp_fd.error().code,
                      fmt::format("dns_query {} (TCP): {}", address, tcp_fd.error().message)});
  }
  const std::size_t udp_index = udp_.size();
  udp_.push_back(std::make_unique<UdpSocket>(UdpSocket{address, std::move(*udp_fd), {}}));
  auto udp_watch = loop_.watch_io(udp_.back()->fd.get(), event::Interest::kRead,
                                  [this, udp_index](event::IoEvents) { on_udp(udp_index); });
  if (!udp_watch) return fail(std::move(udp_watch).error());
  udp_.back()->watch = std::move(*udp_watch);

  const std::size_t tcp_index = tcp_.size();
  tcp_.push_back(std::make_unique<TcpListener>(TcpListener{address, std::move(*tcp_fd), {}}));
  auto tcp_watch = loop_.watch_io(tcp_.back()->fd.get(), event::Interest::kRead,
                                  [this, tcp_index](event::IoEvents) { on_accept(tcp_index); });
  if (!tcp_watch) return fail(std::move(tcp_watch).error());
  tcp_.back()->watch = std::move(*tcp_watch);
  return ok();
}

std::optional<dns::Question> DnsClients::accept_query(std::span<const std::uint8_t> wire,
                                                      std::optional<dns::Message>& parsed) {
  auto message = dns::parse_message(wire);
  if (!message || message->flags.qr || message->flags.opcode != 0 ||
      message->questions.size() != 1) {
    ++counters_.drop_malformed;
    return std::nullopt;
  }
  ++counters_.query;
  dns::Question question = message->questions.front();
  parsed = std::move(*message);
  return question;
}

void DnsClients::on_udp(std::size_t index) {
  // A bounded batch per wake-up, so one busy socket cannot starve the rest.
  for (int batch = 0; batch < 64; ++batch) {
    UdpSocket& socket = *udp_[index];
    std::optional<dns_io::Datagram> datagram = dns_io::receive(socket.fd.get(), receive_buffer_);
    if (!datagram) return;
    std::optional<dns::Message> query;
    const std::optional<dns::Question> question = accept_query(datagram->bytes, query);
    if (!question) continue;
    std::string key = pending_key(datagram->from, query->id, *question);
    if (pending_.contains(key)) {
      ++counters_.dup_query;
      continue;
    }
    const std::uint16_t client_id = query->id;
    const std::size_t limit = udp_limit(*query);
    auto reply = [this, index, client = datagram->from](std::span<const std::uint8_t> bytes) {
      if (bytes.empty()) return;
      if (dns_io::send_to(udp_[index]->fd.get(), bytes, client)) ++counters_.response;
    };
    auto done = [this, reply, key, client_id, limit,
                 query_bytes = datagram->bytes](const ForwardOutcome& outcome) {
      pending_.erase(key);
      if (!outcome.answered) {
        reply(synthesized_reply(query_bytes, dns::Rcode::ServFail, false));
        return;
      }
      std::span<const std::uint8_t> chosen = outcome.wire;
      std::vector<std::uint8_t> fallback;
      if (chosen.size() > limit) {
        chosen = outcome.truncated;
        if (chosen.empty() || chosen.size() > limit) {
          fallback = synthesized_reply(query_bytes, dns::Rcode::NoError, true);
          chosen = fallback;
        }
      }
      std::vector<std::uint8_t> answer(chosen.begin(), chosen.end());
      dns::write_id(answer, client_id);
      reply(answer);
    };
    if (forward_(datagram->bytes, *question, done)) {
      pending_.insert(std::move(key));
    } else {
      reply(synthesized_reply(datagram->bytes, dns::Rcode::ServFail, false));
    }
  }
}

void DnsClients::on_accept(std::size_t index) {
  for (;;) {
    UniqueFd fd(::accept4(tcp_[index]->fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (fd.get() < 0) return;
    if (connections_.size() >= kMaxTcpConnections) continue;  // closed at once
    const std::uint64_t id = next_id_++;
    auto connection = std::make_unique<Connection>();
    connection->fd = std::move(fd);
    auto watch = loop_.watch_io(connection->fd.get(), event::Interest::kRead,
                                [this, id](event::IoEvents events) { on_connection(id, events); });
    if (!watch) continue;
    connection->watch = std::move(*watch);
    connection->idle = loop_.add_timer(kTcpIdleTimeout, [this, id] { close(id); });
    connections_.emplace(id, std::move(connection));
  }
}

void DnsClients::on_connection(std::uint64_t id, event::IoEvents events) {
  auto found = connections_.find(id);
  if (found == connections_.end()) return;
  Connection& connection = *found->second;
  if (events.writable && !connection.output.empty()) {
    const ssize_t sent = ::send(connection.fd.get(), connection.output.data(),
                                connection.output.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN) return close(id);
    if (sent > 0) {
      connection.output.erase(connection.output.begin(), connection.output.begin() + sent);
    }
    if (connection.output.empty()) (void)connection.watch.set_interest(event::Interest::kRead);
  }
  if (!events.readable && !events.hangup && !events.error) return;
  receive_buffer_.resize(65536);
  const ssize_t got =
      ::recv(connection.fd.get(), receive_buffer_.data(), receive_buffer_.size(), 0);
  if (got < 0) {
    if (errno != EAGAIN) close(id);
    return;
  }
  if (got == 0) return close(id);
  connection.idle = loop_.add_timer(kTcpIdleTimeout, [this, id] { close(id); });
  connection.input.feed(
      std::span<const std::uint8_t>(receive_buffer_.data(), static_cast<std::size_t>(got)));
  while (std::optional<std::vector<std::uint8_t>> message = connection.input.next()) {
    std::optional<dns::Message> query;
    const std::optional<dns::Question> question = accept_query(*message, query);
    if (!question) return close(id);
    const std::uint16_t client_id = query->id;
    auto done = [this, id, client_id, query_bytes = *message](const ForwardOutcome& outcome) {
      auto client = connections_.find(id);
      if (client == connections_.end()) return;  // the client left
      --client->second->in_flight;
      if (!outcome.answered) {
        send_tcp(id, synthesized_reply(query_bytes, dns::Rcode::ServFail, false));
        return;
      }
      std::vector<std::uint8_t> answer(outcome.wire.begin(), outcome.wire.end());
      dns::write_id(answer, client_id);
      send_tcp(id, answer);
    };
    if (forward_(*message, *question, done)) {
      ++connection.in_flight;
    } else {
      send_tcp(id, synthesized_reply(*message, dns::Rcode::ServFail, false));
    }
    if (!connections_.contains(id)) return;
  }
  if (connection.input.broken()) close(id);
}

void DnsClients::send_tcp(std::uint64_t id, std::span<const std::uint8_t> message) {
  auto found = connections_.find(id);
  if (found == connections_.end() || message.empty()) return;
  Connection& connection = *found->second;
  const std::vector<std::uint8_t> framed = frame(message);
  if (connection.output.size() + framed.size() > kMaxTcpOutput) return close(id);
  connection.output.insert(connection.output.end(), framed.begin(), framed.end());
  ++counters_.response;
  (void)connection.watch.set_interest(event::Interest::kReadWrite);
}

void DnsClients::close(std::uint64_t id) {
  connections_.erase(id);
}

}  // namespace rc::spmd
