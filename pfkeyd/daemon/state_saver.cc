#include "state_saver.h"

#include "log/log.h"

namespace rc::pfkeyd {

StateSaver::StateSaver(event::Loop& loop, const Tables& tables, std::string path,
                       std::chrono::milliseconds delay)
    : tables_(tables), path_(std::move(path)), delay_(delay) {
  timer_ = loop.add_timer(delay_, [this] { save(); });
  timer_.cancel();
}

void StateSaver::changed() {
  if (path_.empty()) return;
  dirty_ = true;
  if (!timer_.pending()) timer_.restart(delay_);
}

void StateSaver::save_now() {
  timer_.cancel();
  save();
}

void StateSaver::save() {
  if (!dirty_) return;
  dirty_ = false;
  if (auto saved = tables_.save(path_); !saved) {
    // Keep serving: the tables in memory are intact; retry with the next change.
    dirty_ = true;
    log::internal_err("pfkeyd: cannot save the tables to {}: {}", path_, saved.error().message);
  }
}

}  // namespace rc::pfkeyd
