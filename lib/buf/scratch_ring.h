// ScratchRing: the C++ form of the original's rbuf. Each thread owns a ring
// of Count buffers of Size chars; next() hands out the next one in turn, and
// nobody frees them. That makes "format an address into a C string for this
// log call" free of allocation and ownership questions.
//
// Lifetime rule: a buffer returned by next() stays untouched until Count more
// calls of next() on the same ring in the same thread. Use the text within
// one expression or statement (a log call); copy it if it must live longer.
// Never hand a scratch buffer to another thread.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <utility>

#include <fmt/format.h>

namespace rc::buf {

template <std::size_t Count, std::size_t Size>
class ScratchRing {
  static_assert(Count >= 2, "a ring of one buffer would be overwritten within one log call");
  static_assert(Size >= 2, "a buffer must hold at least one char and its NUL");

 public:
  static constexpr std::size_t kCount = Count;
  static constexpr std::size_t kSize = Size;

  static std::span<char, Size> next() noexcept {
    // The thread_local ring the task allows: per thread, so no locking, and
    // created on first use.
    thread_local Ring ring{};
    std::span<char, Size> out(ring.buffers[ring.next]);
    ring.next = (ring.next + 1) % Count;
    return out;
  }

 private:
  struct Ring {
    std::array<std::array<char, Size>, Count> buffers;
    std::size_t next;
  };
};

// Enough for any address the formatters print: "[v6%ifname]:port/prefix".
using SmallScratch = ScratchRing<16, 128>;
// For longer strings (selectors, IDs); fewer of them.
using LargeScratch = ScratchRing<8, 1024>;

// Formats into the next buffer of Ring and returns it as a NUL-terminated C
// string, truncated to fit (Size - 1 chars). Same lifetime rule as next().
template <class Ring = SmallScratch, class... Args>
const char* scratch_format(fmt::format_string<Args...> format, Args&&... args) {
  auto buffer = Ring::next();
  auto result =
      fmt::format_to_n(buffer.data(), buffer.size() - 1, format, std::forward<Args>(args)...);
  *result.out = '\0';
  return buffer.data();
}

}  // namespace rc::buf
