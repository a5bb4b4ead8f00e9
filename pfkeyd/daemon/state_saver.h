// Keeps pfkeyd's state file close behind its tables: a change arms a short
// timer and the tables are written when it fires, so a burst of requests
// (a daemon installing thousands of SAs) costs one write, not thousands.
// On a clean stop the daemon saves at once; a crash loses at most the last
// `delay` of changes.
#pragma once

#include <chrono>
#include <string>

#include "event/loop.h"
#include "pfkeyd/core/tables.h"

namespace rc::pfkeyd {

class StateSaver {
 public:
  static constexpr std::chrono::milliseconds kDefaultDelay{1000};

  // `path` empty: nothing is ever saved.
  StateSaver(event::Loop& loop, const Tables& tables, std::string path,
             std::chrono::milliseconds delay = kDefaultDelay);

  void changed();
  // Writes now if anything changed (clean shutdown, SIGHUP).
  void save_now();

 private:
  void save();

  const Tables& tables_;
  std::string path_;
  std::chrono::milliseconds delay_;
  event::Timer timer_;
  bool dirty_ = false;
};

}  // namespace rc::pfkeyd
