#include "spi_allocator.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

namespace rc::pfkeyd {
namespace {

constexpr std::uint32_t kFirstUsableSpi = 0x100;
constexpr std::uint32_t kMaxCpi = 0xffff;
constexpr int kRandomTries = 32;

Result<std::uint64_t> random_below(std::uint64_t bound) {
  std::uint64_t draw = 0;
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): RAND_bytes fills bytes
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&draw), sizeof draw) != 1) {
    return fail(Error{EIO, "RAND_bytes failed"});
  }
  // The bias of a 64-bit draw modulo at most 2^32 is below 2^-32.
  return draw % bound;
}

}  // namespace

Result<SpiRange> usable_spi_range(rct::SaType type, std::uint32_t min, std::uint32_t max) {
  const bool cpi = type == rct::SaType::Ipcomp;
  SpiRange range{std::max(min, kFirstUsableSpi), cpi ? std::min(max, kMaxCpi) : max};
  if (min > max || range.min > range.max) {
    return fail(Error{
        EINVAL, fmt::format("SPI range {:#x}-{:#x} holds no usable {} (0-255 are "
                            "reserved{})",
                            min, max, cpi ? "CPI" : "SPI", cpi ? ", CPIs have 16 bits" : "")});
  }
  return range;
}

Result<std::uint32_t> allocate_spi(const SpiRange& range, const std::function<std::size_t()>& used,
                                   const std::function<bool(std::uint32_t)>& in_use) {
  const std::uint64_t width = std::uint64_t{range.max} - range.min + 1;
  for (int i = 0; i < kRandomTries; ++i) {
    auto offset = random_below(width);
    if (!offset) return fail(std::move(offset).error());
    const auto spi = static_cast<std::uint32_t>(range.min + *offset);
    if (!in_use(spi)) return spi;
  }
  // At most `used` SPIs are taken, so used + 1 consecutive ones (wrapping
  // inside the range) hold a free one unless the whole range is taken.
  auto start = random_below(width);
  if (!start) return fail(std::move(start).error());
  const std::uint64_t steps = std::min<std::uint64_t>(width, std::uint64_t{used()} + 1);
  for (std::uint64_t i = 0; i < steps; ++i) {
    const auto spi = static_cast<std::uint32_t>(range.min + (*start + i) % width);
    if (!in_use(spi)) return spi;
  }
  return fail(
      Error{ENOENT, fmt::format("every SPI of {:#x}-{:#x} is in use", range.min, range.max)});
}

}  // namespace rc::pfkeyd
