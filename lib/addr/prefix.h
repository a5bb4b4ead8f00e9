// Prefix: a network as selectors and policies use it, an address with its
// host bits cleared plus a length, and the bit-matching helpers behind it.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "addr/ip_address.h"
#include "base/result.h"

namespace rc::addr {

class Prefix {
 public:
  // Longest text: an address with its scope, '/', three digits.
  static constexpr std::size_t kMaxTextLength = IpAddress::kMaxTextLength + 4;
  using TextBuffer = std::array<char, kMaxTextLength + 1>;

  // 0.0.0.0/0
  Prefix() = default;

  // Clears the host bits, so 10.1.2.3/8 becomes 10.0.0.0/8. The scope of an
  // IPv6 address is kept: a link-local prefix means one link.
  static Result<Prefix> make(const IpAddress& address, unsigned length);
  // The address with the full length (/32 or /128).
  static Prefix host(const IpAddress& address) noexcept;
  // "a/len" or "a" (a host). Host bits set in the text are cleared.
  static Result<Prefix> parse(std::string_view text);

  [[nodiscard]] const IpAddress& address() const noexcept { return address_; }
  [[nodiscard]] unsigned length() const noexcept { return length_; }
  [[nodiscard]] Family family() const noexcept { return address_.family(); }
  [[nodiscard]] bool is_host() const noexcept { return length_ == address_.max_prefix_length(); }

  // Same family and the first length() bits equal. Scopes are not compared:
  // the kernel reports a scope as an index while config text names it.
  [[nodiscard]] bool contains(const IpAddress& address) const noexcept;
  // True when every address of `inner` is in this prefix.
  [[nodiscard]] bool contains(const Prefix& inner) const noexcept;

  std::string_view format(TextBuffer& buffer) const noexcept;
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const Prefix&, const Prefix&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): see IpAddress
  friend auto operator<=>(const Prefix&, const Prefix&) = default;

 private:
  Prefix(const IpAddress& address, std::uint8_t length) : address_(address), length_(length) {}

  IpAddress address_;
  std::uint8_t length_ = 0;
};

// True when `a` and `b` have the same family and their first `length` bits
// are equal (a length past the family's maximum counts as the maximum).
bool prefix_match(const IpAddress& a, const IpAddress& b, unsigned length) noexcept;

// The netmask for a prefix length: netmask(Family::v4, 24) is 255.255.255.0.
IpAddress netmask(Family family, unsigned length) noexcept;

// The length of a contiguous netmask (255.255.255.0 -> 24), or nothing when
// the mask has holes, as getifaddrs can report for odd configurations.
std::optional<unsigned> netmask_length(const IpAddress& mask) noexcept;

// The decimal text after '/', checked against the family's range.
Result<unsigned> parse_prefix_length(std::string_view digits, Family family);

}  // namespace rc::addr

template <>
struct fmt::formatter<rc::addr::Prefix> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const rc::addr::Prefix& prefix, FormatContext& ctx) const {
    rc::addr::Prefix::TextBuffer buffer{};
    const std::string_view text = prefix.format(buffer);
    return std::copy(text.begin(), text.end(), ctx.out());
  }
};
