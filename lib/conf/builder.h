// Syntax tree -> Model: collects setval, expands ${VAR} and $[ENV] in every
// string, and builds each section through its directive table (fields.h).
// Reports everything it finds and builds what it can, so one run lists all
// problems.
#pragma once

#include "conf/diagnostics.h"
#include "conf/model.h"
#include "conf/reader.h"

namespace rc::conf {

Model build_model(SourceTree tree, Diagnostics& diagnostics,
                  const EnvironmentLookup& environment = process_environment());

}  // namespace rc::conf
