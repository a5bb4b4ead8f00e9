#include "event/loop.h"

#include <algorithm>

#include "event/loop_core.h"

namespace rc::event {

namespace {

void remove_io(detail::LoopCore& core, std::uint64_t id) noexcept {
  core.remove_io(id);
}
void remove_timer(detail::LoopCore& core, std::uint64_t id) noexcept {
  core.remove_timer(id);
}
void remove_signal(detail::LoopCore& core, std::uint64_t id) noexcept {
  core.remove_signal(id);
}

constexpr Loop::Duration kMinimumPeriod = std::chrono::milliseconds(1);

}  // namespace

Result<Loop> Loop::create(Backend backend) {
  auto core = detail::LoopCore::create(backend);
  if (!core) return fail(std::move(core).error());
  return Loop(std::move(*core));
}

Loop::~Loop() {
  if (core_) core_->stop();  // matters only when destroyed from inside run()
}

Result<IoWatch> Loop::watch_io(int fd, Interest interest, IoCallback callback) {
  auto id = core_->add_io(fd, interest, std::move(callback));
  if (!id) return fail(std::move(id).error());
  return IoWatch(detail::Registration(core_, *id, remove_io));
}

Timer Loop::add_timer(Duration delay, Callback callback) {
  const std::uint64_t id = core_->add_timer(delay, Duration::zero(), std::move(callback));
  return Timer(detail::Registration(core_, id, remove_timer));
}

Timer Loop::add_periodic(Duration period, Callback callback) {
  period = std::max(period, kMinimumPeriod);
  const std::uint64_t id = core_->add_timer(period, period, std::move(callback));
  return Timer(detail::Registration(core_, id, remove_timer));
}

Result<SignalWatch> Loop::watch_signal(int signo, Callback callback) {
  auto id = core_->add_signal(signo, std::move(callback));
  if (!id) return fail(std::move(id).error());
  return SignalWatch(detail::Registration(core_, *id, remove_signal));
}

void Loop::post(Callback task) {
  core_->post(std::move(task));
}
void Loop::stop() {
  core_->stop();
}
Result<void> Loop::run() {
  return core_->run();
}
Result<std::size_t> Loop::run_once(Duration timeout) {
  return core_->run_once(timeout);
}
Loop::TimePoint Loop::now() const {
  return core_->now();
}
std::string_view Loop::backend_name() const {
  return core_->backend_name();
}

}  // namespace rc::event
