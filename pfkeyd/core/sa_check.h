// What the kernel refuses in an SA before it installs it, with the errno
// Linux gives: EINVAL for a malformed SA (bundle type, mixed families, a key
// of the wrong length, an algorithm the SA type cannot carry), ENOSYS for
// an algorithm the kernel's crypto list lacks (rct/xfrm.h is that list).
#pragma once

#include "base/result.h"
#include "kernel/sa.h"

namespace rc::pfkeyd {

// ESP, AH or IPComp: the types an SA (not a bundle) can have.
bool is_single_sa_type(rct::SaType type);

Result<void> check_sa(const kernel::SaParams& sa);

}  // namespace rc::pfkeyd
