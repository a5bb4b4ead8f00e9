// Picks a free SPI (or IPComp CPI) for GETSPI from the requested range, at
// random so a peer cannot predict it, as Linux's xfrm_alloc_spi does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "base/result.h"
#include "rct/types.h"

namespace rc::pfkeyd {

struct SpiRange {
  std::uint32_t min = 0;
  std::uint32_t max = 0;
};

// The part of [min, max] an SA of `type` may use: 0..255 are reserved
// (RFC 4303 §2.1) and a CPI has 16 bits (RFC 3173 §2.2). EINVAL when
// nothing is left or min > max.
Result<SpiRange> usable_spi_range(rct::SaType type, std::uint32_t min, std::uint32_t max);

// A random SPI of `range` for which `in_use` is false. `used` says how
// many SPIs are in use at the destination at most, so a short walk from a
// random start is sure to find a free one when random draws keep hitting
// taken ones; it is asked only then (counting can cost as much as the walk).
// ENOENT when the range is full (Linux's answer), EIO when the CSPRNG
// fails.
Result<std::uint32_t> allocate_spi(const SpiRange& range, const std::function<std::size_t()>& used,
                                   const std::function<bool(std::uint32_t)>& in_use);

}  // namespace rc::pfkeyd
