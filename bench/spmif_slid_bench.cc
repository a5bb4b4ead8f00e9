// SLID requests per second over spmif: what iked and kinkd ask spmd for
// every ACQUIRE. A real spmd of this build (on a private pfkeyd) holds the
// policies of 1,000 selector pairs; the client asks for random SPIDs
//  - one request per round trip, as every original client does;
//  - 64 requests in one write (pipelined; our spmd answers them in order,
//    the original could not);
//  - through lib/spmif's asynchronous Client, the code iked and kinkd use.
// Needs root (pfkeyd and spmd refuse other users).
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "base/unique_fd.h"
#include "event/loop.h"
#include "spmif/client.h"
#include "spmif/login.h"
#include "support/daemon_process.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace {

constexpr int kSelectorPairs = 1000;

std::string config_text(const std::string& dir) {
  std::string text = fmt::format(
      "interface {{ spmd {{ unix \"{0}/run/spmif\"; }}; spmd_password \"{0}/spmd.pwd\";\n"
      "  key_engine pfkeyd; pfkeyd_socket \"{0}/run/pfkey\"; }};\n"
      "resolver {{ resolver off; }};\npolicy pass {{ action none; }};\n",
      dir);
  for (int i = 0; i < kSelectorPairs; ++i) {
    const std::string peer = fmt::format("10.{}.{}.1", i / 250, i % 250);
    text += fmt::format(
        "selector s{0}_out {{ direction outbound; src 192.0.2.1; dst {1}; policy_index pass; }};\n"
        "selector s{0}_in {{ direction inbound; src {1}; dst 192.0.2.1; policy_index pass; }};\n",
        i, peer);
  }
  return text;
}

// pfkeyd and spmd in a private directory, and the SPIDs spmd installed.
struct Daemons {
  rc::testing::TempDir dir{"bench-spmif"};
  std::unique_ptr<rc::testing::PfkeydProcess> pfkeyd;
  std::unique_ptr<rc::testing::DaemonProcess> spmd;
  std::vector<std::string> spids;

  bool start(benchmark::State& state) {
    const std::string root = dir.root().string();
    ::chmod(root.c_str(), 0700);
    std::ofstream(root + "/racoon2.conf") << config_text(root);
    ::chmod((root + "/racoon2.conf").c_str(), 0600);
    pfkeyd = std::make_unique<rc::testing::PfkeydProcess>(RACOON2_PFKEYD_BINARY, root);
    if (!pfkeyd->start(std::chrono::seconds(30), {"--state-file=none"})) {
      state.SkipWithError(pfkeyd->error().c_str());
      return false;
    }
    spmd = std::make_unique<rc::testing::DaemonProcess>("spmd", root + "/spmd.log",
                                                        root + "/run/spmif", SOCK_STREAM);
    if (!spmd->start({RACOON2_SPMD_BINARY, "-F", "-f", root + "/racoon2.conf",
                      "--pid-file=" + root + "/spmd.pid"},
                     std::chrono::seconds(60))) {
      state.SkipWithError(spmd->error().c_str());
      return false;
    }
    return true;
  }
};

// A raw logged-in connection, line by line.
class RawClient {
 public:
  bool open(const std::string& dir) {
    fd_ = rc::UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = dir + "/run/spmif";
    std::copy(path.begin(), path.end(), address.sun_path);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      return false;
    }
    const std::string greeting = line();
    auto password = rc::spmif::read_password(dir + "/spmd.pwd");
    if (!password || greeting.size() < 44) return false;
    auto hash = rc::spmif::login_response(greeting.substr(4), *password);
    return hash && send("LOGIN " + *hash + "\r\n") && line() == "250 OK";
  }
  bool send(const std::string& text) {
    return ::send(fd_.get(), text.data(), text.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(text.size());
  }
  std::string line() {
    for (;;) {
      if (const auto end = buffer_.find("\r\n"); end != std::string::npos) {
        std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return text;
      }
      char chunk[65536];
      const ssize_t got = ::recv(fd_.get(), chunk, sizeof chunk, 0);
      if (got <= 0) return {};
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
  }

 private:
  rc::UniqueFd fd_;
  std::string buffer_;
};

// The SPIDs from POLICY DUMP ("250-slid spid").
std::vector<std::string> spids_of(RawClient& client) {
  std::vector<std::string> spids;
  if (!client.send("POLICY DUMP\r\n")) return spids;
  for (;;) {
    const std::string text = client.line();
    if (text.size() < 4) break;
    spids.push_back(text.substr(text.rfind(' ') + 1));
    if (text[3] == ' ') break;
  }
  return spids;
}

void BM_SlidOneAtATime(benchmark::State& state) {
  Daemons daemons;
  RawClient client;
  if (!daemons.start(state)) return;
  if (!client.open(daemons.dir.root().string())) {
    state.SkipWithError("cannot log in to spmd");
    return;
  }
  const auto spids = spids_of(client);
  if (spids.size() != 2 * kSelectorPairs) {
    state.SkipWithError("spmd did not install every policy");
    return;
  }
  std::mt19937 random(1);
  for (auto _ : state) {
    client.send("SLID " + spids[random() % spids.size()] + "\r\n");
    const std::string reply = client.line();
    if (!reply.starts_with("250 s")) {
      state.SkipWithError(("unexpected reply: " + reply).c_str());
      return;
    }
  }
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SlidOneAtATime)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_SlidPipelined64(benchmark::State& state) {
  constexpr int kBatch = 64;
  Daemons daemons;
  RawClient client;
  if (!daemons.start(state)) return;
  if (!client.open(daemons.dir.root().string())) {
    state.SkipWithError("cannot log in to spmd");
    return;
  }
  const auto spids = spids_of(client);
  if (spids.empty()) {
    state.SkipWithError("no policies");
    return;
  }
  std::mt19937 random(2);
  for (auto _ : state) {
    std::string batch;
    for (int i = 0; i < kBatch; ++i) batch += "SLID " + spids[random() % spids.size()] + "\r\n";
    client.send(batch);
    for (int i = 0; i < kBatch; ++i) {
      if (!client.line().starts_with("250 s")) {
        state.SkipWithError("unexpected reply");
        return;
      }
    }
  }
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kBatch),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SlidPipelined64)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_SlidThroughClientLibrary(benchmark::State& state) {
  Daemons daemons;
  if (!daemons.start(state)) return;
  const std::string root = daemons.dir.root().string();
  RawClient raw;
  if (!raw.open(root)) {
    state.SkipWithError("cannot log in to spmd");
    return;
  }
  const auto spids = spids_of(raw);
  auto loop = rc::event::Loop::create();
  auto password = rc::spmif::read_password(root + "/spmd.pwd");
  if (!loop || !password || spids.empty()) {
    state.SkipWithError("set-up failed");
    return;
  }
  bool logged_in = false;
  auto client = rc::spmif::Client::connect(
      *loop, {.socket_path = root + "/run/spmif", .password = std::move(*password)},
      {.on_login = [&](const rc::Result<void>& result) { logged_in = result.has_value(); },
       .on_lost = [](const rc::Error&) {}});
  if (!client || !rc::spmif::run_until(
                     *loop, [&] { return logged_in; }, std::chrono::seconds(5))) {
    state.SkipWithError("the client did not log in");
    return;
  }
  std::mt19937 random(3);
  for (auto _ : state) {
    bool answered = false;
    (*client)->slid(static_cast<std::uint32_t>(std::stoul(spids[random() % spids.size()])),
                    [&](const rc::Result<std::string>& slid) { answered = slid.has_value(); });
    if (!rc::spmif::run_until(
            *loop, [&] { return answered; }, std::chrono::seconds(5))) {
      state.SkipWithError("no answer");
      return;
    }
  }
  state.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SlidThroughClientLibrary)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
