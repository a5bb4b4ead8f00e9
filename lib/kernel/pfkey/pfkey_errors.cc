#include "kernel/pfkey/pfkey_errors.h"

#include <linux/pfkeyv2.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_packet.h"

namespace rc::kernel::pfkey {
namespace {

// Indexed by sadb_msg_type (RFC 2367 §2.3 and the KAME/Linux X_ types).
constexpr std::array<std::string_view, SADB_MAX + 1> kTypeNames = {
    "RESERVED",  "GETSPI",      "UPDATE",      "ADD",         "DELETE",       "GET",
    "ACQUIRE",   "REGISTER",    "EXPIRE",      "FLUSH",       "DUMP",         "X_PROMISC",
    "X_PCHANGE", "X_SPDUPDATE", "X_SPDADD",    "X_SPDDELETE", "X_SPDGET",     "X_SPDACQUIRE",
    "X_SPDDUMP", "X_SPDFLUSH",  "X_SPDSETIDX", "X_SPDEXPIRE", "X_SPDDELETE2", "X_NAT_T_NEW_MAPPING",
    "X_MIGRATE"};
static_assert(SADB_X_MIGRATE == 24 && SADB_MAX == 24);

}  // namespace

std::string message_type_name(std::uint8_t type) {
  if (type < kTypeNames.size()) return std::string(kTypeNames[type]);
  if (type == kPfkeydPacket) return "PFKEYD_PACKET";
  return fmt::format("type {}", type);
}

int interface_errno(int pfkey_errno) noexcept {
  return pfkey_errno == ESRCH ? ENOENT : pfkey_errno;
}

Error reply_error(std::uint8_t type, std::string_view object, int pfkey_errno) {
  // strerror(ESRCH) is "No such process", which would only puzzle a reader.
  const std::string cause =
      pfkey_errno == ESRCH ? std::string("not found") : std::string(std::strerror(pfkey_errno));
  return Error{interface_errno(pfkey_errno),
               fmt::format("PF_KEY {} {}: {}", message_type_name(type), object, cause)};
}

Error request_failed(std::uint8_t type, std::string_view object, const Error& cause) {
  return Error{cause.code,
               fmt::format("PF_KEY {} {}: {}", message_type_name(type), object, cause.message)};
}

}  // namespace rc::kernel::pfkey
