// Turns POSIX signals into loop events. The handler only sets a per-signal
// flag and writes one byte to the owning loop's wake pipe (both
// async-signal-safe, errno saved and restored); the loop then runs the
// callbacks as ordinary code. A signal belongs to at most one loop at a time
// because a process has one disposition per signal. This table is the one
// piece of process-wide state the event module keeps, because a signal
// handler cannot be given any context. Internal to the event module.
#pragma once

#include "base/result.h"

namespace rc::event::detail {

// Installs the relay handler for `signo` on behalf of `owner`, saving the
// previous disposition. Fails with EBUSY when another owner holds the signal
// and with EINVAL for signals that cannot be caught.
Result<void> claim_signal(int signo, const void* owner, int wake_fd);
// Restores the saved disposition if `owner` holds `signo`; otherwise no-op.
void release_signal(int signo, const void* owner) noexcept;
// Whether `signo` arrived since the last take_pending (and clears the flag).
bool take_pending(int signo) noexcept;
[[nodiscard]] bool is_pending(int signo) noexcept;

}  // namespace rc::event::detail
