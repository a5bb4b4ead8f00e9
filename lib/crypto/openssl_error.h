// OpenSSL failures as rc::Error. OpenSSL reports through a thread-local
// queue; every failure path here drains it, so a stale entry never ends up
// in the message of a later, unrelated error.
#pragma once

#include <string_view>

#include "base/error.h"

namespace rc::crypto {

// "<what>: <OpenSSL's reason>" (or just <what> when OpenSSL recorded
// nothing), with the thread's error queue emptied.
Error openssl_error(std::string_view what);

// Empties the queue after a failure that is expected and reported in
// another form (a peer's bad public value, a failed ICV check).
void discard_openssl_errors() noexcept;

}  // namespace rc::crypto
