// IpAddress: one IPv4 or IPv6 address as a value, with the IPv6 scope the
// administrator wrote (fe80::1%eth0) or the kernel reported (an index).
#pragma once

#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "base/result.h"

namespace rc::addr {

enum class Family : std::uint8_t { v4, v6 };

// AF_INET or AF_INET6.
int to_af(Family family) noexcept;
// 32 or 128: the longest prefix and the number of address bits.
unsigned max_prefix_length(Family family) noexcept;
std::string_view family_name(Family family) noexcept;  // "IPv4" / "IPv6"

class IpAddress {
 public:
  // Longest text: 45 characters of IPv6, '%', a 15-character scope name.
  static constexpr std::size_t kMaxTextLength = 45 + 1 + 15;
  using TextBuffer = std::array<char, kMaxTextLength + 1>;

  // 0.0.0.0
  IpAddress() = default;

  static IpAddress v4(std::uint32_t host_order) noexcept;
  static IpAddress from_bytes(const std::array<std::uint8_t, 4>& bytes) noexcept;
  static IpAddress from_bytes(const std::array<std::uint8_t, 16>& bytes,
                              std::uint32_t scope_id = 0) noexcept;
  static IpAddress from_in_addr(const in_addr& address) noexcept;
  static IpAddress from_in6_addr(const in6_addr& address, std::uint32_t scope_id = 0) noexcept;
  // 0.0.0.0 or ::
  static IpAddress unspecified(Family family) noexcept;

  // Numeric text only (inet_pton): "192.0.2.1", "2001:db8::1", "fe80::1%eth0",
  // "fe80::1%2". A scope name is kept as text and not looked up here, so the
  // interface need not exist yet; SocketAddress::make resolves it.
  static Result<IpAddress> parse(std::string_view text);

  [[nodiscard]] Family family() const noexcept { return family_; }
  [[nodiscard]] bool is_v4() const noexcept { return family_ == Family::v4; }
  [[nodiscard]] bool is_v6() const noexcept { return family_ == Family::v6; }
  [[nodiscard]] int af() const noexcept { return to_af(family_); }
  [[nodiscard]] unsigned max_prefix_length() const noexcept {
    return addr::max_prefix_length(family_);
  }
  // 4 or 16 bytes in network order.
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept;
  [[nodiscard]] in_addr to_in_addr() const noexcept;    // meaningful for IPv4
  [[nodiscard]] in6_addr to_in6_addr() const noexcept;  // meaningful for IPv6

  // The scope: an interface index (0 = none) and/or an interface name
  // (empty = none). When both are set the index wins for sockets and the
  // name is what gets printed.
  [[nodiscard]] std::uint32_t scope_id() const noexcept { return scope_id_; }
  [[nodiscard]] std::string_view scope_name() const noexcept;
  [[nodiscard]] bool has_scope() const noexcept { return scope_id_ != 0 || scope_name_[0] != '\0'; }
  // IPv4 addresses have no scope: these return IPv4 addresses unchanged.
  [[nodiscard]] IpAddress with_scope_id(std::uint32_t scope_id) const noexcept;
  [[nodiscard]] Result<IpAddress> with_scope_name(std::string_view name) const;
  [[nodiscard]] IpAddress without_scope() const noexcept;

  // The first `prefix_length` bits kept, the rest cleared (scope kept).
  [[nodiscard]] IpAddress masked(unsigned prefix_length) const noexcept;
  // ::ffff:a.b.c.d becomes a.b.c.d; anything else is returned as is.
  [[nodiscard]] IpAddress unmapped() const noexcept;

  // 0.0.0.0, ::
  [[nodiscard]] bool is_unspecified() const noexcept;
  // 127.0.0.0/8, ::1
  [[nodiscard]] bool is_loopback() const noexcept;
  // 169.254.0.0/16, fe80::/10
  [[nodiscard]] bool is_link_local() const noexcept;
  // fec0::/10 (deprecated by RFC 3879 but still filtered); never for IPv4
  [[nodiscard]] bool is_site_local() const noexcept;
  // 224.0.0.0/4, ff00::/8
  [[nodiscard]] bool is_multicast() const noexcept;
  // ::ffff:0:0/96
  [[nodiscard]] bool is_v4_mapped() const noexcept;
  // ::a.b.c.d other than :: and ::1 (the IN6_IS_ADDR_V4COMPAT rule)
  [[nodiscard]] bool is_v4_compat() const noexcept;

  // Writes the text form (inet_ntop plus "%scope") into `buffer` and returns
  // a view of it; no allocation, so log lines can use it freely.
  std::string_view format(TextBuffer& buffer) const noexcept;
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  // clang-tidy 14 mistakes the 0 in the synthesized <=> for a null pointer.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::v4;
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 uses the first 4, the rest stay 0
  std::uint32_t scope_id_ = 0;
  std::array<char, 16> scope_name_{};  // NUL-padded, so comparisons see no junk
};

}  // namespace rc::addr

template <>
struct fmt::formatter<rc::addr::IpAddress> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const rc::addr::IpAddress& address, FormatContext& ctx) const {
    rc::addr::IpAddress::TextBuffer buffer{};
    const std::string_view text = address.format(buffer);
    return std::copy(text.begin(), text.end(), ctx.out());
  }
};
