// PF_KEY errors as the key-engine interface reports them. A reply's
// sadb_msg_errno becomes Error::code, except that af_key and pfkeyd answer
// ESRCH for a missing SA or policy where callers expect ENOENT (as the XFRM
// back end gives); the message names the request and its object:
// "PF_KEY ADD ESP SA 192.0.2.1 -> 192.0.2.2 SPI 0x1234: File exists".
#pragma once

#include <cstdint>
#include <string_view>

#include "base/error.h"

namespace rc::kernel::pfkey {

// "GETSPI", "ADD", "X_SPDADD", ... ("type 200" for numbers without a name).
std::string message_type_name(std::uint8_t type);

// The errno callers of KeyEngine see for a PF_KEY errno.
int interface_errno(int pfkey_errno) noexcept;

// The reply to a `type` request about `object` said `pfkey_errno`.
Error reply_error(std::uint8_t type, std::string_view object, int pfkey_errno);

// "PF_KEY <TYPE> <object>: <cause>", keeping the cause's code.
Error request_failed(std::uint8_t type, std::string_view object, const Error& cause);

}  // namespace rc::kernel::pfkey
