// SADB_GETSPI (RFC 2367 §3.1.1) both ways: SpiRequest as a request (X_SA2
// for mode and reqid, source and destination, SPIRANGE), and the reply that
// names the larval SA. sadb_msg_seq is semantic here: a GETSPI that answers
// an ACQUIRE carries the ACQUIRE's seq (SpiRequest::seq) so the kernel can
// pair them.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"
#include "kernel/sa.h"

namespace rc::kernel::pfkey {

// EINVAL for an SA type PF_KEY has no number for.
Result<WipedBuffer> encode_getspi(const SpiRequest& request);
// Without X_SA2: transport, reqid 0. Without SPIRANGE: SpiRequest's range,
// 0x100-0xffff for IPComp (a CPI is 16 bits).
Result<SpiRequest> decode_getspi(const Message& message);

// The reply: the request's addresses plus SADB_EXT_SA with the chosen SPI
// (state larval). `header` carries the request's seq and pid.
Result<WipedBuffer> encode_getspi_reply(const Header& header, const SpiRequest& request,
                                        std::uint32_t spi);
// The SPI of a GETSPI reply (host order).
Result<std::uint32_t> decode_getspi_reply(const Message& message);

}  // namespace rc::kernel::pfkey
