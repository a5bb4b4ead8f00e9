// What pfkeyd answers to SADB_REGISTER: the algorithms (and key sizes) it
// accepts for each SA type, as Linux's af_key lists them. pfkeyd does no
// cryptography itself; the list says which SAs it will hold.
#pragma once

#include <cstdint>

#include "kernel/pfkey/pfkey_register.h"

namespace rc::pfkeyd {

// SADB_SATYPE_ESP, _AH or _X_IPCOMP; empty lists for any other.
kernel::pfkey::SupportedAlgorithms supported_algorithms(std::uint8_t satype);

}  // namespace rc::pfkeyd
