// The two times pfkeyd's tables need: a monotonic clock for every deadline
// (lifetimes, larval SAs, pending ACQUIREs) and wall seconds for what the
// kernel reports (LifetimeCurrent::add_time / use_time, which PF_KEY carries
// as seconds since the epoch). Injected so tests can move time by hand.
#pragma once

#include <chrono>
#include <cstdint>

namespace rc::pfkeyd {

using MonoTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;
  virtual ~Clock() = default;

  [[nodiscard]] virtual MonoTime now() const = 0;
  // Seconds since the epoch.
  [[nodiscard]] virtual std::uint64_t wall_seconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] MonoTime now() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] std::uint64_t wall_seconds() const override {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
  }
};

// For tests: time stands still until advance() moves both clocks together.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::uint64_t wall_start_seconds = 1'700'000'000)
      : wall_start_(wall_start_seconds) {}

  void advance(std::chrono::nanoseconds step) { elapsed_ += step; }

  [[nodiscard]] MonoTime now() const override {
    return MonoTime{} + std::chrono::hours(1) + elapsed_;
  }
  [[nodiscard]] std::uint64_t wall_seconds() const override {
    return wall_start_ + static_cast<std::uint64_t>(
                             std::chrono::duration_cast<std::chrono::seconds>(elapsed_).count());
  }

 private:
  std::uint64_t wall_start_;
  std::chrono::nanoseconds elapsed_{0};
};

}  // namespace rc::pfkeyd
