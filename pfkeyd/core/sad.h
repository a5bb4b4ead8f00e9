// The SAD: SAs by (type, destination, SPI) as Linux finds them, larval ones
// from GETSPI included, with the times the lifetimes count from. Two more
// indexes keep every request and packet O(log n): SAs by their endpoints
// (type, destination, source, mode: what a template asks for) and by the
// time they next fall due.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "addr/ip_address.h"
#include "clock.h"
#include "deadline_index.h"
#include "kernel/sa.h"
#include "kernel/selector.h"

namespace rc::pfkeyd {

struct SaEntry {
  kernel::SaParams params;
  kernel::SaState state = kernel::SaState::Mature;
  kernel::LifetimeCurrent current;  // add_time / use_time in wall seconds
  MonoTime added{};                 // add lifetimes count from here
  std::optional<MonoTime> first_use;
  std::optional<MonoTime> larval_deadline;  // larval SAs only
  std::uint64_t order = 0;                  // dump order; the newest wins a tie
  // Where the SAD's deadline index files this SA; the SAD's own business.
  std::optional<MonoTime> indexed_deadline;
};

// What a policy template asks of an SA. reqid 0 takes any SA.
struct SaWanted {
  rct::SaType type = rct::SaType::Esp;
  rct::IpsecMode mode = rct::IpsecMode::Transport;
  addr::IpAddress src;
  addr::IpAddress dst;
  std::uint32_t reqid = 0;

  bool operator==(const SaWanted&) const = default;
};

bool satisfies(const SaWanted& wanted, const kernel::SaParams& sa);

kernel::SaInfo info_of(const SaEntry& entry);

class Sad {
 public:
  struct Key {
    rct::SaType type;
    addr::IpAddress dst;
    std::uint32_t spi;

    auto operator<=>(const Key&) const = default;
  };
  static Key key_of(const kernel::SaId& id) { return {id.type, id.dst, id.spi}; }

  Sad() = default;
  // The indexes point into entries_' nodes, which a move keeps and a copy
  // would not.
  Sad(const Sad&) = delete;
  Sad& operator=(const Sad&) = delete;
  Sad(Sad&&) = default;
  Sad& operator=(Sad&&) = default;
  ~Sad() = default;

  [[nodiscard]] SaEntry* find(const kernel::SaId& id);
  [[nodiscard]] const SaEntry* find(const kernel::SaId& id) const;
  [[nodiscard]] bool spi_in_use(rct::SaType type, const addr::IpAddress& dst,
                                std::uint32_t spi) const;
  // How many SAs of `type` go to `dst`. Linear in that number: for the SPI
  // allocator's rare walk, not for every request.
  [[nodiscard]] std::size_t count_at(rct::SaType type, const addr::IpAddress& dst) const;

  // The caller has checked that the id is free (an SA with the same id is
  // replaced). A zero order gets the next one (restored entries keep
  // theirs).
  SaEntry& insert(SaEntry entry);
  std::optional<SaEntry> erase(const kernel::SaId& id);
  std::size_t clear(std::optional<rct::SaType> type);
  // Call after changing, in place, anything sa_deadline() reads: state,
  // lifetimes, first use, larval deadline.
  void reindex(SaEntry& entry);

  // The SA a template uses for `packet`: mature or dying, matching, its
  // selector (if any) taking the packet; mature before dying, then the
  // newest (xfrm_state_look_at's order).
  [[nodiscard]] SaEntry* usable(const SaWanted& wanted, const kernel::Selector& packet);
  // A larval SA that satisfies `wanted` (an SA being negotiated).
  [[nodiscard]] bool larval_for(const SaWanted& wanted) const;
  // Every SA (any state) that satisfies `wanted`, oldest first.
  [[nodiscard]] std::vector<SaEntry*> satisfying(const SaWanted& wanted);

  // The earliest deadline of any SA (larval time-out, soft or hard time
  // limit), and the SAs due at `now`, oldest first.
  [[nodiscard]] std::optional<MonoTime> next_deadline() const { return deadlines_.earliest(); }
  [[nodiscard]] std::vector<SaEntry*> due(MonoTime now) const;
  [[nodiscard]] std::size_t with_deadline() const { return deadlines_.size(); }

  // Oldest first (a sort of the table: for dumps and the state file).
  [[nodiscard]] std::vector<const SaEntry*> in_order(std::optional<rct::SaType> type) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  [[nodiscard]] std::uint64_t next_order() const { return next_order_; }
  void set_next_order(std::uint64_t order) { next_order_ = order; }

 private:
  // SAs by what a template asks for, (type, destination, source, mode,
  // reqid), then by address so that each SA is one key of its own: an
  // erase is O(log n) even among thousands of SAs between two gateways.
  // A probe (SaWanted) names one reqid, or with reqid 0 any reqid, as a
  // template does.
  struct ByEndpoints {
    using is_transparent = void;
    static auto pair_of(const SaEntry* e) {
      return std::tie(e->params.id.type, e->params.id.dst, e->params.id.src, e->params.mode);
    }
    static auto pair_of(const SaWanted& w) { return std::tie(w.type, w.dst, w.src, w.mode); }
    bool operator()(const SaEntry* a, const SaEntry* b) const {
      if (const auto c = pair_of(a) <=> pair_of(b); c != 0) return c < 0;
      if (a->params.reqid != b->params.reqid) return a->params.reqid < b->params.reqid;
      return std::less<>{}(a, b);
    }
    bool operator()(const SaEntry* a, const SaWanted& w) const {
      if (const auto c = pair_of(a) <=> pair_of(w); c != 0) return c < 0;
      return w.reqid != 0 && a->params.reqid < w.reqid;
    }
    bool operator()(const SaWanted& w, const SaEntry* a) const {
      if (const auto c = pair_of(w) <=> pair_of(a); c != 0) return c < 0;
      return w.reqid != 0 && w.reqid < a->params.reqid;
    }
  };

  std::map<Key, SaEntry> entries_;
  // Entries keep id, mode and reqid while indexed (changes go through
  // erase and insert).
  std::set<SaEntry*, ByEndpoints> by_endpoints_;
  DeadlineIndex<SaEntry> deadlines_;
  std::uint64_t next_order_ = 1;
};

}  // namespace rc::pfkeyd
