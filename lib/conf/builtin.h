// The built-in tier of the three-tier lookup. Its values are not written
// here: each comes from the option table's `default_value` text for that
// directive (lib/options), parsed by the same code that parses racoon2.conf,
// so the documented default and the applied default cannot drift apart.
#pragma once

#include "conf/diagnostics.h"
#include "conf/model.h"

namespace rc::conf {

const KmpParams& builtin_kmp(rct::Kmp kmp);
const Policy& builtin_policy();
const Ipsec& builtin_ipsec();
const Sa& builtin_sa();
const Interface& builtin_interface();
const Resolver& builtin_resolver();

// Problems found while parsing the option table's defaults (a bug in the
// table); tests assert there are none.
const Diagnostics& builtin_diagnostics();

}  // namespace rc::conf
