// The event loop's hot paths, epoll and poll side by side: timer add +
// cancel, timers firing, and the latency from a write on one end of a
// socketpair to the read callback on the other.
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include <benchmark/benchmark.h>

#include "event/loop.h"

namespace {

using rc::event::Backend;
using rc::event::Loop;
using namespace std::chrono_literals;

std::optional<Loop> make_loop(benchmark::State& state, Backend backend) {
  auto loop = Loop::create(backend);
  if (!loop) {
    state.SkipWithError(loop.error().message.c_str());
    return std::nullopt;
  }
  return std::move(*loop);
}

// Add one timer and drop it again, with state.range(0) other timers
// pending so the ordered queue has realistic depth.
void BM_TimerAddCancel(benchmark::State& state, Backend backend) {
  auto made = make_loop(state, backend);
  if (!made) return;
  Loop& loop = *made;
  std::vector<rc::event::Timer> background;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    background.push_back(loop.add_timer(std::chrono::seconds(60 + i), [] {}));
  }
  while (state.KeepRunning()) {
    rc::event::Timer timer = loop.add_timer(30s, [] {});
    benchmark::DoNotOptimize(timer);
  }
  state.SetItemsProcessed(state.iterations());
}

// Schedule state.range(0) zero-delay timers and run the loop until all fired.
void BM_TimerFire(benchmark::State& state, Backend backend) {
  auto made = make_loop(state, backend);
  if (!made) return;
  Loop& loop = *made;
  const auto batch = static_cast<std::size_t>(state.range(0));
  std::vector<rc::event::Timer> timers;
  timers.reserve(batch);
  std::size_t fired = 0;
  while (state.KeepRunning()) {
    timers.clear();
    fired = 0;
    for (std::size_t i = 0; i < batch; ++i) timers.push_back(loop.add_timer(0ms, [&] { ++fired; }));
    while (fired < batch) {
      if (!loop.run_once(1s)) state.SkipWithError("run_once failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// One byte written to a socketpair, dispatched to the reader's callback.
// state.range(0) idle descriptors are watched too: poll pays for them on
// every iteration, epoll does not.
void BM_SocketPairDispatch(benchmark::State& state, Backend backend) {
  auto made = make_loop(state, backend);
  if (!made) return;
  Loop& loop = *made;
  std::array<int, 2> pair{-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair.data()) != 0) {
    state.SkipWithError("socketpair failed");
    return;
  }
  std::vector<std::array<int, 2>> idle(static_cast<std::size_t>(state.range(0)));
  std::vector<rc::event::IoWatch> idle_watches;
  for (auto& fds : idle) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds.data()) != 0) {
      state.SkipWithError("socketpair failed");
      return;
    }
    auto watch = loop.watch_io(fds[0], rc::event::Interest::kRead, [](rc::event::IoEvents) {});
    if (watch) idle_watches.push_back(std::move(*watch));
  }
  bool got = false;
  auto watch = loop.watch_io(pair[0], rc::event::Interest::kRead, [&](rc::event::IoEvents) {
    char byte = 0;
    got = ::read(pair[0], &byte, 1) == 1;
  });
  if (!watch) {
    state.SkipWithError(watch.error().message.c_str());
    return;
  }
  const char byte = 'x';
  while (state.KeepRunning()) {
    got = false;
    if (::write(pair[1], &byte, 1) != 1) state.SkipWithError("write failed");
    while (!got) {
      if (!loop.run_once(1s)) state.SkipWithError("run_once failed");
    }
  }
  watch->reset();
  idle_watches.clear();
  for (auto& fds : idle) {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  ::close(pair[0]);
  ::close(pair[1]);
  state.SetItemsProcessed(state.iterations());
}

// A closure posted from the loop thread itself (the cost of the queue and
// the wake-up pipe, without thread hand-off noise).
void BM_PostDispatch(benchmark::State& state, Backend backend) {
  auto made = make_loop(state, backend);
  if (!made) return;
  Loop& loop = *made;
  std::size_t ran = 0;
  while (state.KeepRunning()) {
    loop.post([&] { ++ran; });
    if (!loop.run_once(1s)) state.SkipWithError("run_once failed");
  }
  benchmark::DoNotOptimize(ran);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_TimerAddCancel, epoll, Backend::kEpoll)->Arg(0)->Arg(1000);
BENCHMARK_CAPTURE(BM_TimerAddCancel, poll, Backend::kPoll)->Arg(0)->Arg(1000);
BENCHMARK_CAPTURE(BM_TimerFire, epoll, Backend::kEpoll)->Arg(1)->Arg(1000);
BENCHMARK_CAPTURE(BM_TimerFire, poll, Backend::kPoll)->Arg(1)->Arg(1000);
BENCHMARK_CAPTURE(BM_SocketPairDispatch, epoll, Backend::kEpoll)->Arg(0)->Arg(200);
BENCHMARK_CAPTURE(BM_SocketPairDispatch, poll, Backend::kPoll)->Arg(0)->Arg(200);
BENCHMARK_CAPTURE(BM_PostDispatch, epoll, Backend::kEpoll);
BENCHMARK_CAPTURE(BM_PostDispatch, poll, Backend::kPoll);

}  // namespace
