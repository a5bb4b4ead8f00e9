#include "tables.h"

#include <cerrno>

#include <fmt/format.h>

#include "lifetimes.h"
#include "migrate.h"
#include "persist.h"
#include "policy_check.h"
#include "policy_expiry.h"
#include "rct/names.h"
#include "sa_check.h"
#include "sa_expiry.h"
#include "spi_allocator.h"
#include "tables_state.h"

namespace rc::pfkeyd {
namespace {

std::string describe(const kernel::SaId& id) {
  return fmt::format("{} SA {} -> {} SPI {:#x}", rct::display_name(id.type), id.src, id.dst,
                     id.spi);
}

Error no_sa(const kernel::SaId& id) {
  // af_key answers a missing SA with ESRCH (pfkey_get, pfkey_delete,
  // xfrm_state_update); the PF_KEY back end turns it into ENOENT.
  return Error{ESRCH, fmt::format("no {}", describe(id))};
}

Error no_policy(kernel::Spid spid) {
  return Error{ENOENT, fmt::format("no policy with SPID {}", spid)};
}

Error with_context(std::string_view what, Error error) {
  error.message = fmt::format("{}: {}", what, error.message);
  return error;
}

}  // namespace

Tables::Tables(const Clock& clock, TablesSettings settings)
    : clock_(clock), settings_(settings), state_(std::make_unique<TablesState>()) {}

Tables::~Tables() = default;

PacketTime Tables::packet_time() const {
  return PacketTime{clock_.now(), clock_.wall_seconds(), settings_.larval_timeout};
}

// --- SAD -------------------------------------------------------------------

Result<std::uint32_t> Tables::get_spi(const kernel::SpiRequest& request) {
  // Only a failure needs the text: not formatted on the success path.
  const auto what = [&] {
    return fmt::format("GETSPI {} {} -> {}", rct::display_name(request.type), request.src,
                       request.dst);
  };
  if (!is_single_sa_type(request.type)) {
    return fail(Error{EINVAL, what() + ": an SA is ESP, AH or IPComp"});
  }
  if (request.src.family() != request.dst.family()) {
    return fail(Error{EINVAL, what() + ": addresses of two families"});
  }
  if (request.mode != rct::IpsecMode::Transport && request.mode != rct::IpsecMode::Tunnel) {
    return fail(Error{EINVAL, what() + ": mode is neither transport nor tunnel"});
  }
  auto range = usable_spi_range(request.type, request.min, request.max);
  if (!range) return fail(with_context(what(), std::move(range).error()));
  Sad& sad = state_->sad;
  auto spi = allocate_spi(
      *range, [&] { return sad.count_at(request.type, request.dst); },
      [&](std::uint32_t candidate) {
        return sad.spi_in_use(request.type, request.dst, candidate);
      });
  if (!spi) return fail(with_context(what(), std::move(spi).error()));

  const MonoTime now = clock_.now();
  SaEntry entry;
  entry.params.id = kernel::SaId{request.type, request.src, request.dst, *spi};
  entry.params.mode = request.mode;
  entry.params.reqid = request.reqid;
  entry.params.seq = request.seq;
  entry.state = kernel::SaState::Larval;
  entry.current.add_time = clock_.wall_seconds();
  entry.added = now;
  // Answering an ACQUIRE, the larval SA takes the acquire's place and its
  // deadline, as Linux's xfrm_find_acq_byseq hands back that very state.
  if (auto answered = state_->acquires.take(request.seq, request.dst)) {
    entry.larval_deadline = answered->deadline;
  } else {
    entry.larval_deadline = now + settings_.larval_timeout;
  }
  sad.insert(std::move(entry));
  return *spi;
}

Result<void> Tables::add_sa(kernel::SaParams sa) {
  const auto what = [&] { return "adding " + describe(sa.id); };
  if (auto checked = check_sa(sa); !checked) return fail(with_context(what(), checked.error()));
  if (state_->sad.find(sa.id) != nullptr) {
    return fail(Error{EEXIST, what() + ": an SA with this protocol, destination and SPI exists"});
  }
  SaEntry entry;
  entry.params = std::move(sa);
  entry.current.add_time = clock_.wall_seconds();
  entry.added = clock_.now();
  state_->acquires.answered_by(entry.params);
  state_->sad.insert(std::move(entry));
  return ok();
}

Result<void> Tables::update_sa(kernel::SaParams sa) {
  if (auto checked = check_sa(sa); !checked) {
    return fail(with_context("updating " + describe(sa.id), checked.error()));
  }
  SaEntry* existing = state_->sad.find(sa.id);
  if (existing == nullptr) return fail(with_context("updating", no_sa(sa.id)));
  if (existing->state != kernel::SaState::Larval) {
    // xfrm_state_update on a valid SA: new lifetimes and NAT ports, no
    // longer dying; keys and algorithms stay as they are.
    existing->params.lifetimes = sa.lifetimes;
    if (existing->params.nat && sa.nat) existing->params.nat = sa.nat;
    existing->state = kernel::SaState::Mature;
    state_->sad.reindex(*existing);  // new limits, and soft is ahead again
    return ok();
  }
  (void)state_->sad.erase(sa.id);
  SaEntry entry;
  entry.params = std::move(sa);
  entry.current.add_time = clock_.wall_seconds();
  entry.added = clock_.now();
  state_->acquires.answered_by(entry.params);
  state_->sad.insert(std::move(entry));
  return ok();
}

Result<kernel::SaInfo> Tables::delete_sa(const kernel::SaId& id) {
  auto erased = state_->sad.erase(id);
  if (!erased) return fail(with_context("deleting", no_sa(id)));
  return info_of(*erased);
}

Result<kernel::SaInfo> Tables::get_sa(const kernel::SaId& id) const {
  const SaEntry* entry = state_->sad.find(id);
  if (entry == nullptr) return fail(no_sa(id));
  return info_of(*entry);
}

std::vector<kernel::SaInfo> Tables::dump_sas(std::optional<rct::SaType> type) const {
  const std::vector<const SaEntry*> entries = state_->sad.in_order(type);
  std::vector<kernel::SaInfo> out;
  out.reserve(entries.size());
  for (const SaEntry* entry : entries) out.push_back(info_of(*entry));
  return out;
}

std::size_t Tables::sa_count() const {
  return state_->sad.size();
}

std::size_t Tables::flush_sas(std::optional<rct::SaType> type) {
  state_->acquires.clear(type);
  return state_->sad.clear(type);
}

// --- SPD -------------------------------------------------------------------

Result<kernel::Spid> Tables::add_policy(const kernel::PolicyParams& policy) {
  auto checked = checked_policy(policy);
  if (!checked) return fail(with_context("adding a policy", std::move(checked).error()));
  auto spid = state_->spd.add(std::move(*checked), clock_.now(), clock_.wall_seconds());
  if (!spid) return fail(with_context("adding a policy", std::move(spid).error()));
  return *spid;
}

Result<kernel::Spid> Tables::update_policy(const kernel::PolicyParams& policy) {
  auto checked = checked_policy(policy);
  if (!checked) return fail(with_context("updating a policy", std::move(checked).error()));
  return state_->spd.update(std::move(*checked), clock_.now(), clock_.wall_seconds());
}

Result<kernel::PolicyInfo> Tables::delete_policy(kernel::Spid spid) {
  auto erased = state_->spd.erase(spid);
  if (!erased) return fail(with_context("deleting a policy", no_policy(spid)));
  return info_of(*erased);
}

Result<kernel::PolicyInfo> Tables::delete_policy(const kernel::Selector& selector,
                                                 rct::Direction direction) {
  const PolicyEntry* entry = state_->spd.find(selector, direction);
  if (entry == nullptr) {
    return fail(
        Error{ENOENT, fmt::format("deleting a policy: no {} policy {} -> {}",
                                  rct::display_name(direction), selector.src, selector.dst)});
  }
  return delete_policy(entry->params.spid);
}

Result<kernel::PolicyInfo> Tables::get_policy(kernel::Spid spid) const {
  const PolicyEntry* entry = state_->spd.find(spid);
  if (entry == nullptr) return fail(no_policy(spid));
  return info_of(*entry);
}

std::vector<kernel::PolicyInfo> Tables::dump_policies() const {
  const std::vector<const PolicyEntry*> entries = state_->spd.in_order();
  std::vector<kernel::PolicyInfo> out;
  out.reserve(entries.size());
  for (const PolicyEntry* entry : entries) out.push_back(info_of(*entry));
  return out;
}

std::size_t Tables::policy_count() const {
  return state_->spd.size();
}

std::size_t Tables::flush_policies() {
  return state_->spd.clear();
}

Result<Notifications> Tables::migrate(const kernel::MigrateParams& migration) {
  return migrate_tables(*state_, migration);
}

// --- traffic and time ------------------------------------------------------

Result<PacketResult> Tables::process(const kernel::pfkey::PacketReport& report) {
  return process_packet(*state_, packet_time(), report);
}

std::optional<MonoTime> Tables::next_deadline() const {
  return earliest(state_->acquires.next_deadline(),
                  earliest(state_->sad.next_deadline(), state_->spd.next_deadline()));
}

Notifications Tables::run_timers() {
  const MonoTime now = clock_.now();
  Notifications out;
  state_->acquires.expire(now);
  for (SaEntry* entry : state_->sad.due(now)) {
    if (auto expiry = time_due(*entry, now)) {
      apply_expiry(state_->sad, *entry, *expiry, out, state_->counters);
    }
  }
  expire_policies(state_->spd, now, out, state_->counters);
  return out;
}

const TablesCounters& Tables::counters() const {
  return state_->counters;
}

// --- persistence -----------------------------------------------------------

Result<void> Tables::save(const std::string& path) const {
  return save_tables(*state_, path, clock_.now(), clock_.wall_seconds());
}

Result<void> Tables::load(const std::string& path) {
  auto loaded = load_tables(path, clock_.now(), clock_.wall_seconds());
  if (!loaded) return fail(std::move(loaded).error());
  state_ = std::move(*loaded);
  return ok();
}

}  // namespace rc::pfkeyd
