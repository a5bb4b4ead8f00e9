#include "persist.h"

#include <array>
#include <cerrno>
#include <chrono>

#include <fmt/format.h>

#include "atomic_file.h"
#include "persist_codec.h"
#include "policy_check.h"
#include "sa_check.h"
#include "safefile/safefile.h"

// Reads one value or returns its error. `var` names a new variable, so it
// cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define PFKEYD_READ(var, expr) \
  auto var = (expr);           \
  if (!(var)) return fail(std::move(var).error())
// NOLINTEND(bugprone-macro-parentheses)

namespace rc::pfkeyd {
namespace {

using persist::corrupt;
using persist::Reader;
using persist::Writer;
using std::chrono::milliseconds;

constexpr std::array<std::uint8_t, 8> kMagic = {'R', 'C', '2', 'P', 'F', 'K', 'D', '\n'};
constexpr std::uint32_t kVersion = 1;
// Far above any real table; stops a damaged length from allocating wildly.
constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;

enum Tag : std::uint8_t {
  kEnd = 0,
  kGenerators = 1,
  kSa = 2,
  kPolicy = 3,
  kAcquire = 4,
};

std::int64_t ms_between(MonoTime from, MonoTime to) {
  return std::chrono::duration_cast<milliseconds>(to - from).count();
}

// --- writing -----------------------------------------------------------------

void write_sa(Writer& w, const SaEntry& e, MonoTime now) {
  const kernel::SaParams& p = e.params;
  w.u8(static_cast<std::uint8_t>(p.id.type));
  w.address(p.id.src);
  w.address(p.id.dst);
  w.u32(p.id.spi);
  w.u8(static_cast<std::uint8_t>(p.mode));
  w.u32(p.reqid);
  w.u8(p.replay_window);
  w.u32(static_cast<std::uint32_t>(p.encryption));
  w.bytes(p.encryption_key.reveal());
  w.u32(static_cast<std::uint32_t>(p.integrity));
  w.bytes(p.integrity_key.reveal());
  w.u32(static_cast<std::uint32_t>(p.compression));
  w.limit(p.lifetimes.soft);
  w.limit(p.lifetimes.hard);
  w.u8(p.selector ? 1 : 0);
  if (p.selector) w.selector(*p.selector);
  w.u8(p.nat ? 1 : 0);
  if (p.nat) {
    w.u16(p.nat->src_port);
    w.u16(p.nat->dst_port);
    w.optional_address(p.nat->original_address);
  }
  w.u8(p.extended_sequence_numbers ? 1 : 0);
  w.u32(p.seq);
  w.u8(static_cast<std::uint8_t>(e.state));
  w.current(e.current);
  w.i64(ms_between(e.added, now));
  w.u8(e.first_use ? 1 : 0);
  if (e.first_use) w.i64(ms_between(*e.first_use, now));
  w.u8(e.larval_deadline ? 1 : 0);
  if (e.larval_deadline) w.i64(ms_between(now, *e.larval_deadline));
  w.u64(e.order);
}

void write_policy(Writer& w, const PolicyEntry& e, MonoTime now) {
  const kernel::PolicyParams& p = e.params;
  w.selector(p.selector);
  w.u8(static_cast<std::uint8_t>(p.direction));
  w.u8(static_cast<std::uint8_t>(p.action));
  w.u32(p.priority);
  w.u8(static_cast<std::uint8_t>(p.templates.size()));
  for (const kernel::PolicyTemplate& t : p.templates) {
    w.u8(static_cast<std::uint8_t>(t.protocol));
    w.u8(static_cast<std::uint8_t>(t.mode));
    w.u8(static_cast<std::uint8_t>(t.level));
    w.optional_address(t.tunnel_src);
    w.optional_address(t.tunnel_dst);
    w.u32(t.reqid);
  }
  w.limit(p.lifetimes.soft);
  w.limit(p.lifetimes.hard);
  w.u32(p.spid);
  w.current(e.current);
  w.i64(ms_between(e.added, now));
  w.u8(e.last_use ? 1 : 0);
  if (e.last_use) w.i64(ms_between(*e.last_use, now));
  w.u8(e.soft_expired ? 1 : 0);
  w.u64(e.position);
}

void write_acquire(Writer& w, const PendingAcquire& a, MonoTime now) {
  w.u8(static_cast<std::uint8_t>(a.wanted.type));
  w.u8(static_cast<std::uint8_t>(a.wanted.mode));
  w.address(a.wanted.src);
  w.address(a.wanted.dst);
  w.u32(a.wanted.reqid);
  w.u32(a.seq);
  w.i64(ms_between(now, a.deadline));
}

persist::WipedBuffer serialize(const TablesState& tables, MonoTime now,
                               std::uint64_t wall_seconds) {
  persist::WipedBuffer out;
  out.append(kMagic);
  Writer w(out);
  w.u32(kVersion);
  w.u64(wall_seconds);
  std::uint32_t records = 0;
  w.record(kGenerators, [&](Writer& r) {
    const Spd::Generators g = tables.spd.generators();
    r.u32(tables.acquire_seq);
    r.u32(g.index);
    r.u32(g.reqid);
    r.u64(g.position);
    r.u64(tables.sad.next_order());
  });
  ++records;
  for (const SaEntry* e : tables.sad.in_order(std::nullopt)) {
    w.record(kSa, [&](Writer& r) { write_sa(r, *e, now); });
    ++records;
  }
  for (const PolicyEntry* e : tables.spd.in_order()) {
    w.record(kPolicy, [&](Writer& r) { write_policy(r, *e, now); });
    ++records;
  }
  for (const PendingAcquire& a : tables.acquires.all()) {
    w.record(kAcquire, [&](Writer& r) { write_acquire(r, a, now); });
    ++records;
  }
  // The count tells a complete file from one cut at a record boundary.
  w.record(kEnd, [&](Writer& r) { r.u32(records); });
  return out;
}

// --- reading -----------------------------------------------------------------

// Where the saved moment lies on this process's monotonic clock.
struct LoadTime {
  MonoTime saved_at;  // now minus the downtime
  MonoTime now;
};

MonoTime before(const LoadTime& t, std::int64_t age_ms) {
  return t.saved_at - milliseconds(age_ms);
}

Result<void> read_generators(Reader& r, TablesState& tables) {
  PFKEYD_READ(acquire_seq, r.u32());
  PFKEYD_READ(index, r.u32());
  PFKEYD_READ(reqid, r.u32());
  PFKEYD_READ(position, r.u64());
  PFKEYD_READ(order, r.u64());
  tables.acquire_seq = *acquire_seq;
  tables.spd.set_generators(Spd::Generators{*index, *reqid, *position});
  tables.sad.set_next_order(*order);
  return ok();
}

Result<void> read_sa(Reader& r, TablesState& tables, const LoadTime& t) {
  SaEntry e;
  kernel::SaParams& p = e.params;
  PFKEYD_READ(type, r.u8());
  PFKEYD_READ(src, r.address());
  PFKEYD_READ(dst, r.address());
  PFKEYD_READ(spi, r.u32());
  PFKEYD_READ(mode, r.u8());
  PFKEYD_READ(reqid, r.u32());
  PFKEYD_READ(replay, r.u8());
  PFKEYD_READ(encryption, r.u32());
  PFKEYD_READ(encryption_key, r.secret());
  PFKEYD_READ(integrity, r.u32());
  PFKEYD_READ(integrity_key, r.secret());
  PFKEYD_READ(compression, r.u32());
  PFKEYD_READ(soft, r.limit());
  PFKEYD_READ(hard, r.limit());
  p.id = kernel::SaId{static_cast<rct::SaType>(*type), *src, *dst, *spi};
  p.mode = static_cast<rct::IpsecMode>(*mode);
  p.reqid = *reqid;
  p.replay_window = *replay;
  p.encryption = static_cast<rct::EncAlg>(*encryption);
  p.encryption_key = std::move(*encryption_key);
  p.integrity = static_cast<rct::AuthAlg>(*integrity);
  p.integrity_key = std::move(*integrity_key);
  p.compression = static_cast<rct::CompAlg>(*compression);
  p.lifetimes = kernel::Lifetimes{*soft, *hard};
  PFKEYD_READ(has_selector, r.u8());
  if (*has_selector != 0) {
    PFKEYD_READ(selector, r.selector());
    p.selector = *selector;
  }
  PFKEYD_READ(has_nat, r.u8());
  if (*has_nat != 0) {
    PFKEYD_READ(sport, r.u16());
    PFKEYD_READ(dport, r.u16());
    PFKEYD_READ(original, r.optional_address());
    p.nat = kernel::NatEncapsulation{*sport, *dport, *original};
  }
  PFKEYD_READ(esn, r.u8());
  PFKEYD_READ(seq, r.u32());
  PFKEYD_READ(state, r.u8());
  PFKEYD_READ(current, r.current());
  PFKEYD_READ(age, r.i64());
  p.extended_sequence_numbers = *esn != 0;
  p.seq = *seq;
  e.current = *current;
  e.added = before(t, *age);
  PFKEYD_READ(has_use, r.u8());
  if (*has_use != 0) {
    PFKEYD_READ(use_age, r.i64());
    e.first_use = before(t, *use_age);
  }
  PFKEYD_READ(has_larval, r.u8());
  if (*has_larval != 0) {
    PFKEYD_READ(remaining, r.i64());
    e.larval_deadline = t.saved_at + milliseconds(*remaining);
  }
  PFKEYD_READ(order, r.u64());
  e.order = *order;

  switch (static_cast<kernel::SaState>(*state)) {
    case kernel::SaState::Larval:
      if (!e.larval_deadline || !is_single_sa_type(p.id.type)) {
        return fail(corrupt("a larval SA without a deadline"));
      }
      break;
    case kernel::SaState::Mature:
    case kernel::SaState::Dying:
      if (auto checked = check_sa(p); !checked) {
        return fail(
            corrupt(fmt::format("an SA the kernel would refuse ({})", checked.error().message)));
      }
      break;
    default:
      return fail(corrupt("an SA in no known state"));
  }
  e.state = static_cast<kernel::SaState>(*state);
  if (e.order == 0 || tables.sad.find(p.id) != nullptr) {
    return fail(corrupt("two SAs with one id"));
  }
  tables.sad.insert(std::move(e));
  return ok();
}

Result<kernel::PolicyTemplate> read_template(Reader& r) {
  kernel::PolicyTemplate t;
  PFKEYD_READ(protocol, r.u8());
  PFKEYD_READ(mode, r.u8());
  PFKEYD_READ(level, r.u8());
  PFKEYD_READ(src, r.optional_address());
  PFKEYD_READ(dst, r.optional_address());
  PFKEYD_READ(reqid, r.u32());
  t.protocol = static_cast<rct::SaType>(*protocol);
  t.mode = static_cast<rct::IpsecMode>(*mode);
  t.level = static_cast<rct::IpsecLevel>(*level);
  t.tunnel_src = *src;
  t.tunnel_dst = *dst;
  t.reqid = *reqid;
  return t;
}

Result<void> read_policy(Reader& r, TablesState& tables, const LoadTime& t) {
  PolicyEntry e;
  kernel::PolicyParams& p = e.params;
  PFKEYD_READ(selector, r.selector());
  PFKEYD_READ(direction, r.u8());
  PFKEYD_READ(action, r.u8());
  PFKEYD_READ(priority, r.u32());
  PFKEYD_READ(count, r.u8());
  p.selector = *selector;
  p.direction = static_cast<rct::Direction>(*direction);
  p.action = static_cast<kernel::PolicyAction>(*action);
  p.priority = *priority;
  for (std::uint8_t i = 0; i < *count; ++i) {
    PFKEYD_READ(tmpl, read_template(r));
    p.templates.push_back(*tmpl);
  }
  PFKEYD_READ(soft, r.limit());
  PFKEYD_READ(hard, r.limit());
  PFKEYD_READ(spid, r.u32());
  PFKEYD_READ(current, r.current());
  PFKEYD_READ(age, r.i64());
  p.lifetimes = kernel::Lifetimes{*soft, *hard};
  p.spid = *spid;
  e.current = *current;
  e.added = before(t, *age);
  PFKEYD_READ(has_use, r.u8());
  if (*has_use != 0) {
    PFKEYD_READ(use_age, r.i64());
    e.last_use = before(t, *use_age);
  }
  PFKEYD_READ(soft_expired, r.u8());
  PFKEYD_READ(position, r.u64());
  e.soft_expired = *soft_expired != 0;
  e.position = *position;
  auto checked = checked_policy(p);
  if (!checked || checked->templates != p.templates) {
    return fail(corrupt("a policy the kernel would refuse"));
  }
  if ((p.spid & 7U) != spid_direction(p.direction)) {
    return fail(corrupt("a policy whose SPID names another direction"));
  }
  if (auto restored = tables.spd.restore(std::move(e)); !restored) {
    return fail(corrupt(restored.error().message));
  }
  return ok();
}

Result<void> read_acquire(Reader& r, TablesState& tables, const LoadTime& t) {
  PendingAcquire a;
  PFKEYD_READ(type, r.u8());
  PFKEYD_READ(mode, r.u8());
  PFKEYD_READ(src, r.address());
  PFKEYD_READ(dst, r.address());
  PFKEYD_READ(reqid, r.u32());
  PFKEYD_READ(seq, r.u32());
  PFKEYD_READ(remaining, r.i64());
  a.wanted = SaWanted{static_cast<rct::SaType>(*type), static_cast<rct::IpsecMode>(*mode), *src,
                      *dst, *reqid};
  if (!is_single_sa_type(a.wanted.type)) return fail(corrupt("an ACQUIRE of no SA type"));
  a.seq = *seq;
  a.deadline = t.saved_at + milliseconds(*remaining);
  tables.acquires.add(a);
  return ok();
}

Result<std::unique_ptr<TablesState>> parse(std::span<const std::uint8_t> file, MonoTime now,
                                           std::uint64_t wall_seconds) {
  if (file.size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), file.begin())) {
    return fail(corrupt("it is not a pfkeyd state file"));
  }
  Reader r(file.subspan(kMagic.size()));
  PFKEYD_READ(version, r.u32());
  if (*version != kVersion) {
    return fail(Error{EBADMSG, fmt::format("pfkeyd state file has version {}; this pfkeyd reads "
                                           "version {}",
                                           *version, kVersion)});
  }
  PFKEYD_READ(saved_wall, r.u64());
  // A clock set back since the save counts as no downtime.
  const std::uint64_t down = wall_seconds > *saved_wall ? wall_seconds - *saved_wall : 0;
  const LoadTime t{now - std::chrono::seconds(static_cast<std::int64_t>(down)), now};

  auto tables = std::make_unique<TablesState>();
  std::uint32_t records = 0;
  for (;;) {
    PFKEYD_READ(tag, r.u8());
    PFKEYD_READ(length, r.u32());
    PFKEYD_READ(body, r.take(*length));
    Reader record(*body);
    Result<void> done = ok();
    switch (*tag) {
      case kEnd: {
        PFKEYD_READ(count, record.u32());
        if (*count != records || !r.at_end()) return fail(corrupt("records are missing or extra"));
        return tables;
      }
      case kGenerators:
        done = read_generators(record, *tables);
        break;
      case kSa:
        done = read_sa(record, *tables, t);
        break;
      case kPolicy:
        done = read_policy(record, *tables, t);
        break;
      case kAcquire:
        done = read_acquire(record, *tables, t);
        break;
      default:
        return fail(corrupt(fmt::format("a record of unknown type {}", *tag)));
    }
    if (!done) return fail(std::move(done).error());
    if (!record.at_end()) return fail(corrupt("a record longer than its content"));
    ++records;
  }
}

}  // namespace

Result<void> save_tables(const TablesState& tables, const std::string& path, MonoTime now,
                         std::uint64_t wall_seconds) {
  const persist::WipedBuffer content = serialize(tables, now, wall_seconds);
  return write_file_atomically(path, content.view());
}

Result<std::unique_ptr<TablesState>> load_tables(const std::string& path, MonoTime now,
                                                 std::uint64_t wall_seconds) {
  auto content = safefile::read_secret_file(path, kMaxFileBytes);
  if (!content) return fail(std::move(content).error());
  auto parsed = parse(content->reveal(), now, wall_seconds);
  if (!parsed) {
    return fail(Error{parsed.error().code, fmt::format("{}: {}", path, parsed.error().message)});
  }
  return parsed;
}

}  // namespace rc::pfkeyd
