// SAs and policies as text, close to setkey -D and -DP (see README.md for
// the exact format).
#pragma once

#include <string>

#include "kernel/policy.h"
#include "kernel/sa.h"

#ifdef __linux__
#include "kernel/pfkey/pfkey_packet.h"
#endif

namespace rcsetkey {

std::string format_sa(const rc::kernel::SaInfo& sa);
std::string format_policy(const rc::kernel::PolicyInfo& policy);
// getspi's answer: "SRC DST PROTO spi=N(0xHEX)".
std::string format_spi(const rc::kernel::SpiRequest& request, std::uint32_t spi);

#ifdef __linux__
// pfkeyd's verdict on one `packet`, one line ("acquire sent, spid=8").
std::string format_verdict(const rc::kernel::pfkey::PacketVerdict& verdict);
#endif

}  // namespace rcsetkey
