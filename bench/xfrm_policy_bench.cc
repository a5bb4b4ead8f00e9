// Installing and dumping 1,000 to 10,000 policies through our XFRM back end
// and through `ip -batch` (iproute2, the tool administrators script), side
// by side in the same run and the same kind of fresh network namespace.
// Figures: time per policy ("per_policy", in microseconds) for each size,
// so the growth is visible across the rows. Needs root (network namespaces);
// without it every benchmark reports an error instead of a figure.
//
// Our add_policy also reads the policy back to learn the kernel's SPID (the
// daemons need it), so it does two round trips where `ip` does one.
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "kernel/engine_select.h"

namespace {

using rc::kernel::KeyEngine;
using rc::kernel::PolicyParams;

// Policy i protects host 203.0.113.a <-> 198.51.100.b: 10,000 distinct
// host pairs, as a concentrator with that many peers would hold.
std::string local_of(int i) {
  return fmt::format("203.0.113.{}", i / 250 + 1);
}
std::string peer_of(int i) {
  return fmt::format("198.51.100.{}", i % 250 + 1);
}

// A fresh, empty network namespace for this process: nothing from the last
// iteration (or the host) is in the SPD.
bool fresh_namespace(benchmark::State& state) {
  if (::unshare(CLONE_NEWNET) != 0) {
    state.SkipWithError(
        fmt::format("unshare(CLONE_NEWNET): {} (needs root)", std::strerror(errno)).c_str());
    return false;
  }
  return true;
}

PolicyParams policy_number(int i) {
  PolicyParams policy;
  policy.selector.src = rc::addr::Prefix::host(*rc::addr::IpAddress::parse(local_of(i)));
  policy.selector.dst = rc::addr::Prefix::host(*rc::addr::IpAddress::parse(peer_of(i)));
  policy.selector.protocol = 17;
  policy.selector.dst_port = 500;
  policy.direction = rc::rct::Direction::Outbound;
  policy.templates.push_back(rc::kernel::PolicyTemplate{.protocol = rc::rct::SaType::Esp,
                                                        .mode = rc::rct::IpsecMode::Transport,
                                                        .level = rc::rct::IpsecLevel::Require,
                                                        .tunnel_src = {},
                                                        .tunnel_dst = {},
                                                        .reqid = 1});
  return policy;
}

std::string ip_batch_file(int count) {
  const std::string path = fmt::format("/tmp/racoon2-bench-ip-batch.{}", ::getpid());
  std::ofstream out(path);
  for (int i = 0; i < count; ++i) {
    out << fmt::format(
        "xfrm policy add src {}/32 dst {}/32 proto udp dport 500 dir out "
        "tmpl proto esp mode transport reqid 1 level required\n",
        local_of(i), peer_of(i));
  }
  return path;
}

std::unique_ptr<KeyEngine> open_xfrm(benchmark::State& state) {
  rc::kernel::EngineSettings settings;
  settings.kind = rc::kernel::EngineKind::Xfrm;
  auto engine = rc::kernel::open_engine(rc::kernel::EngineKind::Xfrm, settings);
  if (!engine) {
    state.SkipWithError(engine.error().message.c_str());
    return nullptr;
  }
  return std::move(*engine);
}

bool install_all(benchmark::State& state, KeyEngine& engine, int count) {
  for (int i = 0; i < count; ++i) {
    auto spid = engine.add_policy(policy_number(i));
    if (!spid) {
      state.SkipWithError(spid.error().message.c_str());
      return false;
    }
  }
  return true;
}

bool run_command(benchmark::State& state, const std::string& command) {
  // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): the comparison is the ip(8) command
  if (std::system(command.c_str()) != 0) {
    state.SkipWithError(("failed: " + command).c_str());
    return false;
  }
  return true;
}

void report(benchmark::State& state, int count) {
  state.SetItemsProcessed(state.iterations() * count);
  state.counters["per_policy"] =
      benchmark::Counter(static_cast<double>(state.iterations() * count),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_EngineInstall(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    if (!fresh_namespace(state)) return;
    auto engine = open_xfrm(state);
    if (!engine) return;
    state.ResumeTiming();
    if (!install_all(state, *engine, count)) return;
  }
  report(state, count);
}

void BM_IpBatchInstall(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const std::string batch = ip_batch_file(count);
  for (auto _ : state) {
    state.PauseTiming();
    if (!fresh_namespace(state)) break;
    state.ResumeTiming();
    if (!run_command(state, "ip -batch " + batch)) break;
  }
  std::remove(batch.c_str());
  report(state, count);
}

void BM_EngineDump(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  if (!fresh_namespace(state)) return;
  auto engine = open_xfrm(state);
  if (!engine || !install_all(state, *engine, count)) return;
  for (auto _ : state) {
    auto dump = engine->dump_policies();
    if (!dump || static_cast<int>(dump->size()) != count) {
      state.SkipWithError("dump_policies failed or was incomplete");
      return;
    }
    benchmark::DoNotOptimize(dump->data());
  }
  report(state, count);
}

void BM_IpDump(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const std::string batch = ip_batch_file(count);
  if (fresh_namespace(state) && run_command(state, "ip -batch " + batch)) {
    for (auto _ : state) {
      if (!run_command(state, "ip xfrm policy list >/dev/null")) break;
    }
  }
  std::remove(batch.c_str());
  report(state, count);
}

// Rows grow 1k -> 10k so the per-policy figure shows how cost scales.
void sizes(benchmark::internal::Benchmark* bench) {
  bench->Arg(1000)->Arg(5000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_EngineInstall)->Apply(sizes);
BENCHMARK(BM_IpBatchInstall)->Apply(sizes);
BENCHMARK(BM_EngineDump)->Apply(sizes);
BENCHMARK(BM_IpDump)->Apply(sizes);

}  // namespace
