// RateLimit: a token bucket for log lines a peer can trigger (junk packets,
// failed authentications), so an attacker cannot flood the log or the disk.
// One bucket per call site or per object, never per peer, so memory stays
// bounded whatever the peers do. Not thread-safe: each event loop owns its
// buckets.
//
//   if (auto admitted = junk_limit_.admit())
//     rc::log::proto_warn(admitted, "malformed header from {}", peer);
//
// The first line admitted after some were dropped ends with
// " (N similar messages suppressed)".
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace rc::log {

// The verdict of RateLimit::admit(): true when the line may be logged.
class Admission {
 public:
  explicit operator bool() const noexcept { return admitted_; }
  // Lines dropped since the previous admitted one (0 when refused).
  [[nodiscard]] std::uint64_t suppressed() const noexcept { return suppressed_; }
  // "" or " (N similar messages suppressed)", to end the admitted line with.
  [[nodiscard]] std::string suffix() const;

 private:
  friend class RateLimit;
  Admission(bool admitted, std::uint64_t suppressed) noexcept
      : admitted_(admitted), suppressed_(suppressed) {}
  bool admitted_;
  std::uint64_t suppressed_;
};

class RateLimit {
 public:
  using Clock = std::chrono::steady_clock;
  // Monotonic time source; tests pass a fake one.
  using Now = std::function<Clock::time_point()>;

  // Admits on average per_second lines a second, and up to burst at once
  // after a quiet period. Both are at least 1 (0 is taken as 1). The bucket
  // starts full.
  RateLimit(std::uint32_t per_second, std::uint32_t burst, Now now = Clock::now);

  Admission admit();

 private:
  void refill();

  Now now_;
  std::int64_t interval_ns_;  // time that earns one token
  std::int64_t capacity_ns_;  // burst tokens' worth of time
  std::int64_t credit_ns_;    // tokens held, measured in earned time
  Clock::time_point last_;
  std::uint64_t suppressed_ = 0;
};

}  // namespace rc::log
