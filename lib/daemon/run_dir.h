// The daemons' private runtime directory (default /var/run/racoon2), which
// holds the spmif and pfkeyd sockets: anyone able to enter it could talk to
// spmd, so it must be ours alone.
#pragma once

#include <string_view>

#include "base/result.h"
#include "base/unique_fd.h"

namespace rc::daemon {

// Creates `path` with mode 0700 if it is missing (its parent must exist),
// then checks, with fstat on an O_DIRECTORY|O_NOFOLLOW descriptor, that it
// is a directory owned by the effective uid without group or other
// permission bits. Returns that descriptor. Never loosens or tightens an
// existing directory: a wrong one is the operator's to fix, and the message
// says how.
Result<UniqueFd> ensure_run_dir(std::string_view path);

}  // namespace rc::daemon
