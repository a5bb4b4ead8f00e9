#include "event/handles.h"

#include <cerrno>

#include "event/loop_core.h"

namespace rc::event {

namespace detail {

Registration& Registration::operator=(Registration&& other) noexcept {
  if (this != &other) {
    reset();  // the registration being replaced must not linger in the loop
    core_ = std::move(other.core_);
    id_ = std::exchange(other.id_, 0);
    remove_ = std::exchange(other.remove_, nullptr);
  }
  return *this;
}

void Registration::reset() noexcept {
  if (remove_ != nullptr) {
    if (const std::shared_ptr<LoopCore> loop = core_.lock()) remove_(*loop, id_);
  }
  core_.reset();
  id_ = 0;
  remove_ = nullptr;
}

std::shared_ptr<LoopCore> Registration::core() const {
  return remove_ != nullptr ? core_.lock() : nullptr;
}

}  // namespace detail

bool IoWatch::active() const {
  const auto core = registration_.core();
  return core && core->has_io(registration_.id());
}

Result<void> IoWatch::set_interest(Interest interest) {
  const auto core = registration_.core();
  if (!core) return fail(Error{ENOENT, "the fd watch is no longer registered"});
  return core->set_interest(registration_.id(), interest);
}

bool Timer::pending() const {
  const auto core = registration_.core();
  return core && core->timer_pending(registration_.id());
}

void Timer::restart(std::chrono::steady_clock::duration delay) {
  if (const auto core = registration_.core()) core->restart_timer(registration_.id(), delay);
}

void Timer::cancel() {
  if (const auto core = registration_.core()) core->cancel_timer(registration_.id());
}

bool SignalWatch::active() const {
  const auto core = registration_.core();
  return core && core->has_signal(registration_.id());
}

}  // namespace rc::event
