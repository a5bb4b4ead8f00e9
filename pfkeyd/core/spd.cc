#include "spd.h"

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "policy_expiry.h"

namespace rc::pfkeyd {
namespace {

// IPSEC_MANUAL_REQID_MAX: reqids the kernel hands out lie above it.
constexpr std::uint32_t kManualReqidMax = 0x3fff;

}  // namespace

kernel::PolicyInfo info_of(const PolicyEntry& entry) {
  return kernel::PolicyInfo{entry.params, entry.current};
}

std::uint32_t spid_direction(rct::Direction direction) {
  switch (direction) {
    case rct::Direction::Inbound:
      return 0;
    case rct::Direction::Outbound:
      return 1;
    default:
      return 2;
  }
}

Spd::SelectorKey Spd::selector_key(const kernel::Selector& s, rct::Direction direction) {
  return {static_cast<int>(direction), s.src, s.dst, s.protocol, s.src_port, s.dst_port, s.ifindex};
}

// Linux's xfrm_gen_index: a counter stepping by 8 with the direction in
// the low bits, skipping 0 and taken indexes; a requested free index of
// the right direction is kept.
kernel::Spid Spd::new_spid(rct::Direction direction, kernel::Spid requested) {
  const std::uint32_t dir = spid_direction(direction);
  if (requested != 0 && (requested & 7U) == dir && !by_spid_.contains(requested)) return requested;
  for (;;) {
    kernel::Spid spid = generators_.index | dir;
    generators_.index += 8;
    if (spid == 0) spid = 8;
    if (!by_spid_.contains(spid)) return spid;
  }
}

// Linux's gen_reqid: the next reqid above the manual range that no
// policy's template uses.
std::uint32_t Spd::new_reqid() {
  for (;;) {
    if (++generators_.reqid == 0) generators_.reqid = kManualReqidMax + 1;
    if (!reqid_uses_.contains(generators_.reqid)) return generators_.reqid;
  }
}

void Spd::count_reqids(const PolicyEntry& entry, bool add) {
  for (const kernel::PolicyTemplate& tmpl : entry.params.templates) {
    if (tmpl.reqid == 0) continue;
    if (add) {
      ++reqid_uses_[tmpl.reqid];
    } else if (auto it = reqid_uses_.find(tmpl.reqid);
               it != reqid_uses_.end() && --it->second == 0) {
      reqid_uses_.erase(it);
    }
  }
}

void Spd::assign_reqids(kernel::PolicyParams& policy) {
  for (kernel::PolicyTemplate& tmpl : policy.templates) {
    if (tmpl.level == rct::IpsecLevel::Unique && tmpl.reqid == 0) tmpl.reqid = new_reqid();
  }
}

// The callers have made sure that the SPID, the selector and direction and
// the position are free.
void Spd::insert(PolicyEntry entry) {
  const kernel::Spid spid = entry.params.spid;
  generators_.position = std::max(generators_.position, entry.position + 1);
  entry.indexed_deadline.reset();  // a new node: in no index yet
  PolicyEntry& stored = by_spid_.emplace(spid, std::move(entry)).first->second;
  by_selector_[selector_key(stored.params.selector, stored.params.direction)] = spid;
  by_position_[stored.position] = &stored;
  lookup_.insert(stored);
  count_reqids(stored, true);
  reindex(stored);
}

Result<kernel::Spid> Spd::add(kernel::PolicyParams policy, MonoTime now,
                              std::uint64_t wall_seconds) {
  if (find(policy.selector, policy.direction) != nullptr) {
    return fail(Error{EEXIST, "a policy with this selector and direction exists"});
  }
  assign_reqids(policy);
  policy.spid = new_spid(policy.direction, policy.spid);
  PolicyEntry entry;
  entry.params = std::move(policy);
  entry.current.add_time = wall_seconds;
  entry.added = now;
  entry.position = generators_.position++;
  const kernel::Spid spid = entry.params.spid;
  insert(std::move(entry));
  return spid;
}

kernel::Spid Spd::update(kernel::PolicyParams policy, MonoTime now, std::uint64_t wall_seconds) {
  PolicyEntry* old = find(policy.selector, policy.direction);
  if (old == nullptr) {
    auto added = add(std::move(policy), now, wall_seconds);
    return *added;  // cannot clash: nothing had this selector
  }
  const bool same_priority = old->params.priority == policy.priority;
  const std::uint64_t position = old->position;
  policy.spid = old->params.spid;
  (void)erase(policy.spid);
  assign_reqids(policy);
  PolicyEntry entry;
  entry.params = std::move(policy);
  entry.current.add_time = wall_seconds;
  entry.added = now;
  entry.position = same_priority ? position : generators_.position++;
  const kernel::Spid spid = entry.params.spid;
  insert(std::move(entry));
  return spid;
}

std::optional<PolicyEntry> Spd::erase(kernel::Spid spid) {
  auto it = by_spid_.find(spid);
  if (it == by_spid_.end()) return std::nullopt;
  PolicyEntry& entry = it->second;
  by_selector_.erase(selector_key(entry.params.selector, entry.params.direction));
  by_position_.erase(entry.position);
  lookup_.erase(entry);
  count_reqids(entry, false);
  deadlines_.remove(entry);
  auto node = by_spid_.extract(it);
  return std::move(node.mapped());
}

PolicyEntry* Spd::find(kernel::Spid spid) {
  auto it = by_spid_.find(spid);
  return it == by_spid_.end() ? nullptr : &it->second;
}

const PolicyEntry* Spd::find(kernel::Spid spid) const {
  auto it = by_spid_.find(spid);
  return it == by_spid_.end() ? nullptr : &it->second;
}

PolicyEntry* Spd::find(const kernel::Selector& selector, rct::Direction direction) {
  auto it = by_selector_.find(selector_key(selector, direction));
  return it == by_selector_.end() ? nullptr : find(it->second);
}

PolicyEntry* Spd::lookup(const kernel::Selector& packet, rct::Direction direction) {
  return lookup_.lookup(packet, direction);
}

void Spd::used(PolicyEntry& entry, MonoTime now, std::uint64_t wall_seconds) {
  entry.last_use = now;
  entry.current.use_time = wall_seconds;
  reindex(entry);
}

void Spd::reindex(PolicyEntry& entry) {
  deadlines_.update(entry, policy_deadline(entry));
}

std::vector<PolicyEntry*> Spd::due(MonoTime now) const {
  return deadlines_.due(
      now, [](const PolicyEntry* a, const PolicyEntry* b) { return a->position < b->position; });
}

std::vector<const PolicyEntry*> Spd::in_order() const {
  std::vector<const PolicyEntry*> out;
  out.reserve(by_position_.size());
  for (const auto& item : by_position_) out.push_back(item.second);
  return out;
}

std::size_t Spd::clear() {
  const std::size_t count = by_spid_.size();
  deadlines_.clear();
  lookup_.clear();
  by_position_.clear();
  by_selector_.clear();
  reqid_uses_.clear();
  by_spid_.clear();
  return count;
}

Result<void> Spd::restore(PolicyEntry entry) {
  if (entry.params.spid == 0 || by_spid_.contains(entry.params.spid) ||
      find(entry.params.selector, entry.params.direction) != nullptr ||
      by_position_.contains(entry.position)) {
    return fail(
        Error{EEXIST, fmt::format("saved policy {} clashes with another", entry.params.spid)});
  }
  insert(std::move(entry));
  return ok();
}

}  // namespace rc::pfkeyd
