#include "addr/ip_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "addr/names.h"

namespace rc::addr {

namespace {

constexpr std::size_t kV4Bytes = 4;
constexpr std::size_t kV6Bytes = 16;
// inet_pton wants NUL-terminated text; nothing longer is a valid IPv6 address.
constexpr std::size_t kMaxNumericText = 45;

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool digits_and_dots(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// Runs inet_pton on `text`, which is not NUL-terminated.
bool pton(int af, std::string_view text, void* out) {
  if (text.size() > kMaxNumericText) return false;
  std::array<char, kMaxNumericText + 1> buffer{};
  std::copy(text.begin(), text.end(), buffer.begin());
  return inet_pton(af, buffer.data(), out) == 1;
}

Result<IpAddress> parse_v6(std::string_view base, std::string_view text) {
  in6_addr a6{};
  if (!pton(AF_INET6, base, &a6)) {
    return fail(Error::invalid(fmt::format("{} is not a valid IPv6 address", quote_text(text))));
  }
  return IpAddress::from_in6_addr(a6);
}

Result<IpAddress> parse_v4(std::string_view base, std::string_view text) {
  in_addr a4{};
  if (!pton(AF_INET, base, &a4)) {
    if (digits_and_dots(base)) {
      return fail(Error::invalid(fmt::format(
          "{} is not a valid IPv4 address (expected four numbers 0..255 separated by dots)",
          quote_text(text))));
    }
    return fail(
        Error::invalid(fmt::format("{} is not a numeric IPv4 or IPv6 address", quote_text(text))));
  }
  return IpAddress::from_in_addr(a4);
}

Result<IpAddress> apply_scope(const IpAddress& address, std::string_view scope,
                              std::string_view text) {
  if (scope.empty()) {
    return fail(
        Error::invalid(fmt::format("the scope after '%' in {} is empty", quote_text(text))));
  }
  if (address.is_v4()) {
    return fail(Error::invalid(fmt::format(
        "{}: only an IPv6 address can have a scope (the part after '%')", quote_text(text))));
  }
  if (all_digits(scope)) {
    std::uint32_t id = 0;
    const auto [end, ec] = std::from_chars(scope.data(), scope.data() + scope.size(), id);
    if (ec != std::errc() || end != scope.data() + scope.size()) {
      return fail(Error::invalid(fmt::format("the scope id {} in {} is out of range (0..{})", scope,
                                             quote_text(text), UINT32_MAX)));
    }
    return address.with_scope_id(id);
  }
  return address.with_scope_name(scope);
}

}  // namespace

int to_af(Family family) noexcept {
  return family == Family::v4 ? AF_INET : AF_INET6;
}

unsigned max_prefix_length(Family family) noexcept {
  return family == Family::v4 ? 32U : 128U;
}

std::string_view family_name(Family family) noexcept {
  return family == Family::v4 ? "IPv4" : "IPv6";
}

IpAddress IpAddress::v4(std::uint32_t host_order) noexcept {
  return from_bytes(std::array<std::uint8_t, 4>{
      static_cast<std::uint8_t>(host_order >> 24), static_cast<std::uint8_t>(host_order >> 16),
      static_cast<std::uint8_t>(host_order >> 8), static_cast<std::uint8_t>(host_order)});
}

IpAddress IpAddress::from_bytes(const std::array<std::uint8_t, 4>& bytes) noexcept {
  IpAddress a;
  a.family_ = Family::v4;
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::from_bytes(const std::array<std::uint8_t, 16>& bytes,
                                std::uint32_t scope_id) noexcept {
  IpAddress a;
  a.family_ = Family::v6;
  a.bytes_ = bytes;
  a.scope_id_ = scope_id;
  return a;
}

IpAddress IpAddress::from_in_addr(const in_addr& address) noexcept {
  std::array<std::uint8_t, 4> bytes{};
  std::memcpy(bytes.data(), &address, kV4Bytes);
  return from_bytes(bytes);
}

IpAddress IpAddress::from_in6_addr(const in6_addr& address, std::uint32_t scope_id) noexcept {
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), &address, kV6Bytes);
  return from_bytes(bytes, scope_id);
}

IpAddress IpAddress::unspecified(Family family) noexcept {
  IpAddress a;
  a.family_ = family;
  return a;
}

Result<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty()) return fail(Error::invalid("the address is empty"));
  const std::size_t percent = text.find('%');
  const std::string_view base = text.substr(0, percent);
  Result<IpAddress> address =
      base.find(':') != std::string_view::npos ? parse_v6(base, text) : parse_v4(base, text);
  if (!address || percent == std::string_view::npos) return address;
  return apply_scope(*address, text.substr(percent + 1), text);
}

std::span<const std::uint8_t> IpAddress::bytes() const noexcept {
  return {bytes_.data(), is_v4() ? kV4Bytes : kV6Bytes};
}

in_addr IpAddress::to_in_addr() const noexcept {
  in_addr a{};
  std::memcpy(&a, bytes_.data(), kV4Bytes);
  return a;
}

in6_addr IpAddress::to_in6_addr() const noexcept {
  in6_addr a{};
  std::memcpy(&a, bytes_.data(), kV6Bytes);
  return a;
}

std::string_view IpAddress::scope_name() const noexcept {
  const auto end = std::find(scope_name_.begin(), scope_name_.end(), '\0');
  return {scope_name_.data(), static_cast<std::size_t>(end - scope_name_.begin())};
}

IpAddress IpAddress::with_scope_id(std::uint32_t scope_id) const noexcept {
  IpAddress a = *this;
  if (is_v6()) a.scope_id_ = scope_id;
  return a;
}

Result<IpAddress> IpAddress::with_scope_name(std::string_view name) const {
  if (is_v4()) {
    return fail(Error::invalid(fmt::format("the IPv4 address {} cannot have a scope ({})",
                                           to_string(), quote_text(name))));
  }
  if (auto checked = check_interface_name(name); !checked) return fail(checked.error());
  IpAddress a = *this;
  a.scope_name_.fill('\0');
  std::copy(name.begin(), name.end(), a.scope_name_.begin());
  return a;
}

IpAddress IpAddress::without_scope() const noexcept {
  IpAddress a = *this;
  a.scope_id_ = 0;
  a.scope_name_.fill('\0');
  return a;
}

IpAddress IpAddress::masked(unsigned prefix_length) const noexcept {
  IpAddress a = *this;
  const unsigned bits = std::min(prefix_length, max_prefix_length());
  const std::size_t full_bytes = bits / 8;
  const unsigned rest = bits % 8;
  std::size_t index = full_bytes;
  if (rest != 0) {
    a.bytes_[index] &= static_cast<std::uint8_t>(0xffU << (8 - rest));
    ++index;
  }
  std::fill(a.bytes_.begin() + static_cast<std::ptrdiff_t>(index), a.bytes_.end(), 0);
  return a;
}

IpAddress IpAddress::unmapped() const noexcept {
  if (!is_v4_mapped()) return *this;
  return from_bytes(std::array<std::uint8_t, 4>{bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

bool IpAddress::is_unspecified() const noexcept {
  return std::all_of(bytes_.begin(), bytes_.end(), [](std::uint8_t b) { return b == 0; });
}

bool IpAddress::is_loopback() const noexcept {
  if (is_v4()) return bytes_[0] == 127;
  return std::all_of(bytes_.begin(), bytes_.begin() + 15, [](std::uint8_t b) { return b == 0; }) &&
         bytes_[15] == 1;
}

bool IpAddress::is_link_local() const noexcept {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_site_local() const noexcept {
  return is_v6() && bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0xc0;
}

bool IpAddress::is_multicast() const noexcept {
  if (is_v4()) return (bytes_[0] & 0xf0) == 0xe0;
  return bytes_[0] == 0xff;
}

bool IpAddress::is_v4_mapped() const noexcept {
  return is_v6() &&
         std::all_of(bytes_.begin(), bytes_.begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
         bytes_[10] == 0xff && bytes_[11] == 0xff;
}

bool IpAddress::is_v4_compat() const noexcept {
  if (!is_v6()) return false;
  if (!std::all_of(bytes_.begin(), bytes_.begin() + 12, [](std::uint8_t b) { return b == 0; })) {
    return false;
  }
  // :: and ::1 share the all-zero top 96 bits but are not IPv4 addresses.
  return bytes_[12] != 0 || bytes_[13] != 0 || bytes_[14] != 0 || bytes_[15] > 1;
}

std::string_view IpAddress::format(TextBuffer& buffer) const noexcept {
  if (inet_ntop(af(), bytes_.data(), buffer.data(), static_cast<socklen_t>(buffer.size())) ==
      nullptr) {
    // Cannot happen with a buffer this size; say so rather than print junk.
    return "(unprintable address)";
  }
  std::size_t length = std::strlen(buffer.data());
  const std::string_view name = scope_name();
  if (!name.empty()) {
    buffer[length++] = '%';
    std::copy(name.begin(), name.end(), buffer.begin() + static_cast<std::ptrdiff_t>(length));
    length += name.size();
  } else if (scope_id_ != 0) {
    buffer[length++] = '%';
    const auto result =
        std::to_chars(buffer.data() + length, buffer.data() + buffer.size(), scope_id_);
    length = static_cast<std::size_t>(result.ptr - buffer.data());
  }
  return {buffer.data(), length};
}

std::string IpAddress::to_string() const {
  TextBuffer buffer{};
  return std::string(format(buffer));
}

}  // namespace rc::addr
