// SaParams is move-only (its keys are secrets): the tables hand out copies
// (GET, DUMP, the deleted SA) through this one explicit function.
#pragma once

#include "kernel/sa.h"

namespace rc::pfkeyd {

inline kernel::SaParams copy_params(const kernel::SaParams& from) {
  kernel::SaParams to;
  to.id = from.id;
  to.mode = from.mode;
  to.reqid = from.reqid;
  to.replay_window = from.replay_window;
  to.encryption = from.encryption;
  to.encryption_key = from.encryption_key.clone();
  to.integrity = from.integrity;
  to.integrity_key = from.integrity_key.clone();
  to.compression = from.compression;
  to.lifetimes = from.lifetimes;
  to.selector = from.selector;
  to.nat = from.nat;
  to.extended_sequence_numbers = from.extended_sequence_numbers;
  to.seq = from.seq;
  return to;
}

}  // namespace rc::pfkeyd
