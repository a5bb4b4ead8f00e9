#include "migrate.h"

#include <algorithm>
#include <cerrno>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "rct/names.h"
#include "sa_check.h"

namespace rc::pfkeyd {
namespace {

// migrate_tmpl_match: same protocol and mode, the reqid if the entry names
// one, and for a tunnel the old endpoints.
bool template_matches(const kernel::PolicyTemplate& tmpl, const kernel::MigrateEntry& entry) {
  if (tmpl.protocol != entry.protocol || tmpl.mode != entry.mode) return false;
  if (entry.reqid != 0 && tmpl.reqid != entry.reqid) return false;
  if (tmpl.mode != rct::IpsecMode::Tunnel) return true;
  return tmpl.tunnel_src == entry.old_src && tmpl.tunnel_dst == entry.old_dst;
}

bool sa_matches(const SaEntry& sa, const kernel::MigrateEntry& entry) {
  const kernel::SaParams& p = sa.params;
  return sa.state != kernel::SaState::Larval && p.id.type == entry.protocol &&
         p.mode == entry.mode && p.id.src == entry.old_src && p.id.dst == entry.old_dst &&
         (entry.reqid == 0 || p.reqid == entry.reqid);
}

Result<void> check_entries(const kernel::MigrateParams& migration) {
  for (const kernel::MigrateEntry& entry : migration.entries) {
    if (!is_single_sa_type(entry.protocol)) {
      return fail(Error{EINVAL, "a migrated SA is ESP, AH or IPComp"});
    }
    if (entry.old_src.family() != entry.old_dst.family() ||
        entry.new_src.family() != entry.new_dst.family()) {
      return fail(Error{EINVAL, "migration endpoints mix address families"});
    }
  }
  return ok();
}

}  // namespace

Result<Notifications> migrate_tables(TablesState& tables, const kernel::MigrateParams& migration) {
  if (auto checked = check_entries(migration); !checked) return fail(checked.error());
  PolicyEntry* policy = tables.spd.find(migration.selector, migration.direction);
  if (policy == nullptr) {
    return fail(Error{ENOENT, fmt::format("migrate: no {} policy {} -> {}",
                                          rct::display_name(migration.direction),
                                          migration.selector.src, migration.selector.dst)});
  }
  std::vector<kernel::PolicyTemplate> templates = policy->params.templates;
  int matched = 0;
  for (kernel::PolicyTemplate& tmpl : templates) {
    for (const kernel::MigrateEntry& entry : migration.entries) {
      if (!template_matches(tmpl, entry)) continue;
      ++matched;
      if (tmpl.mode == rct::IpsecMode::Tunnel) {
        tmpl.tunnel_src = entry.new_src;
        tmpl.tunnel_dst = entry.new_dst;
      }
      break;
    }
  }
  if (matched == 0) {
    return fail(Error{ENODATA, "migrate: no template of the policy matches the migration"});
  }

  // Which SAs move where; checked before anything changes.
  struct Move {
    kernel::SaId from;
    kernel::SaId to;
  };
  std::vector<Move> moves;
  // The SAs an entry names, through the SAD's endpoint index; then in SAD
  // order, each moved by the first entry it matches.
  std::vector<SaEntry*> candidates;
  for (const kernel::MigrateEntry& entry : migration.entries) {
    const SaWanted named{entry.protocol, entry.mode, entry.old_src, entry.old_dst, entry.reqid};
    for (SaEntry* sa : tables.sad.satisfying(named)) candidates.push_back(sa);
  }
  std::sort(candidates.begin(), candidates.end(), [](const SaEntry* a, const SaEntry* b) {
    return a->order != b->order ? a->order < b->order : std::less<>{}(a, b);
  });
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (SaEntry* sa : candidates) {
    for (const kernel::MigrateEntry& entry : migration.entries) {
      if (!sa_matches(*sa, entry)) continue;
      kernel::SaId to = sa->params.id;
      to.src = entry.new_src;
      to.dst = entry.new_dst;
      if (Sad::key_of(to) != Sad::key_of(sa->params.id) && tables.sad.find(to) != nullptr) {
        return fail(
            Error{EEXIST, fmt::format("migrate: SPI {:#x} is taken at {}", to.spi, to.dst)});
      }
      moves.push_back(Move{sa->params.id, to});
      break;
    }
  }

  policy->params.templates = std::move(templates);
  for (const Move& move : moves) {
    auto entry = tables.sad.erase(move.from);
    if (!entry) continue;
    entry->params.id = move.to;
    tables.sad.insert(std::move(*entry));
  }
  return Notifications{kernel::MigrateEvent{migration}};
}

}  // namespace rc::pfkeyd
