// The forwarder against fake upstream servers on loopback, driven by a real
// event loop: which answers it believes, what it counts, fail-over, late
// answers, and the TCP retry of truncated answers. The fake servers answer
// with bytes written here from the query they received, so every check
// (ID, question, source) is exercised on real sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "addr/socket_address.h"
#include "base/unique_fd.h"
#include "dns/message.h"
#include "dns_forwarder.h"
#include "event/loop.h"
#include "support/addr_literals.h"

namespace rc::spmd {
namespace {

using namespace std::chrono_literals;
using rc::testing::ip;

// A UDP socket on 127.0.0.1 playing a name server.
struct FakeServer {
  UniqueFd fd;
  std::uint16_t port = 0;

  static FakeServer open(const char* on = "127.0.0.1") {
    FakeServer server;
    server.fd = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, on, &address.sin_addr);
    EXPECT_EQ(::bind(server.fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(server.fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    server.port = ntohs(address.sin_port);
    return server;
  }

  // The next query waiting and where it came from.
  std::optional<std::pair<std::vector<std::uint8_t>, sockaddr_in>> receive() const {
    std::vector<std::uint8_t> buffer(4096);
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const ssize_t got = ::recvfrom(fd.get(), buffer.data(), buffer.size(), MSG_DONTWAIT,
                                   reinterpret_cast<sockaddr*>(&from), &length);
    if (got < 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(got));
    return std::make_pair(buffer, from);
  }

  void send(const std::vector<std::uint8_t>& bytes, const sockaddr_in& to) const {
    ::sendto(fd.get(), bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to),
             sizeof to);
  }
};

// The query turned into an answer: QR set and one A record for the
// question's name (a pointer to offset 12) appended, TC as asked.
std::vector<std::uint8_t> answer_to(std::vector<std::uint8_t> query, bool truncated = false,
                                    int records = 1) {
  // Drop the OPT record build_query adds: cut at the end of the question.
  std::size_t end = 12;
  while (query[end] != 0) end += std::size_t{1} + query[end];
  end += 5;
  query.resize(end);
  query[2] = static_cast<std::uint8_t>(query[2] | 0x80U | (truncated ? 0x02U : 0U));
  query[3] = 0x80;  // RA, NOERROR
  query[7] = static_cast<std::uint8_t>(truncated ? 0 : records);
  query[11] = 0;
  query[10] = 0;
  if (!truncated) {
    for (int i = 0; i < records; ++i) {
      const std::vector<std::uint8_t> record = {
          0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, static_cast<std::uint8_t>(i + 1)};
      query.insert(query.end(), record.begin(), record.end());
    }
  }
  return query;
}

class ForwarderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loop = event::Loop::create();
    ASSERT_TRUE(loop);
    loop_.emplace(std::move(*loop));
  }

  Forwarder make(NameServers& servers) {
    Forwarder::Settings settings;
    settings.try_timeout = 300ms;
    settings.linger = 3s;
    return Forwarder(*loop_, servers, counters_, settings);
  }

  // Forwards an A query for `name`; the outcome lands in outcome_.
  void ask(Forwarder& forwarder, const std::string& name = "www.example.") {
    auto query = dns::build_query(0x1234, name, dns::RrType::A);
    ASSERT_TRUE(query);
    const dns::Question question{name, 1, dns::kClassIn};
    outcome_.reset();
    ASSERT_TRUE(forwarder.forward(*query, question, [this](const ForwardOutcome& outcome) {
      Result result;
      result.answered = outcome.answered;
      result.wire.assign(outcome.wire.begin(), outcome.wire.end());
      result.truncated.assign(outcome.truncated.begin(), outcome.truncated.end());
      result.failure = outcome.failure;
      result.records = outcome.message != nullptr ? outcome.message->answers.size() : 0;
      outcome_ = result;
    }));
  }

  // Runs the loop until the outcome arrives (or `limit` passes).
  void run_until_done(std::chrono::milliseconds limit = 3000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!outcome_ && std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(loop_->run_once(20ms));
    }
  }
  // Runs the loop until `server` has a datagram (the forwarder's timers
  // keep running meanwhile).
  std::optional<std::pair<std::vector<std::uint8_t>, sockaddr_in>> await(const FakeServer& server) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto got = server.receive()) return got;
      if (!loop_->run_once(10ms)) return std::nullopt;
    }
    return std::nullopt;
  }
  void run_for(std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) ASSERT_TRUE(loop_->run_once(10ms));
  }

  struct Result {
    bool answered = false;
    std::vector<std::uint8_t> wire;
    std::vector<std::uint8_t> truncated;
    std::string failure;
    std::size_t records = 0;
  };
  std::optional<event::Loop> loop_;
  DnsCounters counters_;
  std::optional<Result> outcome_;
};

TEST_F(ForwarderTest, BelievesTheAnswerWithItsIdFromItsServer) {
  FakeServer server = FakeServer::open();
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  auto query = await(server);
  ASSERT_TRUE(query);
  // The query went out with a fresh ID, not the client's.
  EXPECT_NE(dns::read_id(query->first), std::optional<std::uint16_t>(0x1234));
  server.send(answer_to(query->first), query->second);
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_TRUE(outcome_->answered);
  EXPECT_EQ(outcome_->records, 1U);
  EXPECT_EQ(dns::read_id(outcome_->wire), dns::read_id(query->first));
  EXPECT_EQ(counters_.query_proxy, 1U);
  EXPECT_EQ(counters_.response_proxy, 1U);
  EXPECT_EQ(forwarder.in_flight(), 0U);
}

TEST_F(ForwarderTest, IgnoresAndCountsWrongIdWrongQuestionWrongSourceAndGarbage) {
  FakeServer server = FakeServer::open();
  FakeServer impostor = FakeServer::open();  // same address, other port
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  auto query = await(server);
  ASSERT_TRUE(query);
  const std::vector<std::uint8_t> good = answer_to(query->first);

  std::vector<std::uint8_t> wrong_id = good;
  wrong_id[1] = static_cast<std::uint8_t>(wrong_id[1] + 1);
  server.send(wrong_id, query->second);
  std::vector<std::uint8_t> wrong_name = good;
  wrong_name[13] = 'x';  // "www" -> "xww"
  server.send(wrong_name, query->second);
  impostor.send(good, query->second);
  server.send({1, 2, 3, 4, 5}, query->second);
  run_for(100ms);
  EXPECT_FALSE(outcome_) << "nothing but the genuine answer may be believed";
  EXPECT_EQ(counters_.drop_spoofed, 3U);
  EXPECT_EQ(counters_.drop_malformed, 1U);

  server.send(good, query->second);
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_TRUE(outcome_->answered);
  EXPECT_EQ(counters_.response_proxy, 1U);
}

TEST_F(ForwarderTest, FailsOverToTheNextServerAndCountsTheLateAnswer) {
  // Two servers need two addresses: all of 127/8 is loopback on Linux.
  FakeServer silent = FakeServer::open("127.0.0.1");
  FakeServer backup = FakeServer::open("127.0.0.2");
  NameServers servers({NameServerEntry{ip("127.0.0.1"), silent.port},
                       NameServerEntry{ip("127.0.0.2"), backup.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  auto first = await(silent);
  ASSERT_TRUE(first);
  auto second = await(backup);  // after the 300 ms try timeout
  ASSERT_TRUE(second);
  EXPECT_NE(first->second.sin_port, second->second.sin_port) << "a new socket per try";
  EXPECT_EQ(servers.current(), ip("127.0.0.2")) << "the silent server is no longer live";
  backup.send(answer_to(second->first), second->second);
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_TRUE(outcome_->answered);
  EXPECT_EQ(counters_.expired_query, 1U);
  EXPECT_EQ(forwarder.lingering(), 1U);

  // The first server wakes up: its answer reaches the lingering socket.
  silent.send(answer_to(first->first), first->second);
  run_for(100ms);
  EXPECT_EQ(counters_.drop_late, 1U);
  EXPECT_EQ(counters_.drop_spoofed, 0U);
}

TEST_F(ForwarderTest, ReportsAFailureWhenNoServerAnswers) {
  FakeServer silent = FakeServer::open();
  NameServers servers({NameServerEntry{ip("127.0.0.1"), silent.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_FALSE(outcome_->answered);
  EXPECT_NE(outcome_->failure.find("no answer"), std::string::npos) << outcome_->failure;
  EXPECT_EQ(counters_.expired_query, 1U);
}

TEST_F(ForwarderTest, DrawsIdsAndPortsAtRandom) {
  FakeServer server = FakeServer::open();
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder forwarder = make(servers);
  std::set<std::uint16_t> ids;
  std::set<std::uint16_t> ports;
  for (int i = 0; i < 16; ++i) {
    ask(forwarder);
    auto query = await(server);
    ASSERT_TRUE(query);
    ids.insert(*dns::read_id(query->first));
    ports.insert(ntohs(query->second.sin_port));
    server.send(answer_to(query->first), query->second);
    run_until_done();
  }
  // 16 draws from 2^16 values: a repeat is possible, 8 distinct of 16 is
  // not (probability far below 1e-30 for a fair generator).
  EXPECT_GE(ids.size(), 8U);
  EXPECT_GE(ports.size(), 8U);
}

TEST_F(ForwarderTest, RefusesBeyondItsLimitAndWithoutServers) {
  NameServers none;
  Forwarder without = make(none);
  auto query = dns::build_query(1, "www.example.", dns::RrType::A);
  ASSERT_TRUE(query);
  const dns::Question question{"www.example.", 1, dns::kClassIn};
  EXPECT_FALSE(without.forward(*query, question, [](const ForwardOutcome&) {}));

  FakeServer server = FakeServer::open();
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder::Settings settings;
  settings.max_in_flight = 2;
  Forwarder limited(*loop_, servers, counters_, settings);
  EXPECT_TRUE(limited.forward(*query, question, [](const ForwardOutcome&) {}));
  EXPECT_TRUE(limited.forward(*query, question, [](const ForwardOutcome&) {}));
  EXPECT_FALSE(limited.forward(*query, question, [](const ForwardOutcome&) {}));
}

// A TCP listener on the server's port that answers one framed query.
struct FakeTcpServer {
  UniqueFd fd;
  static FakeTcpServer open(std::uint16_t port) {
    FakeTcpServer server;
    server.fd = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const int on = 1;
    ::setsockopt(server.fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    EXPECT_EQ(::bind(server.fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(server.fd.get(), 4), 0);
    return server;
  }
};

TEST_F(ForwarderTest, AsksATruncatedAnswerAgainOverTcp) {
  FakeServer server = FakeServer::open();
  FakeTcpServer tcp = FakeTcpServer::open(server.port);
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  auto query = await(server);
  ASSERT_TRUE(query);
  server.send(answer_to(query->first, /*truncated=*/true), query->second);
  // Let the forwarder read the TC answer and connect.
  run_for(50ms);
  UniqueFd connection(::accept(tcp.fd.get(), nullptr, nullptr));
  ASSERT_GE(connection.get(), 0);
  std::vector<std::uint8_t> framed(4096);
  ssize_t got = 0;
  for (int i = 0; i < 50 && got <= 2; ++i) {
    run_for(10ms);
    got = ::recv(connection.get(), framed.data(), framed.size(), MSG_DONTWAIT);
  }
  ASSERT_GT(got, 2);
  const std::vector<std::uint8_t> tcp_query(framed.begin() + 2, framed.begin() + got);
  std::vector<std::uint8_t> full = answer_to(tcp_query, false, 40);
  std::vector<std::uint8_t> reply = {static_cast<std::uint8_t>(full.size() >> 8U),
                                     static_cast<std::uint8_t>(full.size() & 0xffU)};
  reply.insert(reply.end(), full.begin(), full.end());
  ASSERT_EQ(::send(connection.get(), reply.data(), reply.size(), 0),
            static_cast<ssize_t>(reply.size()));
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_TRUE(outcome_->answered);
  EXPECT_EQ(outcome_->records, 40U);
  EXPECT_FALSE(outcome_->truncated.empty()) << "the TC answer comes along for UDP clients";
  EXPECT_EQ(counters_.tcp_retry, 1U);
}

TEST_F(ForwarderTest, RelaysTheTruncatedAnswerWhenTcpFails) {
  FakeServer server = FakeServer::open();  // no TCP listener on its port
  NameServers servers({NameServerEntry{ip("127.0.0.1"), server.port}});
  Forwarder forwarder = make(servers);
  ask(forwarder);
  auto query = await(server);
  ASSERT_TRUE(query);
  server.send(answer_to(query->first, /*truncated=*/true), query->second);
  run_until_done();
  ASSERT_TRUE(outcome_);
  EXPECT_TRUE(outcome_->answered);
  ASSERT_GE(outcome_->wire.size(), 4U);
  EXPECT_NE(outcome_->wire[2] & 0x02U, 0) << "TC stays set: the client asks over TCP itself";
}

}  // namespace
}  // namespace rc::spmd
