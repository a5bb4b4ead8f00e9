#include "spmif/client.h"

#include <cerrno>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "buf/bytes.h"
#include "spmif/test_server.h"
#include "support/addr_literals.h"

namespace rc::spmif {
namespace {

using rc::testing::ip;

using namespace std::chrono_literals;

// A small spmd: fixed answers, plus commands that make the server hang up
// (SLID 666) or stay silent (SLID 999).
class FakeSpmd : public CommandHandler {
 public:
  Reply handle(const Command& command) override {
    handled.push_back(format_command(command));
    ++control->commands_in_read;
    if (const auto* slid = std::get_if<SlidCommand>(&command)) {
      if (slid->spid == 666) control->hang_up = true;
      if (slid->spid == 999) control->mute = true;
      if (slid->spid == 7) return {250, {"sel_out"}};
      return {551, {"No Such SPID(" + std::to_string(slid->spid) + ")"}};
    }
    if (const auto* fqdn = std::get_if<FqdnCommand>(&command)) {
      if (fqdn->address && fqdn->address->to_string() == "192.0.2.1") {
        return {250, {"a.example.", "b.example."}};
      }
      return {501, {"Not Cached"}};
    }
    if (const auto* add = std::get_if<PolicyAddCommand>(&command)) {
      if (add->slid == "missing") return {550, {"Operation Failed, selector not found"}};
      return {250, {"Policy Added " + add->slid + " and " + add->slid + "_r"}};
    }
    if (std::holds_alternative<PolicyDeleteCommand>(command)) return {250, {"Policy Deleted"}};
    if (const auto* migrate = std::get_if<MigrateCommand>(&command)) {
      return {250, {"Migrate " + migrate->slid}};
    }
    return {250, {"OK"}};
  }

  testing::ServerControl* control = nullptr;
  std::vector<std::string> handled;
};

event::Loop make_loop() {
  auto loop = event::Loop::create();
  if (!loop) throw std::runtime_error(loop.error().message);
  return std::move(*loop);
}

class ClientTest : public ::testing::Test {
 protected:
  ClientTest() : loop_(make_loop()), server_(loop_, spmd_, "secret") {
    spmd_.control = &server_.control();
  }

  ClientOptions options(std::string_view secret = "secret") {
    ClientOptions o;
    o.socket_path = server_.path();
    o.password = password_hex(buf::to_bytes(secret));
    o.timeout = 3s;
    o.trace = [this](std::string_view line) { trace_.emplace_back(line); };
    return o;
  }

  // Connects and records on_login / on_lost.
  std::unique_ptr<Client> connect(ClientOptions o) {
    auto client =
        Client::connect(loop_, std::move(o),
                        {.on_login = [this](Result<void> r) { login_.emplace(std::move(r)); },
                         .on_lost = [this](const Error& e) { lost_.push_back(e); }});
    EXPECT_TRUE(client) << client.error().message;
    return client ? std::move(*client) : nullptr;
  }

  std::unique_ptr<Client> logged_in_client() {
    auto client = connect(options());
    run([&] { return login_.has_value(); });
    EXPECT_TRUE(login_ && *login_) << (login_ && !*login_ ? login_->error().message : "");
    return client;
  }

  void run(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    auto ran = run_until(loop_, done, limit);
    ASSERT_TRUE(ran) << ran.error().message;
  }

  event::Loop loop_;
  FakeSpmd spmd_;
  testing::TestServer server_;
  std::optional<Result<void>> login_;
  std::vector<Error> lost_;
  std::vector<std::string> trace_;
};

TEST_F(ClientTest, LoginOk) {
  auto client = connect(options());
  EXPECT_FALSE(login_);  // nothing is reported inside connect()
  EXPECT_FALSE(client->logged_in());
  run([&] { return login_.has_value(); });
  ASSERT_TRUE(*login_) << login_->error().message;
  EXPECT_TRUE(client->logged_in());
  ASSERT_GE(trace_.size(), 3U);
  EXPECT_EQ(trace_[0].substr(0, 6), "< 220 ");
  EXPECT_EQ(trace_[1], "> LOGIN ****");  // the response never shows
  EXPECT_EQ(trace_[2], "< 250 OK");
  EXPECT_EQ(server_.received().size(), 1U);
  EXPECT_EQ(server_.received()[0].size(), 6 + kChallengeLength);
  EXPECT_TRUE(lost_.empty());
}

TEST_F(ClientTest, LoginRefusedWithWrongPassword) {
  auto client = connect(options("wrong"));
  run([&] { return login_.has_value(); });
  ASSERT_FALSE(*login_);
  EXPECT_EQ(login_->error().code, EACCES);
  EXPECT_NE(login_->error().message.find("550 FAILED(Internal Error)"), std::string::npos)
      << login_->error().message;
  EXPECT_FALSE(client->logged_in());
  EXPECT_TRUE(lost_.empty());  // on_lost is for connections that had logged in
  EXPECT_EQ(server_.totals().login_failures, 1U);
}

TEST_F(ClientTest, MissingSocketFailsThroughOnLogin) {
  ClientOptions o = options();
  o.socket_path += ".absent";
  auto client = connect(std::move(o));
  ASSERT_TRUE(client);
  std::optional<Result<std::string>> slid;
  client->slid(7, [&](Result<std::string> r) { slid.emplace(std::move(r)); });
  EXPECT_FALSE(login_);
  run([&] { return login_.has_value() && slid.has_value(); });
  ASSERT_FALSE(*login_);
  EXPECT_EQ(login_->error().code, ENOENT);
  ASSERT_FALSE(*slid);
  EXPECT_EQ(slid->error().code, ENOENT);
  EXPECT_EQ(server_.accepted(), 0);
}

TEST_F(ClientTest, TooLongPathFailsAtOnce) {
  ClientOptions o = options();
  o.socket_path = "/" + std::string(200, 'x');
  auto client = Client::connect(loop_, std::move(o), {});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code, ENAMETOOLONG);
}

TEST_F(ClientTest, TypedHelpers) {
  auto client = logged_in_client();
  std::optional<Result<std::string>> found;
  std::optional<Result<std::string>> missing;
  std::optional<Result<std::vector<std::string>>> names;
  std::optional<Result<std::vector<std::string>>> uncached;
  client->slid(7, [&](Result<std::string> r) { found.emplace(std::move(r)); });
  client->slid(8, [&](Result<std::string> r) { missing.emplace(std::move(r)); });
  client->fqdn_query(ip("192.0.2.1"),
                     [&](Result<std::vector<std::string>> r) { names.emplace(std::move(r)); });
  client->fqdn_query(ip("2001:db8::9"),
                     [&](Result<std::vector<std::string>> r) { uncached.emplace(std::move(r)); });
  EXPECT_EQ(client->waiting(), 4U);
  run([&] { return uncached.has_value(); });
  ASSERT_TRUE(*found);
  EXPECT_EQ(**found, "sel_out");
  ASSERT_FALSE(*missing);
  EXPECT_EQ(missing->error().code, ENOENT);
  EXPECT_NE(missing->error().message.find("551 No Such SPID(8)"), std::string::npos);
  ASSERT_TRUE(*names);
  EXPECT_EQ(**names, (std::vector<std::string>{"a.example.", "b.example."}));
  ASSERT_FALSE(*uncached);
  EXPECT_EQ(uncached->error().code, ENOENT);
  EXPECT_EQ(client->waiting(), 0U);
  EXPECT_EQ(spmd_.handled, (std::vector<std::string>{"SLID 7", "SLID 8", "FQDN QUERY 192.0.2.1",
                                                     "FQDN QUERY 2001:db8::9"}));
}

TEST_F(ClientTest, PolicyHelpers) {
  auto client = logged_in_client();
  const PolicyAddresses tunnel{rct::IpsecMode::Tunnel, *addr::Prefix::parse("10.1.0.0/16"),
                               *addr::Prefix::parse("10.2.0.5"), ip("192.0.2.1"), ip("192.0.2.2")};
  std::vector<Result<void>> results;
  auto record = [&](Result<void> r) { results.push_back(std::move(r)); };
  client->policy_add({"sel", 3600, tunnel}, record);
  client->policy_add({"missing", 0, tunnel}, record);
  client->policy_delete({"sel", tunnel}, record);
  client->policy_delete({"sel", {}}, record);
  client->migrate(
      {"mip", ip("2001:db8::1"), ip("2001:db8::2"), ip("2001:db8::3"), ip("2001:db8::2")}, record);
  run([&] { return results.size() == 5; });
  EXPECT_TRUE(results[0]);
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, EPROTO);
  EXPECT_NE(results[1].error().message.find("550 Operation Failed, selector not found"),
            std::string::npos)
      << results[1].error().message;
  EXPECT_TRUE(results[2]);
  EXPECT_TRUE(results[3]);
  EXPECT_TRUE(results[4]);
  EXPECT_EQ(
      spmd_.handled,
      (std::vector<std::string>{
          "POLICY ADD sel 3600 TUNNEL 10.1.0.0/16 10.2.0.5 192.0.2.1 192.0.2.2",
          "POLICY ADD missing 0 TUNNEL 10.1.0.0/16 10.2.0.5 192.0.2.1 192.0.2.2",
          "POLICY DELETE sel TUNNEL 10.1.0.0/16 10.2.0.5 192.0.2.1 192.0.2.2", "POLICY DELETE sel",
          "MIGRATE mip 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8::2"}));
}

TEST_F(ClientTest, RequestsBeforeLoginWaitAndGoOneAtATime) {
  auto client = connect(options());
  std::vector<std::string> order;
  for (const std::uint32_t spid : {7U, 1U, 7U, 2U, 7U}) {
    client->request(SlidCommand{spid}, [&order, spid](Result<Reply> r) {
      ASSERT_TRUE(r);
      order.push_back(std::to_string(spid) + ":" + std::to_string(r->code));
    });
  }
  EXPECT_EQ(client->waiting(), 5U);
  run([&] { return order.size() == 5; });
  EXPECT_EQ(order, (std::vector<std::string>{"7:250", "1:551", "7:250", "2:551", "7:250"}));
  // The server never got two commands in one read...
  EXPECT_EQ(server_.control().max_commands_per_read, 1);
  // ...and the client never sent before the previous reply was complete.
  std::vector<std::string> directions;
  for (const std::string& line : trace_) directions.push_back(line.substr(0, 1));
  for (std::size_t i = 1; i < directions.size(); ++i) {
    EXPECT_FALSE(directions[i] == ">" && directions[i - 1] == ">") << "pipelined at " << i;
  }
  EXPECT_EQ(std::count(directions.begin(), directions.end(), ">"), 6);  // LOGIN + 5
}

TEST_F(ClientTest, CancelQueuedAndInFlight) {
  auto client = logged_in_client();
  std::vector<std::string> called;
  auto tag = [&](const std::string& name) {
    return [&called, name](const Result<Reply>&) { called.push_back(name); };
  };
  const auto first = client->request(SlidCommand{7}, tag("first"));  // goes out at once
  const auto second = client->request(SlidCommand{1}, tag("second"));
  client->request(SlidCommand{2}, tag("third"));
  EXPECT_NE(first, second);
  client->cancel(second);  // still queued: never sent
  client->cancel(first);   // in flight: sent, reply dropped
  EXPECT_EQ(client->waiting(), 2U);
  run([&] { return !called.empty(); });
  EXPECT_EQ(called, (std::vector<std::string>{"third"}));
  EXPECT_EQ(spmd_.handled, (std::vector<std::string>{"SLID 7", "SLID 2"}));
  EXPECT_EQ(client->waiting(), 0U);
}

TEST_F(ClientTest, ServerHangUpFailsWaitingRequestsThenOnLost) {
  auto client = logged_in_client();
  std::vector<std::string> events;
  client->slid(666, [&](const Result<std::string>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ECONNRESET);
    events.push_back("in flight");
  });
  client->slid(7, [&](const Result<std::string>& r) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ECONNRESET);
    events.push_back("queued");
  });
  run([&] { return !lost_.empty(); });
  EXPECT_EQ(events, (std::vector<std::string>{"in flight", "queued"}));
  ASSERT_EQ(lost_.size(), 1U);
  EXPECT_EQ(lost_[0].code, ECONNRESET);
  EXPECT_FALSE(client->logged_in());
  // Once lost, a new request fails without a connection (and later, not inside request()).
  std::optional<Result<Reply>> late;
  client->request(StatCommand{}, [&](Result<Reply> r) { late.emplace(std::move(r)); });
  EXPECT_FALSE(late);
  run([&] { return late.has_value(); });
  ASSERT_FALSE(*late);
  EXPECT_EQ(late->error().code, ENOTCONN);
  EXPECT_EQ(lost_.size(), 1U);
}

TEST_F(ClientTest, RequestTimeout) {
  ClientOptions o = options();
  o.timeout = 200ms;
  auto client = connect(std::move(o));
  run([&] { return login_.has_value(); });
  ASSERT_TRUE(*login_);
  std::optional<Result<std::string>> silent;
  std::optional<Result<std::string>> queued;
  client->slid(999, [&](Result<std::string> r) { silent.emplace(std::move(r)); });
  client->slid(7, [&](Result<std::string> r) { queued.emplace(std::move(r)); });
  run([&] { return !lost_.empty(); });
  ASSERT_TRUE(silent && queued);
  ASSERT_FALSE(*silent);
  EXPECT_EQ(silent->error().code, ETIMEDOUT);
  ASSERT_FALSE(*queued);
  EXPECT_EQ(queued->error().code, ECONNRESET);
  EXPECT_EQ(lost_[0].code, ETIMEDOUT);
}

TEST(ClientGreeting, TimeoutWithoutGreeting) {
  // A socket that accepts connections (the kernel queues them) but never talks.
  rc::testing::TempDir dir("spmif-client");
  const std::string path = dir.path("mute");
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  ASSERT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener.get(), 1), 0);
  auto loop = make_loop();
  std::optional<Result<void>> login;
  ClientOptions o;
  o.socket_path = path;
  o.password = password_hex(buf::to_bytes("secret"));
  o.timeout = 150ms;
  auto client = Client::connect(loop, std::move(o),
                                {.on_login = [&](Result<void> r) { login.emplace(std::move(r)); }});
  ASSERT_TRUE(client);
  ASSERT_TRUE(run_until(
      loop, [&] { return login.has_value(); }, 5s));
  ASSERT_FALSE(*login);
  EXPECT_EQ(login->error().code, ETIMEDOUT);
}

TEST_F(ClientTest, QuitClosesWithoutOnLost) {
  auto client = logged_in_client();
  std::optional<Result<std::string>> slid;
  bool done = false;
  client->slid(7, [&](Result<std::string> r) { slid.emplace(std::move(r)); });
  client->quit([&] { done = true; });
  run([&] { return done; });
  ASSERT_TRUE(slid && *slid);
  EXPECT_EQ(server_.received().back(), "QUIT");
  EXPECT_EQ(trace_.back(), "< 250 BYE");
  EXPECT_FALSE(client->logged_in());
  // Let the server notice the close; the client must stay quiet.
  auto ran = run_until(
      loop_, [] { return false; }, 100ms);
  EXPECT_FALSE(ran);
  EXPECT_TRUE(lost_.empty());
}

TEST_F(ClientTest, RefusesWhatTheWireCannotCarry) {
  auto client = logged_in_client();
  std::vector<Result<void>> results;
  const PolicyAddresses transport{rct::IpsecMode::Transport,
                                  *addr::Prefix::parse("10.0.0.1"),
                                  *addr::Prefix::parse("10.0.0.2"),
                                  {},
                                  {}};
  // A selector index with a blank would shift every later argument.
  client->policy_delete({"two words", transport},
                        [&](Result<void> r) { results.push_back(std::move(r)); });
  // A CR LF would forge a second command.
  client->policy_delete({"x\r\nQUIT", {}},
                        [&](Result<void> r) { results.push_back(std::move(r)); });
  // The server reads /0 as a host prefix.
  const PolicyAddresses any{rct::IpsecMode::Transport,
                            *addr::Prefix::parse("0.0.0.0/0"),
                            *addr::Prefix::parse("0.0.0.0/0"),
                            {},
                            {}};
  client->policy_add({"sel", 0, any}, [&](Result<void> r) { results.push_back(std::move(r)); });
  EXPECT_TRUE(results.empty());
  run([&] { return results.size() == 3; });
  for (const auto& r : results) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, EINVAL);
  }
  EXPECT_TRUE(spmd_.handled.empty());
}

TEST_F(ClientTest, CallbackMayDestroyTheClient) {
  auto client = logged_in_client();
  bool second_called = false;
  client->slid(7, [&](const Result<std::string>&) { client.reset(); });
  client->slid(7, [&](const Result<std::string>&) { second_called = true; });
  run([&] { return client == nullptr; });
  // Give a pending reply time to arrive at a destroyed client: nothing runs.
  (void)run_until(
      loop_, [] { return false; }, 100ms);
  EXPECT_FALSE(second_called);
}

TEST_F(ClientTest, OnLostMayDestroyTheClient) {
  std::unique_ptr<Client> client;
  client = Client::connect(loop_, options(),
                           {.on_login = [this](Result<void> r) { login_.emplace(std::move(r)); },
                            .on_lost = [&](const Error&) { client.reset(); }})
               .value();
  run([&] { return login_.has_value(); });
  int failed = 0;
  client->slid(666, [&](const Result<std::string>& r) { failed += r ? 0 : 1; });
  run([&] { return client == nullptr; });
  EXPECT_EQ(failed, 1);
}

TEST_F(ClientTest, OnLoginFailureMayDestroyTheClient) {
  std::unique_ptr<Client> client;
  client = Client::connect(loop_, options("wrong"),
                           {.on_login = [&](const Result<void>&) { client.reset(); }})
               .value();
  run([&] { return client == nullptr; });
}

}  // namespace
}  // namespace rc::spmif
