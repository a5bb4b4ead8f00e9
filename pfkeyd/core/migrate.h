// SADB_X_MIGRATE / XFRM_MSG_MIGRATE: the policy of one selector and the
// SAs of its templates move to new endpoints (MOBIKE, Mobile IPv6).
#pragma once

#include "base/result.h"
#include "kernel/migrate.h"
#include "notifications.h"
#include "tables_state.h"

namespace rc::pfkeyd {

// ENOENT when no policy has the selector and direction; ENODATA when none
// of its templates matches an entry (Linux's xfrm_policy_migrate); EEXIST
// when a moved SA would take the id of another. Nothing changes on error.
Result<Notifications> migrate_tables(TablesState& tables, const kernel::MigrateParams& migration);

}  // namespace rc::pfkeyd
