// The logging API every module uses (the original's plog):
//
//   rc::log::info("spmd started, {} policies", count);
//   rc::log::Context ctx{"ike#12 child#3"};
//   ctx.proto_err("unexpected payload {}", type);  // "[PROTO_ERR]: ike#12 child#3: ..."
//
// Format strings are checked at compile time (fmt). Text from outside goes
// through printable() first; the logger escapes control characters in every
// line anyway. Secrets (buf::SecretBytes) cannot be formatted or dumped.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "log/logger.h"
#include "log/printable.h"
#include "log/rate_limit.h"
#include "log/tag.h"

namespace rc::log {

namespace detail {
void vwrite(Tag tag, std::string_view prefix, std::string_view suffix, fmt::string_view format,
            fmt::format_args args) noexcept;
void hexdump(Tag tag, std::string_view prefix, std::string_view label,
             std::span<const std::uint8_t> data) noexcept;

template <class... Args>
void write(Tag tag, std::string_view prefix, fmt::format_string<Args...> format, Args&&... args) {
  // Checked first so a disabled DEBUG line costs no formatting.
  if (enabled(tag)) vwrite(tag, prefix, {}, format, fmt::make_format_args(args...));
}

template <class... Args>
void write_admitted(Tag tag, std::string_view prefix, const Admission& admitted,
                    fmt::format_string<Args...> format, Args&&... args) {
  // A refused Admission drops the line even if the caller forgot the `if`.
  if (admitted && enabled(tag)) {
    vwrite(tag, prefix, admitted.suffix(), format, fmt::make_format_args(args...));
  }
}

template <class... Args>
void write_debug(int level, std::string_view prefix, fmt::format_string<Args...> format,
                 Args&&... args) {
  if (debug_enabled(level)) vwrite(Tag::kDebug, prefix, {}, format, fmt::make_format_args(args...));
}
}  // namespace detail

// One function per tag; each also takes a RateLimit Admission first.
template <class... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kInfo, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void info(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kInfo, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void proto_err(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kProtoErr, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void proto_err(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kProtoErr, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void proto_warn(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kProtoWarn, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void proto_warn(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kProtoWarn, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void internal_err(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kInternalErr, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void internal_err(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kInternalErr, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void internal_warn(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kInternalWarn, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void internal_warn(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kInternalWarn, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kDebug, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void debug(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kDebug, {}, admitted, format, std::forward<Args>(args)...);
}

template <class... Args>
void critical(fmt::format_string<Args...> format, Args&&... args) {
  detail::write(Tag::kCritical, {}, format, std::forward<Args>(args)...);
}
template <class... Args>
void critical(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_admitted(Tag::kCritical, {}, admitted, format, std::forward<Args>(args)...);
}

// A DEBUG line shown only from debug level `level` up (debug() is level 1).
template <class... Args>
void debug_at(int level, fmt::format_string<Args...> format, Args&&... args) {
  detail::write_debug(level, {}, format, std::forward<Args>(args)...);
}

// For code that picks the tag at run time.
template <class... Args>
void write(Tag tag, fmt::format_string<Args...> format, Args&&... args) {
  detail::write(tag, {}, format, std::forward<Args>(args)...);
}

// A hex dump of `data` under `tag`, one log line per 16 bytes, shown only
// when the debug level is 1 or more (wire dumps are for debugging; they are
// too long for normal logs). Takes a span on purpose: SecretBytes has no
// conversion to one, so key material cannot be dumped by accident.
void hexdump(Tag tag, std::string_view label, std::span<const std::uint8_t> data) noexcept;

// The log of one negotiation (IKE_SA, CHILD_SA, KINK transaction): the same
// functions, with every line prefixed by "<prefix>: " so one exchange can be
// followed with grep. Cheap to copy; holds only its prefix.
class Context {
 public:
  Context() = default;
  explicit Context(std::string prefix) : prefix_(std::move(prefix)) {}

  [[nodiscard]] const std::string& prefix() const noexcept { return prefix_; }
  // E.g. when the responder learns the peer's SPI or a child number.
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

  template <class... Args>
  void info(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kInfo, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void info(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) const {
    detail::write_admitted(Tag::kInfo, prefix_, admitted, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void proto_err(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kProtoErr, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void proto_err(const Admission& admitted, fmt::format_string<Args...> format,
                 Args&&... args) const {
    detail::write_admitted(Tag::kProtoErr, prefix_, admitted, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void proto_warn(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kProtoWarn, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void proto_warn(const Admission& admitted, fmt::format_string<Args...> format,
                  Args&&... args) const {
    detail::write_admitted(Tag::kProtoWarn, prefix_, admitted, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void internal_err(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kInternalErr, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void internal_err(const Admission& admitted, fmt::format_string<Args...> format,
                    Args&&... args) const {
    detail::write_admitted(Tag::kInternalErr, prefix_, admitted, format,
                           std::forward<Args>(args)...);
  }

  template <class... Args>
  void internal_warn(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kInternalWarn, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void internal_warn(const Admission& admitted, fmt::format_string<Args...> format,
                     Args&&... args) const {
    detail::write_admitted(Tag::kInternalWarn, prefix_, admitted, format,
                           std::forward<Args>(args)...);
  }

  template <class... Args>
  void debug(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kDebug, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void debug(const Admission& admitted, fmt::format_string<Args...> format, Args&&... args) const {
    detail::write_admitted(Tag::kDebug, prefix_, admitted, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void critical(fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(Tag::kCritical, prefix_, format, std::forward<Args>(args)...);
  }
  template <class... Args>
  void critical(const Admission& admitted, fmt::format_string<Args...> format,
                Args&&... args) const {
    detail::write_admitted(Tag::kCritical, prefix_, admitted, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void debug_at(int level, fmt::format_string<Args...> format, Args&&... args) const {
    detail::write_debug(level, prefix_, format, std::forward<Args>(args)...);
  }

  template <class... Args>
  void write(Tag tag, fmt::format_string<Args...> format, Args&&... args) const {
    detail::write(tag, prefix_, format, std::forward<Args>(args)...);
  }

  void hexdump(Tag tag, std::string_view label, std::span<const std::uint8_t> data) const noexcept {
    detail::hexdump(tag, prefix_, label, data);
  }

 private:
  std::string prefix_;
};

}  // namespace rc::log
