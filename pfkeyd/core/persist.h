// pfkeyd's state file: the whole of TablesState, so a restarted daemon
// loses no SA, key, counter or policy. Written atomically (a 0600 temporary
// file in the same directory, fsync, rename, fsync of the directory); read
// only when owned by us and closed to group and others (safefile).
//
// Times: the file stores each deadline and age relative to the moment it
// was saved, plus that moment's wall-clock time; loading subtracts the
// wall-clock downtime, so lifetimes run on through a restart as they would
// have in a kernel that never stopped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "clock.h"
#include "tables_state.h"

namespace rc::pfkeyd {

Result<void> save_tables(const TablesState& tables, const std::string& path, MonoTime now,
                         std::uint64_t wall_seconds);

// ENOENT when there is no file; EBADMSG when it is damaged or of another
// version; code 0 for a file refused by its owner or mode.
Result<std::unique_ptr<TablesState>> load_tables(const std::string& path, MonoTime now,
                                                 std::uint64_t wall_seconds);

}  // namespace rc::pfkeyd
