// ACQUIREs sent and not yet answered. Linux keeps an acquire state per
// template for net.core.xfrm_acq_expires seconds and sends no second
// ACQUIRE for that template while it lives; this is that record.
//
// Indexed by the template's endpoints, by seq and by deadline, so that the
// checks on every packet, GETSPI, ADD and UPDATE, and the timer, cost
// O(log n) however many ACQUIREs wait (a concentrator starting up can have
// one per peer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "addr/ip_address.h"
#include "clock.h"
#include "kernel/sa.h"
#include "sad.h"

namespace rc::pfkeyd {

struct PendingAcquire {
  SaWanted wanted;  // the template, with the endpoints it resolved to
  std::uint32_t seq = 0;
  MonoTime deadline{};

  bool operator==(const PendingAcquire&) const = default;
};

class Acquires {
 public:
  [[nodiscard]] bool pending(const SaWanted& wanted) const;
  void add(const PendingAcquire& acquire);
  // The ACQUIRE a GETSPI with this seq answers, if its SA goes to `dst`
  // (Linux's xfrm_find_acq_byseq check); it leaves the list.
  std::optional<PendingAcquire> take(std::uint32_t seq, const addr::IpAddress& dst);
  // An SA became mature: the ACQUIREs it answers (same template, or the
  // seq it echoes) are done.
  void answered_by(const kernel::SaParams& sa);
  void clear(std::optional<rct::SaType> type);
  std::size_t expire(MonoTime now);
  [[nodiscard]] std::optional<MonoTime> next_deadline() const;
  // Oldest first.
  [[nodiscard]] std::vector<PendingAcquire> all() const;
  [[nodiscard]] std::size_t size() const { return by_id_.size(); }

 private:
  // What satisfies() compares, then the id: one key per ACQUIRE, so that
  // many between two gateways (one per reqid) cost an erase no more.
  using TemplateKey = std::tuple<rct::SaType, addr::IpAddress, addr::IpAddress, rct::IpsecMode,
                                 std::uint32_t, std::uint64_t>;
  static TemplateKey template_key(const SaWanted& w, std::uint64_t id) {
    return {w.type, w.dst, w.src, w.mode, w.reqid, id};
  }
  // The ids of the ACQUIREs for exactly this template (reqid included).
  template <class Visit>
  void for_template(const SaWanted& wanted, Visit visit) const;

  void erase(std::uint64_t id);

  std::map<std::uint64_t, PendingAcquire> by_id_;  // ids count up: oldest first
  std::set<TemplateKey> by_template_;
  std::set<std::pair<std::uint32_t, std::uint64_t>> by_seq_;
  std::set<std::pair<MonoTime, std::uint64_t>> by_deadline_;
  std::uint64_t next_id_ = 1;
};

}  // namespace rc::pfkeyd
