#include "sad.h"

#include <algorithm>
#include <utility>

#include "sa_copy.h"
#include "sa_expiry.h"
#include "selector_match.h"

namespace rc::pfkeyd {

bool satisfies(const SaWanted& wanted, const kernel::SaParams& sa) {
  return sa.id.type == wanted.type && sa.mode == wanted.mode && sa.id.src == wanted.src &&
         sa.id.dst == wanted.dst && (wanted.reqid == 0 || sa.reqid == wanted.reqid);
}

kernel::SaInfo info_of(const SaEntry& entry) {
  kernel::SaInfo info;
  info.params = copy_params(entry.params);
  info.state = entry.state;
  info.current = entry.current;
  return info;
}

SaEntry* Sad::find(const kernel::SaId& id) {
  auto it = entries_.find(key_of(id));
  return it == entries_.end() ? nullptr : &it->second;
}

const SaEntry* Sad::find(const kernel::SaId& id) const {
  auto it = entries_.find(key_of(id));
  return it == entries_.end() ? nullptr : &it->second;
}

bool Sad::spi_in_use(rct::SaType type, const addr::IpAddress& dst, std::uint32_t spi) const {
  return entries_.contains(Key{type, dst, spi});
}

std::size_t Sad::count_at(rct::SaType type, const addr::IpAddress& dst) const {
  auto first = entries_.lower_bound(Key{type, dst, 0});
  auto last = entries_.upper_bound(Key{type, dst, 0xffffffff});
  return static_cast<std::size_t>(std::distance(first, last));
}

SaEntry& Sad::insert(SaEntry entry) {
  (void)erase(entry.params.id);  // so no index keeps a replaced entry
  if (entry.order == 0) entry.order = next_order_++;
  next_order_ = std::max(next_order_, entry.order + 1);
  entry.indexed_deadline.reset();  // a new node: in no index yet
  const Key key = key_of(entry.params.id);
  SaEntry& stored = entries_.emplace(key, std::move(entry)).first->second;
  by_endpoints_.insert(&stored);
  reindex(stored);
  return stored;
}

std::optional<SaEntry> Sad::erase(const kernel::SaId& id) {
  auto it = entries_.find(key_of(id));
  if (it == entries_.end()) return std::nullopt;
  SaEntry* entry = &it->second;
  by_endpoints_.erase(entry);
  deadlines_.remove(*entry);
  auto node = entries_.extract(it);
  return std::move(node.mapped());
}

std::size_t Sad::clear(std::optional<rct::SaType> type) {
  if (!type) {
    const std::size_t count = entries_.size();
    deadlines_.clear();
    by_endpoints_.clear();
    entries_.clear();
    return count;
  }
  std::vector<kernel::SaId> doomed;
  for (const auto& [key, entry] : entries_) {
    if (key.type == *type) doomed.push_back(entry.params.id);
  }
  for (const kernel::SaId& id : doomed) (void)erase(id);
  return doomed.size();
}

void Sad::reindex(SaEntry& entry) {
  deadlines_.update(entry, sa_deadline(entry));
}

std::vector<SaEntry*> Sad::satisfying(const SaWanted& wanted) {
  std::vector<SaEntry*> out;
  auto [first, last] = by_endpoints_.equal_range(wanted);
  for (auto it = first; it != last; ++it) {
    if (satisfies(wanted, (*it)->params)) out.push_back(*it);
  }
  std::sort(out.begin(), out.end(),
            [](const SaEntry* a, const SaEntry* b) { return a->order < b->order; });
  return out;
}

SaEntry* Sad::usable(const SaWanted& wanted, const kernel::Selector& packet) {
  SaEntry* best = nullptr;
  const auto rank = [](const SaEntry& e) {
    return std::pair(e.state == kernel::SaState::Mature ? 1 : 0, e.order);
  };
  auto [first, last] = by_endpoints_.equal_range(wanted);
  for (auto it = first; it != last; ++it) {
    SaEntry& entry = **it;
    if (entry.state != kernel::SaState::Mature && entry.state != kernel::SaState::Dying) continue;
    if (!satisfies(wanted, entry.params)) continue;
    if (entry.params.selector && !selector_matches(*entry.params.selector, packet)) continue;
    if (best == nullptr || rank(entry) > rank(*best)) best = &entry;
  }
  return best;
}

bool Sad::larval_for(const SaWanted& wanted) const {
  auto [first, last] = by_endpoints_.equal_range(wanted);
  return std::any_of(first, last, [&](const SaEntry* entry) {
    return entry->state == kernel::SaState::Larval && satisfies(wanted, entry->params);
  });
}

std::vector<SaEntry*> Sad::due(MonoTime now) const {
  return deadlines_.due(now,
                        [](const SaEntry* a, const SaEntry* b) { return a->order < b->order; });
}

std::vector<const SaEntry*> Sad::in_order(std::optional<rct::SaType> type) const {
  // Sorting (order, entry) pairs in one array is several times faster than
  // sorting pointers that must be followed for every comparison.
  std::vector<std::pair<std::uint64_t, const SaEntry*>> sorted;
  sorted.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) {
    if (!type || key.type == *type) sorted.emplace_back(entry.order, &entry);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const SaEntry*> out;
  out.reserve(sorted.size());
  for (const auto& item : sorted) out.push_back(item.second);
  return out;
}

}  // namespace rc::pfkeyd
