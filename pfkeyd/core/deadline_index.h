// DeadlineIndex: the entries of one table (SAs, policies) by the time they
// next fall due, so the tables' next deadline is read in O(1) and a timer
// run visits only what is due, never the whole table.
//
// Each entry remembers where the index holds it (`indexed_deadline`), so a
// change to whatever its deadline depends on is one `update()`: the owner
// calls it after every such change, and `remove()` before the entry goes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "clock.h"

namespace rc::pfkeyd {

template <class Entry>
class DeadlineIndex {
 public:
  // Files `entry` under `due` (nothing: under no deadline).
  void update(Entry& entry, std::optional<MonoTime> due) {
    if (entry.indexed_deadline == due) return;
    if (entry.indexed_deadline) by_time_.erase({*entry.indexed_deadline, &entry});
    if (due) by_time_.emplace(*due, &entry);
    entry.indexed_deadline = due;
  }
  void remove(Entry& entry) { update(entry, std::nullopt); }
  void clear() { by_time_.clear(); }

  [[nodiscard]] std::optional<MonoTime> earliest() const {
    if (by_time_.empty()) return std::nullopt;
    return by_time_.begin()->first;
  }

  // The entries due at `now`, ordered by `before` (the table's own order,
  // so a batch of expiries comes out as a scan of the table would say it).
  template <class Before>
  [[nodiscard]] std::vector<Entry*> due(MonoTime now, Before before) const {
    std::vector<Entry*> out;
    for (auto it = by_time_.begin(); it != by_time_.end() && it->first <= now; ++it) {
      out.push_back(it->second);
    }
    std::sort(out.begin(), out.end(), before);
    return out;
  }

  [[nodiscard]] std::size_t size() const { return by_time_.size(); }

 private:
  // Ties are broken by address: any order will do, due() sorts.
  std::set<std::pair<MonoTime, Entry*>> by_time_;
};

}  // namespace rc::pfkeyd
