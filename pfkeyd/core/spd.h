// The SPD: policies by SPID, by (selector, direction) — the pair that must
// be unique —, by position (the dump order, and the tie-break of equal
// priorities), for packets through PolicyLookup, by the time they next
// fall due, and the reqids their templates use. Every operation but a dump
// or a flush is O(log n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "addr/prefix.h"
#include "base/result.h"
#include "clock.h"
#include "deadline_index.h"
#include "kernel/policy.h"
#include "kernel/selector.h"
#include "policy_lookup.h"

namespace rc::pfkeyd {

struct PolicyEntry {
  kernel::PolicyParams params;  // params.spid is set
  kernel::LifetimeCurrent current;
  MonoTime added{};
  std::optional<MonoTime> last_use;  // Linux's policy use_time is the last use
  bool soft_expired = false;
  // Among equal priorities the policy added first wins (Linux's xfrm_policy
  // pos); also the dump order.
  std::uint64_t position = 0;
  // Where the SPD's deadline index files this policy; the SPD's own business.
  std::optional<MonoTime> indexed_deadline;
};

kernel::PolicyInfo info_of(const PolicyEntry& entry);

// XFRM_POLICY_IN / OUT / FWD: the low 3 bits of a Linux SPID.
std::uint32_t spid_direction(rct::Direction direction);

class Spd {
 public:
  Spd() = default;
  // The indexes point into by_spid_'s nodes, which a move keeps and a copy
  // would not.
  Spd(const Spd&) = delete;
  Spd& operator=(const Spd&) = delete;
  Spd(Spd&&) = default;
  Spd& operator=(Spd&&) = default;
  ~Spd() = default;

  // `policy` has passed checked_policy(). EEXIST when its selector and
  // direction are taken. Level-unique templates without a reqid get one.
  Result<kernel::Spid> add(kernel::PolicyParams policy, MonoTime now, std::uint64_t wall_seconds);
  // Replaces the policy with the same selector and direction, keeping its
  // SPID (and its place among equal priorities if the priority is the
  // same), or adds it. The lifetimes start again, as for Linux's new
  // policy object.
  kernel::Spid update(kernel::PolicyParams policy, MonoTime now, std::uint64_t wall_seconds);
  std::optional<PolicyEntry> erase(kernel::Spid spid);

  [[nodiscard]] PolicyEntry* find(kernel::Spid spid);
  [[nodiscard]] const PolicyEntry* find(kernel::Spid spid) const;
  [[nodiscard]] PolicyEntry* find(const kernel::Selector& selector, rct::Direction direction);
  // The policy a packet in `direction` meets: the lowest priority number,
  // then the oldest.
  [[nodiscard]] PolicyEntry* lookup(const kernel::Selector& packet, rct::Direction direction);
  // Selector shapes in use: the searches one lookup makes (PolicyLookup).
  [[nodiscard]] std::size_t lookup_shapes() const { return lookup_.shapes(); }
  // A packet met `entry`: its use time (and so its use lifetimes) moves.
  void used(PolicyEntry& entry, MonoTime now, std::uint64_t wall_seconds);
  // Call after changing, in place, anything policy_deadline() reads
  // (soft_expired, last_use, lifetimes).
  void reindex(PolicyEntry& entry);

  // The earliest policy deadline, and the policies due at `now` by position.
  [[nodiscard]] std::optional<MonoTime> next_deadline() const { return deadlines_.earliest(); }
  [[nodiscard]] std::vector<PolicyEntry*> due(MonoTime now) const;
  [[nodiscard]] std::size_t with_deadline() const { return deadlines_.size(); }

  // By position (oldest first).
  [[nodiscard]] std::vector<const PolicyEntry*> in_order() const;
  [[nodiscard]] std::size_t size() const { return by_spid_.size(); }
  std::size_t clear();

  // What persistence must keep so new SPIDs and reqids stay unique.
  struct Generators {
    std::uint32_t index = 0;
    std::uint32_t reqid = 0x3fff;
    std::uint64_t position = 1;

    bool operator==(const Generators&) const = default;
  };
  [[nodiscard]] Generators generators() const { return generators_; }
  void set_generators(const Generators& generators) { generators_ = generators; }
  // A saved entry back in place with its SPID and position. EEXIST when
  // either is taken, or its selector and direction.
  Result<void> restore(PolicyEntry entry);

 private:
  using SelectorKey = std::tuple<int, addr::Prefix, addr::Prefix, std::uint8_t, std::uint16_t,
                                 std::uint16_t, std::uint32_t>;
  static SelectorKey selector_key(const kernel::Selector& selector, rct::Direction direction);

  kernel::Spid new_spid(rct::Direction direction, kernel::Spid requested);
  std::uint32_t new_reqid();
  void assign_reqids(kernel::PolicyParams& policy);
  void count_reqids(const PolicyEntry& entry, bool add);
  void insert(PolicyEntry entry);

  std::map<kernel::Spid, PolicyEntry> by_spid_;
  std::map<SelectorKey, kernel::Spid> by_selector_;
  std::map<std::uint64_t, PolicyEntry*> by_position_;
  PolicyLookup lookup_;
  DeadlineIndex<PolicyEntry> deadlines_;
  std::map<std::uint32_t, std::uint32_t> reqid_uses_;  // reqid -> templates using it
  Generators generators_;
};

}  // namespace rc::pfkeyd
