// Everything Tables holds, in one struct so the facade, the packet path
// and persistence share it without friendship.
#pragma once

#include <cstdint>

#include "acquires.h"
#include "counters.h"
#include "sad.h"
#include "spd.h"

namespace rc::pfkeyd {

struct TablesState {
  Sad sad;
  Spd spd;
  Acquires acquires;
  TablesCounters counters;
  std::uint32_t acquire_seq = 0;  // the last ACQUIRE's seq

  // Linux's xfrm_get_acqseq: 1, 2, ... skipping 0 when it wraps.
  std::uint32_t next_acquire_seq() {
    if (++acquire_seq == 0) ++acquire_seq;
    return acquire_seq;
  }
};

}  // namespace rc::pfkeyd
