// SAs and policies as text, close to setkey -D and -DP (see README.md for
// the exact format).
#pragma once

#include <string>

#include "kernel/policy.h"
#include "kernel/sa.h"

namespace rcsetkey {

std::string format_sa(const rc::kernel::SaInfo& sa);
std::string format_policy(const rc::kernel::PolicyInfo& policy);

}  // namespace rcsetkey
