// pfkeyd at scale, through its real socket: 100,000 SAs and 10,000 policies
// installed, dumped and looked up by a client using our PF_KEY engine, as a
// concentrator's iked would. Figures per operation (microseconds) and
// pfkeyd's resident memory per entry. Side by side, in the same run, the
// same 10,000 policies in the kernel's XFRM SPD (a fresh network namespace
// per run; the host's kernel holds no ESP SAs, so only policies compare).
// Each run starts its own pfkeyd with no state file; needs root.
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "kernel/engine_select.h"
#include "kernel/pfkey/pfkey_engine.h"
#include "support/pfkeyd_process.h"
#include "support/temp_dir.h"

namespace {

using rc::kernel::KeyEngine;
using rc::kernel::pfkey::PfkeyEngine;

rc::addr::IpAddress address(const std::string& text) {
  return *rc::addr::IpAddress::parse(text);
}

// SA i: ESP with AES-GCM from 192.0.2.1 to one of 65,536 peers in
// 10.0.0.0/16 and a distinct SPI, as iked would install it.
rc::kernel::SaParams esp_sa(int i) {
  rc::kernel::SaParams sa;
  sa.id = rc::kernel::SaId{rc::rct::SaType::Esp, address("192.0.2.1"),
                           address(fmt::format("10.0.{}.{}", (i >> 8) & 0xff, i & 0xff)),
                           0x1000U + static_cast<std::uint32_t>(i)};
  sa.mode = rc::rct::IpsecMode::Tunnel;
  sa.reqid = static_cast<std::uint32_t>(i % 10000) + 1;
  sa.encryption = rc::rct::EncAlg::AesGcm16;
  sa.encryption_key = *rc::buf::SecretBytes::random(20);  // AES-128 key + 4-byte salt
  sa.lifetimes.soft.add_seconds = 3000;
  sa.lifetimes.hard.add_seconds = 3600;
  return sa;
}

// Policy i: host 203.0.113.a <-> 198.51.100.b, as in xfrm_policy_bench.
rc::kernel::PolicyParams policy(int i) {
  rc::kernel::PolicyParams p;
  p.selector.src = rc::addr::Prefix::host(address(fmt::format("203.0.113.{}", i / 250 + 1)));
  p.selector.dst = rc::addr::Prefix::host(address(fmt::format("198.51.100.{}", i % 250 + 1)));
  p.direction = rc::rct::Direction::Outbound;
  rc::kernel::PolicyTemplate esp;
  esp.reqid = static_cast<std::uint32_t>(i) + 1;
  p.templates.push_back(esp);
  return p;
}

long rss_kib(pid_t pid) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return 0;
}

// A private pfkeyd and a connected engine, or an error on `state`.
struct Pfkeyd {
  rc::testing::TempDir dir{"bench-pfkeyd"};
  std::unique_ptr<rc::testing::PfkeydProcess> process;
  std::unique_ptr<PfkeyEngine> engine;

  bool start(benchmark::State& state) {
    ::chmod(dir.root().c_str(), 0700);
    process =
        std::make_unique<rc::testing::PfkeydProcess>(RACOON2_PFKEYD_BINARY, dir.root().string());
    if (!process->start(std::chrono::seconds(30), {"--state-file=none"})) {
      state.SkipWithError(process->error().c_str());
      return false;
    }
    auto connected = PfkeyEngine::connect_pfkeyd(process->socket_path());
    if (!connected) {
      state.SkipWithError(connected.error().message.c_str());
      return false;
    }
    engine = std::move(*connected);
    return true;
  }
};

bool ok(benchmark::State& state, const auto& result) {
  if (result) return true;
  state.SkipWithError(result.error().message.c_str());
  return false;
}

void BM_PfkeydAddSas(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  long kib_per_1000 = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Pfkeyd pfkeyd;
    if (!pfkeyd.start(state)) return;
    const long before = rss_kib(pfkeyd.process->pid());
    state.ResumeTiming();
    for (int i = 0; i < count; ++i) {
      if (!ok(state, pfkeyd.engine->add_sa(esp_sa(i)))) return;
    }
    state.PauseTiming();
    kib_per_1000 = (rss_kib(pfkeyd.process->pid()) - before) * 1000 / count;
    state.ResumeTiming();
  }
  state.counters["per_sa_us"] = benchmark::Counter(
      static_cast<double>(count) * 1e-6,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["rss_kib_per_1000_sas"] = static_cast<double>(kib_per_1000);
}
BENCHMARK(BM_PfkeydAddSas)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PfkeydGetAndDumpSas(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  Pfkeyd pfkeyd;
  if (!pfkeyd.start(state)) return;
  for (int i = 0; i < count; ++i) {
    if (!ok(state, pfkeyd.engine->add_sa(esp_sa(i)))) return;
  }
  double get_seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i) {
      if (!ok(state, pfkeyd.engine->get_sa(esp_sa((i * 97) % count).id))) return;
    }
    get_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto dumped = pfkeyd.engine->dump_sas();
    if (!ok(state, dumped)) return;
    if (dumped->size() != static_cast<std::size_t>(count)) {
      state.SkipWithError("the dump is incomplete");
      return;
    }
  }
  state.counters["get_us"] = get_seconds * 1e6 / (1000.0 * static_cast<double>(state.iterations()));
  state.counters["dump_per_sa_us"] = benchmark::Counter(
      static_cast<double>(count) * 1e-6,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_PfkeydGetAndDumpSas)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same policies through any engine: add all, dump, then (pfkeyd only)
// 1,000 packet lookups against the full SPD.
void policies(benchmark::State& state, KeyEngine& engine, PfkeyEngine* packets, long (*rss)(void*),
              void* who) {
  const int count = static_cast<int>(state.range(0));
  double add_seconds = 0;
  double dump_seconds = 0;
  double lookup_seconds = 0;
  long kib = 0;
  for (auto _ : state) {
    if (!ok(state, engine.flush_policies())) return;
    const long before = rss != nullptr ? rss(who) : 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      if (!ok(state, engine.add_policy(policy(i)))) return;
    }
    add_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rss != nullptr) kib = rss(who) - before;
    start = std::chrono::steady_clock::now();
    auto dumped = engine.dump_policies();
    if (!ok(state, dumped)) return;
    dump_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (packets != nullptr) {
      start = std::chrono::steady_clock::now();
      for (int i = 0; i < 1000; ++i) {
        rc::kernel::pfkey::PacketReport report;
        report.packet = policy((i * 7919) % count).selector;
        report.bytes = 100;
        if (!ok(state, packets->inject_packet(report))) return;
      }
      lookup_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  }
  const auto n = static_cast<double>(state.iterations());
  state.counters["add_per_policy_us"] = add_seconds * 1e6 / (n * count);
  state.counters["dump_per_policy_us"] = dump_seconds * 1e6 / (n * count);
  if (packets != nullptr) state.counters["lookup_us"] = lookup_seconds * 1e6 / (n * 1000);
  if (rss != nullptr)
    state.counters["rss_kib_per_1000_policies"] = static_cast<double>(kib) * 1000.0 / count;
}

void BM_PfkeydPolicies(benchmark::State& state) {
  Pfkeyd pfkeyd;
  if (!pfkeyd.start(state)) return;
  pid_t pid = pfkeyd.process->pid();
  policies(
      state, *pfkeyd.engine, pfkeyd.engine.get(),
      [](void* who) { return rss_kib(*static_cast<pid_t*>(who)); }, &pid);
}
BENCHMARK(BM_PfkeydPolicies)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_XfrmPolicies(benchmark::State& state) {
  if (::unshare(CLONE_NEWNET) != 0) {
    state.SkipWithError(
        fmt::format("unshare(CLONE_NEWNET): {} (needs root)", std::strerror(errno)).c_str());
    return;
  }
  rc::kernel::EngineSettings settings;
  auto engine = rc::kernel::open_engine(rc::kernel::EngineKind::Xfrm, settings);
  if (!ok(state, engine)) return;
  policies(state, **engine, nullptr, nullptr, nullptr);
}
BENCHMARK(BM_XfrmPolicies)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
