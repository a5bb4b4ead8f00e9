#include "acquires.h"

#include <cstdint>
#include <limits>
#include <tuple>

namespace rc::pfkeyd {

template <class Visit>
void Acquires::for_template(const SaWanted& wanted, Visit visit) const {
  const TemplateKey last = template_key(wanted, std::numeric_limits<std::uint64_t>::max());
  for (auto it = by_template_.lower_bound(template_key(wanted, 0));
       it != by_template_.end() && *it <= last; ++it) {
    visit(std::get<5>(*it));
  }
}

bool Acquires::pending(const SaWanted& wanted) const {
  bool found = false;
  for_template(wanted, [&](std::uint64_t) { found = true; });
  return found;
}

void Acquires::add(const PendingAcquire& acquire) {
  const std::uint64_t id = next_id_++;
  by_id_.emplace(id, acquire);
  by_template_.insert(template_key(acquire.wanted, id));
  by_seq_.emplace(acquire.seq, id);
  by_deadline_.emplace(acquire.deadline, id);
}

void Acquires::erase(std::uint64_t id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  const PendingAcquire& a = it->second;
  by_template_.erase(template_key(a.wanted, id));
  by_seq_.erase({a.seq, id});
  by_deadline_.erase({a.deadline, id});
  by_id_.erase(it);
}

std::optional<PendingAcquire> Acquires::take(std::uint32_t seq, const addr::IpAddress& dst) {
  if (seq == 0) return std::nullopt;
  // Ids count up: the oldest ACQUIRE of this seq first.
  for (auto it = by_seq_.lower_bound({seq, 0}); it != by_seq_.end() && it->first == seq; ++it) {
    const PendingAcquire& a = by_id_.at(it->second);
    if (a.wanted.dst != dst) continue;
    PendingAcquire taken = a;
    erase(it->second);
    return taken;
  }
  return std::nullopt;
}

void Acquires::answered_by(const kernel::SaParams& sa) {
  std::vector<std::uint64_t> done;
  if (sa.seq != 0) {
    // By seq only when protocol and destination agree (xfrm_state_add).
    for (auto it = by_seq_.lower_bound({sa.seq, 0}); it != by_seq_.end() && it->first == sa.seq;
         ++it) {
      const PendingAcquire& a = by_id_.at(it->second);
      if (a.wanted.type == sa.id.type && a.wanted.dst == sa.id.dst) done.push_back(it->second);
    }
  }
  // satisfies(): a template without reqid takes any SA, one with a reqid
  // only an SA with that reqid.
  SaWanted of_sa{sa.id.type, sa.mode, sa.id.src, sa.id.dst, 0};
  for_template(of_sa, [&](std::uint64_t id) { done.push_back(id); });
  if (sa.reqid != 0) {
    of_sa.reqid = sa.reqid;
    for_template(of_sa, [&](std::uint64_t id) { done.push_back(id); });
  }
  for (const std::uint64_t id : done) erase(id);  // erase() skips an id met twice
}

void Acquires::clear(std::optional<rct::SaType> type) {
  std::vector<std::uint64_t> doomed;
  for (const auto& [id, a] : by_id_) {
    if (!type || a.wanted.type == *type) doomed.push_back(id);
  }
  for (const std::uint64_t id : doomed) erase(id);
}

std::size_t Acquires::expire(MonoTime now) {
  std::size_t count = 0;
  while (!by_deadline_.empty() && by_deadline_.begin()->first <= now) {
    erase(by_deadline_.begin()->second);
    ++count;
  }
  return count;
}

std::optional<MonoTime> Acquires::next_deadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first;
}

std::vector<PendingAcquire> Acquires::all() const {
  std::vector<PendingAcquire> out;
  out.reserve(by_id_.size());
  for (const auto& item : by_id_) out.push_back(item.second);
  return out;
}

}  // namespace rc::pfkeyd
