#include "dns_forwarder.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "base/unique_fd.h"
#include "dns_sockets.h"
#include "log/log.h"
#include "spmd/core/dns_tcp_frames.h"

namespace rc::spmd {

// The fd members come before their watches: a watch must go before its fd
// is closed, and members are destroyed in reverse order.
struct Forwarder::Transaction {
  std::vector<std::uint8_t> query;  // the client's bytes with our current ID
  dns::Question question;
  Done done;
  std::uint16_t id = 0;
  // The servers in the order they are tried: the live one first (a
  // snapshot, so a fail-over by another query does not make this one ask
  // the same server twice).
  std::vector<addr::IpAddress> plan;
  std::size_t tries = 0;  // servers asked so far
  bool sent = false;      // this try's query left (a local error is not the server's fault)
  addr::IpAddress server;
  std::optional<addr::SocketAddress> server_address;

  UniqueFd udp;
  event::IoWatch udp_watch;
  event::Timer timer;

  // TCP, after a truncated answer.
  bool tcp_stage = false;
  bool tcp_connected = false;
  std::vector<std::uint8_t> truncated;  // the TC answer, relayed if TCP fails
  std::vector<std::uint8_t> tcp_out;
  std::size_t tcp_sent = 0;
  FrameReader tcp_in;
  std::vector<std::uint8_t> answer;  // what finish() reports from
  UniqueFd tcp;
  event::IoWatch tcp_watch;
};

struct Forwarder::Lingering {
  std::uint16_t id = 0;
  dns::Question question;
  addr::SocketAddress server;
  UniqueFd fd;
  event::IoWatch watch;
  event::Timer timer;
};

namespace {

bool same_endpoint(const addr::SocketAddress& a, const addr::SocketAddress& b) {
  return a.address() == b.address() && a.port() == b.port();
}

// A response to exactly this question with this ID.
bool answers(const dns::Message& message, std::uint16_t id, const dns::Question& question) {
  return message.flags.qr && message.id == id && message.questions.size() == 1 &&
         message.questions.front() == question;
}

}  // namespace

Forwarder::Forwarder(event::Loop& loop, NameServers& servers, DnsCounters& counters,
                     Settings settings)
    : loop_(loop), servers_(servers), counters_(counters), settings_(settings) {}

Forwarder::~Forwarder() = default;

bool Forwarder::forward(std::span<const std::uint8_t> query, const dns::Question& question,
                        Done done) {
  if (servers_.size() == 0 || transactions_.size() >= settings_.max_in_flight) return false;
  auto transaction = std::make_unique<Transaction>();
  transaction->query.assign(query.begin(), query.end());
  transaction->question = question;
  transaction->done = std::move(done);
  transaction->plan = servers_.list();
  const std::uint64_t token = next_token_++;
  transactions_.emplace(token, std::move(transaction));
  start_try(token);
  return true;
}

void Forwarder::start_try(std::uint64_t token) {
  Transaction& t = *transactions_.at(token);
  const addr::IpAddress server = t.plan.at(t.tries);
  ++t.tries;
  t.sent = false;
  t.udp_watch.reset();
  t.udp.reset();
  // A try that cannot even be sent ends at once and moves on to the next
  // server, without making it live: no server can be blamed for a local
  // error (no route, no socket).
  auto give_up_now = [&] {
    t.udp_watch.reset();
    t.udp.reset();
    t.timer = loop_.add_timer({}, [this, token] { on_timeout(token); });
  };
  t.server = server;
  auto address = addr::SocketAddress::make(server, servers_.port_of(server));
  if (!address) return give_up_now();
  t.server_address = *address;
  t.id = dns_io::random_id();
  dns::write_id(t.query, t.id);

  auto fd = dns_io::open_upstream_udp(address->af());
  if (!fd) {
    log::internal_warn("spmd: DNS: cannot open a socket for {}: {}", *address, fd.error().message);
    return give_up_now();
  }
  t.udp = std::move(*fd);
  auto watch =
      loop_.watch_io(t.udp.get(), event::Interest::kRead,
                     [this, token](event::IoEvents /*events*/) { on_udp_readable(token); });
  if (!watch) return give_up_now();
  t.udp_watch = std::move(*watch);
  if (!dns_io::send_to(t.udp.get(), t.query, *address)) {
    log::debug("spmd: DNS: cannot send to {}: {}", *address, std::strerror(errno));
    return give_up_now();
  }
  t.sent = true;
  ++counters_.query_proxy;
  t.timer = loop_.add_timer(settings_.try_timeout, [this, token] { on_timeout(token); });
}

std::optional<dns::Message> Forwarder::believe(const Transaction& transaction,
                                               std::span<const std::uint8_t> wire) {
  auto message = dns::parse_message(wire);
  if (!message) {
    ++counters_.drop_malformed;
    return std::nullopt;
  }
  if (!answers(*message, transaction.id, transaction.question)) {
    ++counters_.drop_spoofed;
    return std::nullopt;
  }
  ++counters_.response_proxy;
  return std::move(*message);
}

void Forwarder::relay_truncated(std::uint64_t token) {
  Transaction& t = *transactions_.at(token);
  auto message = dns::parse_message(t.truncated);  // believed before, so it parses
  if (!message) {
    finish(token, ForwardOutcome{false, {}, nullptr, {}, "truncated answer unusable"});
    return;
  }
  finish(token, ForwardOutcome{true, t.truncated, &*message, {}, {}});
}

void Forwarder::on_udp_readable(std::uint64_t token) {
  for (;;) {
    const auto found = transactions_.find(token);
    if (found == transactions_.end() || !found->second->udp) return;
    Transaction& t = *found->second;
    std::optional<dns_io::Datagram> datagram = dns_io::receive(t.udp.get(), receive_buffer_);
    if (!datagram) {
      // ICMP port unreachable: nothing listens there; fail over now
      // rather than after the timeout.
      if (errno == ECONNREFUSED) {
        t.timer = loop_.add_timer({}, [this, token] { on_timeout(token); });
      }
      return;
    }
    if (!same_endpoint(datagram->from, *t.server_address)) {
      ++counters_.drop_spoofed;
      continue;
    }
    // Kept in the transaction before parsing: the parse holds views into
    // the bytes, and the outcome must point at memory that lives on.
    t.answer = std::move(datagram->bytes);
    const std::optional<dns::Message> parsed = believe(t, t.answer);
    if (!parsed) continue;
    if (parsed->flags.tc) {
      ++counters_.tcp_retry;
      t.truncated = std::move(t.answer);
      start_tcp(token);
      return;
    }
    finish(token, ForwardOutcome{true, t.answer, &*parsed, {}, {}});
    return;
  }
}

void Forwarder::on_timeout(std::uint64_t token) {
  const auto found = transactions_.find(token);
  if (found == transactions_.end()) return;
  Transaction& t = *found->second;
  if (t.tcp_stage) {
    // The truncated answer is still an answer: the client can ask over
    // TCP itself.
    log::debug("spmd: DNS: no TCP answer from {} in time; relaying the truncated one", t.server);
    relay_truncated(token);
    return;
  }
  if (t.sent) {
    ++counters_.expired_query;
    if (t.udp) linger(t);
    // Fail over: the silent server stops being live. Queries timing out
    // together move it one step, not once each.
    if (servers_.current() == t.server && servers_.size() > 1) {
      servers_.advance();
      log::info("spmd: DNS: {} did not answer; {} is now the live name server", t.server,
                *servers_.current());
    }
  }
  if (t.tries < t.plan.size()) {
    start_try(token);
    return;
  }
  finish(token,
         ForwardOutcome{
             false, {}, nullptr, {}, fmt::format("no answer from {} name server(s)", t.tries)});
}

void Forwarder::start_tcp(std::uint64_t token) {
  Transaction& t = *transactions_.at(token);
  t.tcp_stage = true;
  t.udp_watch.reset();
  t.udp.reset();
  t.tcp_out = frame(t.query);
  t.timer = loop_.add_timer(settings_.try_timeout, [this, token] { on_timeout(token); });
  auto fd = dns_io::connect_tcp(*t.server_address);
  if (!fd) {
    log::debug("spmd: DNS: TCP to {}: {}", *t.server_address, fd.error().message);
    t.timer = loop_.add_timer({}, [this, token] { on_timeout(token); });
    return;
  }
  t.tcp = std::move(*fd);
  ++counters_.query_proxy;  // the same question asked again, over TCP
  auto watch =
      loop_.watch_io(t.tcp.get(), event::Interest::kReadWrite,
                     [this, token](event::IoEvents events) { on_tcp_ready(token, events); });
  if (!watch) {
    t.tcp.reset();
    t.timer = loop_.add_timer({}, [this, token] { on_timeout(token); });
    return;
  }
  t.tcp_watch = std::move(*watch);
}

void Forwarder::on_tcp_ready(std::uint64_t token, event::IoEvents events) {
  const auto found = transactions_.find(token);
  if (found == transactions_.end()) return;
  Transaction& t = *found->second;
  auto tcp_failed = [&](const std::string& why) {
    log::debug("spmd: DNS: TCP to {}: {}", *t.server_address, why);
    t.tcp_watch.reset();
    t.tcp.reset();
    t.timer = loop_.add_timer({}, [this, token] { on_timeout(token); });
  };
  if (!t.tcp_connected) {
    if (!events.writable && !events.error && !events.hangup) return;
    if (auto connected = dns_io::connect_result(t.tcp.get()); !connected) {
      return tcp_failed(connected.error().message);
    }
    t.tcp_connected = true;
  }
  while (t.tcp_sent < t.tcp_out.size()) {
    const ssize_t sent = ::send(t.tcp.get(), t.tcp_out.data() + t.tcp_sent,
                                t.tcp_out.size() - t.tcp_sent, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EAGAIN) return;
      return tcp_failed("send failed");
    }
    t.tcp_sent += static_cast<std::size_t>(sent);
    if (t.tcp_sent == t.tcp_out.size()) (void)t.tcp_watch.set_interest(event::Interest::kRead);
  }
  if (!events.readable && !events.hangup) return;
  receive_buffer_.resize(65536);
  const ssize_t got = ::recv(t.tcp.get(), receive_buffer_.data(), receive_buffer_.size(), 0);
  if (got < 0) {
    if (errno == EAGAIN) return;
    return tcp_failed("recv failed");
  }
  if (got == 0) return tcp_failed("closed by the server before the answer");
  t.tcp_in.feed(
      std::span<const std::uint8_t>(receive_buffer_.data(), static_cast<std::size_t>(got)));
  std::optional<std::vector<std::uint8_t>> message = t.tcp_in.next();
  if (t.tcp_in.broken()) return tcp_failed("bad framing");
  if (!message) return;
  t.answer = std::move(*message);
  const std::optional<dns::Message> parsed = believe(t, t.answer);
  if (!parsed) return tcp_failed("answer not believed");
  finish(token, ForwardOutcome{true, t.answer, &*parsed, t.truncated, {}});
}

void Forwarder::finish(std::uint64_t token, const ForwardOutcome& outcome) {
  const auto found = transactions_.find(token);
  if (found == transactions_.end()) return;
  // Out of the table first: `done` may forward new queries, and the
  // outcome's bytes live in the transaction until it returns.
  std::unique_ptr<Transaction> transaction = std::move(found->second);
  transactions_.erase(found);
  transaction->timer.reset();
  transaction->done(outcome);
}

void Forwarder::linger(Transaction& transaction) {
  while (lingering_.size() >= settings_.max_lingering && !linger_order_.empty()) {
    lingering_.erase(linger_order_.front());
    linger_order_.pop_front();
  }
  transaction.udp_watch.reset();
  auto entry = std::make_unique<Lingering>(Lingering{transaction.id,
                                                     transaction.question,
                                                     *transaction.server_address,
                                                     std::move(transaction.udp),
                                                     {},
                                                     {}});
  const std::uint64_t token = next_token_++;
  auto watch =
      loop_.watch_io(entry->fd.get(), event::Interest::kRead,
                     [this, token](event::IoEvents /*events*/) { on_linger_readable(token); });
  if (!watch) return;
  entry->watch = std::move(*watch);
  entry->timer = loop_.add_timer(settings_.linger, [this, token] { lingering_.erase(token); });
  lingering_.emplace(token, std::move(entry));
  linger_order_.push_back(token);
  if (linger_order_.size() > 4 * settings_.max_lingering) {
    // Tokens of entries whose timers already removed them.
    std::erase_if(linger_order_, [&](std::uint64_t old) { return !lingering_.contains(old); });
  }
}

void Forwarder::on_linger_readable(std::uint64_t token) {
  for (;;) {
    const auto found = lingering_.find(token);
    if (found == lingering_.end()) return;
    Lingering& entry = *found->second;
    std::optional<dns_io::Datagram> datagram = dns_io::receive(entry.fd.get(), receive_buffer_);
    if (!datagram) return;
    auto message = dns::parse_message(datagram->bytes);
    if (!message) {
      ++counters_.drop_malformed;
    } else if (same_endpoint(datagram->from, entry.server) &&
               answers(*message, entry.id, entry.question)) {
      ++counters_.drop_late;
    } else {
      ++counters_.drop_spoofed;
    }
  }
}

}  // namespace rc::spmd
