// Drives the tables' clock-based work (larval timeouts, lifetimes) from the
// event loop: one timer, always armed for the tables' next deadline.
#pragma once

#include <functional>

#include "event/loop.h"
#include "pfkeyd/core/tables.h"

namespace rc::pfkeyd {

class EngineTimer {
 public:
  using Sink = std::function<void(const Notifications&)>;

  EngineTimer(event::Loop& loop, Tables& tables, Sink sink);

  // Call after anything that may have moved the next deadline.
  void rearm();

 private:
  void fire();

  event::Loop& loop_;
  Tables& tables_;
  Sink sink_;
  event::Timer timer_;
};

}  // namespace rc::pfkeyd
