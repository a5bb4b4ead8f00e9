// Messages that name an SA without its parameters: SADB_DELETE and SADB_GET
// requests and the DELETE reply (SADB_EXT_SA with only the SPI, source and
// destination), and the header-only ones: SADB_FLUSH, SADB_DUMP,
// SADB_X_PROMISC, SADB_X_SPDFLUSH, SADB_X_SPDDUMP.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/sa.h"

namespace rc::kernel::pfkey {

// SADB_DELETE or SADB_GET (`type`) for `id`.
Result<WipedBuffer> encode_sa_id(std::uint8_t type, const SaId& id, std::uint32_t seq = 0);
Result<SaId> decode_sa_id(const Message& message);

// A message of only the sadb_msg header (FLUSH, DUMP, X_SPDFLUSH,
// X_SPDDUMP; X_PROMISC with satype 1 = on, 0 = off).
WipedBuffer encode_header_only(const Header& header);

}  // namespace rc::kernel::pfkey
