// What callbacks may do to the loop while it dispatches: drop their own or
// other registrations, add new ones, stop the loop, even destroy it. Run
// under ASan, these catch use-after-free in the dispatch code.
#include <unistd.h>

#include <memory>
#include <vector>

#include "loop_test_support.h"

namespace rc::event::testing {
namespace {

using LoopReentrancyTest = LoopTest;
INSTANTIATE_TEST_SUITE_P(Backends, LoopReentrancyTest, RC_LOOP_BACKENDS, backend_name);

TEST_P(LoopReentrancyTest, IoCallbackDestroysItsOwnWatch) {
  FdPair pair = make_socketpair();
  IoWatch watch;
  int calls = 0;
  // The captured state lives in the callback being destroyed: touching it
  // after reset() would be a use-after-free if the loop did not hold it.
  auto state = std::make_shared<std::vector<int>>();
  auto created = loop().watch_io(pair.first.get(), Interest::kRead, [&, state](IoEvents) {
    ++calls;
    watch.reset();
    state->push_back(1);
  });
  ASSERT_TRUE(created);
  watch = std::move(*created);
  write_byte(pair.second.get());
  ASSERT_TRUE(run_until([&] { return calls == 1; }));
  auto again = loop().run_once(10ms);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0U);
  EXPECT_EQ(calls, 1);
}

TEST_P(LoopReentrancyTest, CallbackDestroysAnotherWatchReadyInTheSameIteration) {
  FdPair a = make_socketpair();
  FdPair b = make_socketpair();
  std::optional<IoWatch> watch_a;
  std::optional<IoWatch> watch_b;
  int calls = 0;
  auto made_a = loop().watch_io(a.first.get(), Interest::kRead, [&](IoEvents) {
    ++calls;
    watch_b.reset();
  });
  auto made_b = loop().watch_io(b.first.get(), Interest::kRead, [&](IoEvents) {
    ++calls;
    watch_a.reset();
  });
  ASSERT_TRUE(made_a);
  ASSERT_TRUE(made_b);
  watch_a.emplace(std::move(*made_a));
  watch_b.emplace(std::move(*made_b));
  write_byte(a.second.get());
  write_byte(b.second.get());
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 1) << "whichever ran first must have silenced the other";
}

TEST_P(LoopReentrancyTest, StaleReadinessNeverReachesAWatchOnAReusedFdNumber) {
  FdPair a = make_socketpair();
  FdPair b = make_socketpair();
  std::optional<IoWatch> watch_a;
  std::optional<IoWatch> watch_b;
  std::optional<IoWatch> replacement;
  FdPair fresh;
  bool swapped = false;
  bool replacement_called = false;
  // Whichever runs first closes the other's fd and watches a new, empty
  // socket that (lowest free number) reuses it.
  auto swap_out = [&](std::optional<IoWatch>& victim, FdPair& victim_fds) {
    if (swapped) return;
    swapped = true;
    victim.reset();
    victim_fds.first.reset();
    fresh = make_socketpair();
    auto made = loop().watch_io(fresh.first.get(), Interest::kRead,
                                [&](IoEvents) { replacement_called = true; });
    ASSERT_TRUE(made);
    replacement.emplace(std::move(*made));
  };
  auto made_a =
      loop().watch_io(a.first.get(), Interest::kRead, [&](IoEvents) { swap_out(watch_b, b); });
  auto made_b =
      loop().watch_io(b.first.get(), Interest::kRead, [&](IoEvents) { swap_out(watch_a, a); });
  ASSERT_TRUE(made_a);
  ASSERT_TRUE(made_b);
  watch_a.emplace(std::move(*made_a));
  watch_b.emplace(std::move(*made_b));
  write_byte(a.second.get());
  write_byte(b.second.get());
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_TRUE(swapped);
  EXPECT_FALSE(replacement_called);
}

TEST_P(LoopReentrancyTest, TimerCallbackDestroysItselfAndAnotherDueTimer) {
  std::optional<Timer> first;
  std::optional<Timer> second;
  int calls = 0;
  first.emplace(loop().add_timer(0ms, [&] {
    ++calls;
    first.reset();
    second.reset();
  }));
  second.emplace(loop().add_timer(0ms, [&] { ++calls; }));
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 1);
}

TEST_P(LoopReentrancyTest, PeriodicTimerCancelsItselfFromItsCallback) {
  Timer tick;
  int calls = 0;
  tick = loop().add_periodic(1ms, [&] {
    if (++calls == 2) tick.reset();
  });
  ASSERT_TRUE(run_until([&] { return calls == 2; }));
  auto ran = loop().run_once(20ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(calls, 2);
}

TEST_P(LoopReentrancyTest, CallbackWhoseCapturesOwnOtherRegistrations) {
  // Dropping a timer destroys its callback, whose captures own a watch and
  // another timer; their destructors re-enter the loop during the removal.
  FdPair pair = make_socketpair();
  struct Session {
    IoWatch watch;
    Timer retransmit;
  };
  auto session = std::make_shared<Session>();
  auto watch = loop().watch_io(pair.first.get(), Interest::kRead, [](IoEvents) {});
  ASSERT_TRUE(watch);
  session->watch = std::move(*watch);
  session->retransmit = loop().add_timer(1h, [] {});
  Timer owner;
  owner = loop().add_timer(0ms, [&, session] { owner.reset(); });
  session.reset();
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  // The watch went with the session: its fd can be watched afresh.
  EXPECT_TRUE(loop().watch_io(pair.first.get(), Interest::kRead, [](IoEvents) {}));
}

TEST_P(LoopReentrancyTest, CallbackAddsNewRegistrations) {
  FdPair pair = make_socketpair();
  std::vector<Timer> timers;
  std::optional<IoWatch> watch;
  bool io_called = false;
  int timer_calls = 0;
  loop().post([&] {
    for (int i = 0; i < 10; ++i) timers.push_back(loop().add_timer(0ms, [&] { ++timer_calls; }));
    auto made =
        loop().watch_io(pair.first.get(), Interest::kRead, [&](IoEvents) { io_called = true; });
    ASSERT_TRUE(made);
    watch.emplace(std::move(*made));
    write_byte(pair.second.get());
  });
  ASSERT_TRUE(run_until([&] { return io_called && timer_calls == 10; }));
}

TEST_P(LoopReentrancyTest, StopInsideDispatchLeavesTheRestPending) {
  std::vector<int> order;
  Timer a = loop().add_timer(0ms, [&] {
    order.push_back(1);
    loop().stop();
  });
  Timer b = loop().add_timer(0ms, [&] { order.push_back(2); });
  auto done = loop().run();
  ASSERT_TRUE(done);
  EXPECT_EQ(order, (std::vector<int>{1}));
  EXPECT_TRUE(b.pending());
  auto ran = loop().run_once(1s);
  ASSERT_TRUE(ran);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_P(LoopReentrancyTest, SignalCallbackStopsTheLoop) {
  auto watch = loop().watch_signal(SIGUSR1, [&] { loop().stop(); });
  ASSERT_TRUE(watch);
  Timer keep_busy = loop().add_periodic(1h, [] {});
  loop().post([] { ::raise(SIGUSR1); });
  auto done = loop().run();
  EXPECT_TRUE(done);
}

TEST_P(LoopReentrancyTest, CallbackDestroysTheLoop) {
  IoWatch watch;
  FdPair pair = make_socketpair();
  auto made = loop().watch_io(pair.first.get(), Interest::kRead, [](IoEvents) {});
  ASSERT_TRUE(made);
  watch = std::move(*made);
  write_byte(pair.second.get());
  Timer later = loop().add_timer(0ms, [this] { loop_.reset(); });
  Timer keep_busy = loop().add_periodic(1h, [] {});
  Loop& loop_ref = loop();
  auto done = loop_ref.run();  // must return: destroying the loop stops it
  EXPECT_TRUE(done);
  EXPECT_FALSE(loop_.has_value());
  EXPECT_FALSE(watch.active());
  EXPECT_FALSE(keep_busy.pending());
}

TEST_P(LoopReentrancyTest, RunOnceInsideACallbackIsRefused) {
  bool refused = false;
  loop().post([&] {
    auto nested = loop().run_once(0ms);
    refused = !nested;
  });
  ASSERT_TRUE(run_until([&] { return refused; }, 1s));
}

}  // namespace
}  // namespace rc::event::testing
