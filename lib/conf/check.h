// The configuration check behind every daemon's -t / --check-config and
// `racoon2-config check`: one function, so a daemon and the tool judge a
// file identically and print it the same way.
//
// spmd, iked and kinkd do not exist yet (issues #4 on). Each calls this
// from main() when daemon::CommonOptions::check_config is set, before it
// daemonizes or touches the key engine, and exits with its result:
//
//   if (options.check_config)
//     return rc::conf::check_config(options.config_file, {}, stdout, stderr);
#pragma once

#include <cstdio>
#include <string>

#include "conf/loader.h"

namespace rc::conf {

// Loads `path` (includes, variables, validation) and prints every
// diagnostic, errors and warnings in the order found, to `err`; then one
// summary line to `out`: "PATH: OK (N warnings)" or "PATH: N errors,
// M warnings". Returns 0 when there were no errors (warnings do not fail a
// check), 1 otherwise.
int check_config(const std::string& path, const LoadOptions& options, std::FILE* out,
                 std::FILE* err);

// The summary line without the newline, for callers that load themselves.
std::string check_summary(const std::string& path, const Diagnostics& diagnostics);

}  // namespace rc::conf
