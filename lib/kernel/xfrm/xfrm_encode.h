// XFRM requests as bytes: pure functions from our neutral parameters to one
// finished netlink message each (sequence number and port id are stamped by
// the socket). Messages that carry keys live in a WipedBuffer. Anything the
// kernel would refuse for a reason we can see here (a bundle type in a
// template, a key of the wrong length, mixed address families) is EINVAL
// with a message that says why.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "kernel/migrate.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/selector.h"
#include "kernel/xfrm/wiped_buffer.h"
#include "rct/types.h"

namespace rc::kernel::xfrm::encode {

// The SPI range the kernel is really asked for: SPIs 0..255 are reserved
// (RFC 4303 §2.1, RFC 3173 §3.3 for CPIs) and a CPI has 16 bits. An empty
// result is EINVAL.
struct SpiRange {
  std::uint32_t min = 0;
  std::uint32_t max = 0;
};
Result<SpiRange> usable_spi_range(const SpiRequest& request);

// XFRM_MSG_ALLOCSPI: a larval SA with an SPI from the usable range.
Result<WipedBuffer> allocate_spi(const SpiRequest& request);
// XFRM_MSG_NEWSA (update = false) or XFRM_MSG_UPDSA.
Result<WipedBuffer> add_sa(const SaParams& sa, bool update);
// XFRM_MSG_GETSA and XFRM_MSG_DELSA by (protocol, dst, SPI), with the
// source in XFRMA_SRCADDR.
Result<WipedBuffer> get_sa(const SaId& id);
Result<WipedBuffer> delete_sa(const SaId& id);
WipedBuffer dump_sas();
WipedBuffer flush_sas();  // every ESP, AH and IPComp SA, larval ones too

// XFRM_MSG_NEWPOLICY (update = false) or XFRM_MSG_UPDPOLICY. A non-zero
// params.spid asks the kernel for that index (its low 3 bits must be the
// direction).
Result<WipedBuffer> add_policy(const PolicyParams& policy, bool update);
// XFRM_MSG_GETPOLICY / DELPOLICY by index (the SPID; its low 3 bits are
// the direction) or by selector and direction.
WipedBuffer get_policy(Spid spid);
WipedBuffer delete_policy(Spid spid);
Result<WipedBuffer> get_policy(const Selector& selector, rct::Direction direction);
Result<WipedBuffer> delete_policy(const Selector& selector, rct::Direction direction);
WipedBuffer dump_policies();
WipedBuffer flush_policies();

// XFRM_MSG_MIGRATE for the policy of (selector, direction) and its SAs.
Result<WipedBuffer> migrate(const MigrateParams& migration);

// The direction an XFRM policy index belongs to (its low 3 bits): 0 in,
// 1 out, 2 fwd; 3..5 are per-socket policies.
constexpr std::uint32_t direction_of_index(Spid spid) noexcept {
  return spid & 7U;
}

}  // namespace rc::kernel::xfrm::encode
