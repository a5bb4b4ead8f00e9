// Result<T, E>: a value or an error, the project's stand-in for std::expected
// (gcc 12 has none). Every fallible function returns one; nothing throws
// across a module boundary.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.h"

namespace rc {

// Wraps an error so that `return fail(err);` converts into any Result.
template <class E>
struct Failure {
  E error;
};

template <class E>
Failure<std::decay_t<E>> fail(E&& error) {
  return {std::forward<E>(error)};
}

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  // Implicit on purpose: `return value;` and `return fail(e);` must convert.
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(const T& value) : state_(std::in_place_index<0>, value) {}
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}
  template <class F>
  requires std::is_convertible_v<F, E>
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(Failure<F> failure) : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> state_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() = default;
  template <class F>
  requires std::is_convertible_v<F, E>
  // NOLINTNEXTLINE(google-explicit-constructor)
  Result(Failure<F> failure) : error_(std::move(failure.error)), failed_(true) {}

  [[nodiscard]] bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return has_value(); }
  const E& error() const& { return error_; }
  E&& error() && { return std::move(error_); }

 private:
  E error_{};
  bool failed_ = false;
};

// Convenience for functions that succeed with nothing to return.
inline Result<void> ok() {
  return {};
}

}  // namespace rc
