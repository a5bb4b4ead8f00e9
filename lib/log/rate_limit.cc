#include "log/rate_limit.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace rc::log {

namespace {

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
// Keeps capacity_ns_ far from overflow; nobody needs a larger burst for logs.
constexpr std::uint32_t kMaxBurst = 1'000'000;

}  // namespace

std::string Admission::suffix() const {
  if (!admitted_ || suppressed_ == 0) return {};
  return fmt::format(" ({} similar message{} suppressed)", suppressed_,
                     suppressed_ == 1 ? "" : "s");
}

RateLimit::RateLimit(std::uint32_t per_second, std::uint32_t burst, Now now)
    : now_(std::move(now)),
      interval_ns_(kNanosPerSecond / std::clamp<std::int64_t>(per_second, 1, kNanosPerSecond)),
      capacity_ns_(interval_ns_ * std::clamp<std::uint32_t>(burst, 1, kMaxBurst)),
      credit_ns_(capacity_ns_),
      last_(now_()) {}

void RateLimit::refill() {
  const auto current = now_();
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::nanoseconds>(current - last_).count();
  // A clock that steps back (only a broken fake could) earns nothing.
  if (elapsed > 0) {
    credit_ns_ = elapsed >= capacity_ns_ - credit_ns_ ? capacity_ns_ : credit_ns_ + elapsed;
    last_ = current;
  }
}

Admission RateLimit::admit() {
  refill();
  if (credit_ns_ < interval_ns_) {
    ++suppressed_;
    return Admission(false, 0);
  }
  credit_ns_ -= interval_ns_;
  return Admission(true, std::exchange(suppressed_, 0));
}

}  // namespace rc::log
