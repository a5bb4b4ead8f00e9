// Cross-section validation of a built Model: what no single directive can
// judge alone. References between sections, fields one section requires
// given another's value (tunnel mode needs end points, psk needs a key
// file), protocol limits (nonce sizes, DH groups a KMP can use), and weak
// algorithms (RFC 8221, RFC 8247). Fields resolve as the daemons resolve
// them: the section's own value, else its `default { }` counterpart.
//
// Each problem is reported once, at the place that has to change: a value
// written in `default { }` and inherited by ten remotes is reported at the
// default, not ten times.
#pragma once

#include "conf/diagnostics.h"
#include "conf/model.h"

namespace rc::conf {

struct ValidateOptions {
  // Open pre_shared_key files and spmd_password through safefile (owner and
  // mode). Off for `racoon2-config check` run as another user, and in tests
  // and fuzzing that must not touch the file system.
  bool check_secret_files = true;
  // spmd creates spmd_password at its first start, so for spmd a missing
  // file is fine (one that exists must still be a secret file).
  bool spmd_password_may_be_missing = false;
};

// Appends errors and warnings to `diagnostics`. Never throws and copes with
// any model: fields may be unset anywhere, lists empty, references dangling.
void validate(const Model& model, Diagnostics& diagnostics, const ValidateOptions& options = {});

}  // namespace rc::conf
