// Descriptor readiness through Loop::watch_io, for every poller back end.
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "loop_test_support.h"

namespace rc::event::testing {
namespace {

using LoopIoTest = LoopTest;
INSTANTIATE_TEST_SUITE_P(Backends, LoopIoTest, RC_LOOP_BACKENDS, backend_name);

TEST_P(LoopIoTest, ReportsReadableDataOnly) {
  FdPair pair = make_socketpair();
  std::vector<IoEvents> seen;
  auto watch = loop().watch_io(pair.first.get(), Interest::kRead, [&](IoEvents events) {
    seen.push_back(events);
    char byte = 0;
    EXPECT_EQ(::read(pair.first.get(), &byte, 1), 1);
  });
  ASSERT_TRUE(watch) << watch.error().message;

  auto idle = loop().run_once(10ms);
  ASSERT_TRUE(idle);
  EXPECT_EQ(*idle, 0U);
  EXPECT_TRUE(seen.empty());

  write_byte(pair.second.get());
  ASSERT_TRUE(run_until([&] { return !seen.empty(); }));
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_TRUE(seen[0].readable);
  EXPECT_FALSE(seen[0].writable);
  EXPECT_FALSE(seen[0].error);
  EXPECT_FALSE(seen[0].hangup);

  // Drained: nothing more until new data arrives.
  auto after = loop().run_once(10ms);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, 0U);
}

TEST_P(LoopIoTest, LevelTriggeredRepeatsUntilDrained) {
  FdPair pair = make_socketpair();
  int calls = 0;
  auto watch = loop().watch_io(pair.first.get(), Interest::kRead, [&](IoEvents) { ++calls; });
  ASSERT_TRUE(watch);
  write_byte(pair.second.get());
  ASSERT_TRUE(run_until([&] { return calls == 3; }));
}

TEST_P(LoopIoTest, SetInterestSwitchesBetweenReadAndWrite) {
  FdPair pair = make_socketpair();
  std::vector<IoEvents> seen;
  auto watch = loop().watch_io(pair.first.get(), Interest::kNone,
                               [&](IoEvents events) { seen.push_back(events); });
  ASSERT_TRUE(watch);
  auto idle = loop().run_once(10ms);
  ASSERT_TRUE(idle);
  EXPECT_EQ(*idle, 0U) << "a socket with room to write must not be reported without interest";

  ASSERT_TRUE(watch->set_interest(Interest::kWrite));
  ASSERT_TRUE(run_until([&] { return !seen.empty(); }));
  EXPECT_TRUE(seen.back().writable);
  EXPECT_FALSE(seen.back().readable);

  ASSERT_TRUE(watch->set_interest(Interest::kRead | Interest::kWrite));
  write_byte(pair.second.get());
  seen.clear();
  ASSERT_TRUE(run_until([&] { return !seen.empty(); }));
  EXPECT_TRUE(seen.back().writable);
  EXPECT_TRUE(seen.back().readable);
}

TEST_P(LoopIoTest, ReportsHangupWhenTheWriterCloses) {
  FdPair pipe = make_pipe();
  std::vector<IoEvents> seen;
  auto watch = loop().watch_io(pipe.first.get(), Interest::kRead,
                               [&](IoEvents events) { seen.push_back(events); });
  ASSERT_TRUE(watch);
  pipe.second.reset();
  ASSERT_TRUE(run_until([&] { return !seen.empty(); }));
  EXPECT_TRUE(seen[0].hangup);
}

TEST_P(LoopIoTest, ReportsErrorWhenTheReaderCloses) {
  FdPair pipe = make_pipe();
  std::vector<IoEvents> seen;
  // Asked only for writability: the error must be reported anyway.
  auto watch = loop().watch_io(pipe.second.get(), Interest::kNone,
                               [&](IoEvents events) { seen.push_back(events); });
  ASSERT_TRUE(watch);
  pipe.first.reset();
  ASSERT_TRUE(run_until([&] { return !seen.empty(); }));
  EXPECT_TRUE(seen[0].error);
  EXPECT_FALSE(seen[0].writable);
}

TEST_P(LoopIoTest, RefusesASecondWatchOnTheSameFd) {
  FdPair pair = make_socketpair();
  auto first = loop().watch_io(pair.first.get(), Interest::kRead, [](IoEvents) {});
  ASSERT_TRUE(first);
  auto second = loop().watch_io(pair.first.get(), Interest::kWrite, [](IoEvents) {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, EEXIST);

  // Once the first is gone the fd can be watched again.
  first->reset();
  EXPECT_FALSE(first->active());
  auto third = loop().watch_io(pair.first.get(), Interest::kRead, [](IoEvents) {});
  EXPECT_TRUE(third);
}

TEST_P(LoopIoTest, RefusesAnInvalidFd) {
  auto watch = loop().watch_io(-1, Interest::kRead, [](IoEvents) {});
  ASSERT_FALSE(watch);
  EXPECT_EQ(watch.error().code, EBADF);
}

TEST_P(LoopIoTest, DestroyedWatchIsNeverCalled) {
  FdPair pair = make_socketpair();
  int calls = 0;
  {
    auto watch = loop().watch_io(pair.first.get(), Interest::kRead, [&](IoEvents) { ++calls; });
    ASSERT_TRUE(watch);
    EXPECT_TRUE(watch->active());
  }
  write_byte(pair.second.get());
  auto ran = loop().run_once(10ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(*ran, 0U);
  EXPECT_EQ(calls, 0);
}

TEST_P(LoopIoTest, MoveAssignmentDropsTheReplacedWatch) {
  FdPair a = make_socketpair();
  FdPair b = make_socketpair();
  int a_calls = 0;
  auto watch = loop().watch_io(a.first.get(), Interest::kRead, [&](IoEvents) { ++a_calls; });
  ASSERT_TRUE(watch);
  auto other = loop().watch_io(b.first.get(), Interest::kRead, [](IoEvents) {});
  ASSERT_TRUE(other);
  *watch = std::move(*other);
  write_byte(a.second.get());
  auto ran = loop().run_once(10ms);
  ASSERT_TRUE(ran);
  EXPECT_EQ(a_calls, 0);
  // a's fd is free again, proving the old registration is gone.
  EXPECT_TRUE(loop().watch_io(a.first.get(), Interest::kRead, [](IoEvents) {}));
}

TEST_P(LoopIoTest, SetInterestOnADeadWatchFails) {
  IoWatch never_registered;
  EXPECT_FALSE(never_registered.active());
  EXPECT_FALSE(never_registered.set_interest(Interest::kRead));
}

}  // namespace
}  // namespace rc::event::testing
