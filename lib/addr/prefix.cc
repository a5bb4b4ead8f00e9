#include "addr/prefix.h"

#include <algorithm>
#include <charconv>

#include "addr/names.h"

namespace rc::addr {

namespace {

// Enough digits to show any prefix length an administrator plausibly typed.
constexpr std::size_t kMaxShownDigits = 10;

}  // namespace

Result<unsigned> parse_prefix_length(std::string_view digits, Family family) {
  const unsigned max = max_prefix_length(family);
  if (digits.empty()) return fail(Error::invalid("the prefix length after '/' is empty"));
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fail(
        Error::invalid(fmt::format("the prefix length {} is not a number", quote_text(digits))));
  }
  unsigned long long value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > max) {
    const std::string shown = digits.size() > kMaxShownDigits
                                  ? std::string(digits.substr(0, kMaxShownDigits)) + "..."
                                  : std::string(digits);
    return fail(
        Error::invalid(fmt::format("prefix length {} is out of range for an {} address (0..{})",
                                   shown, family_name(family), max)));
  }
  return static_cast<unsigned>(value);
}

Result<Prefix> Prefix::make(const IpAddress& address, unsigned length) {
  const unsigned max = address.max_prefix_length();
  if (length > max) {
    return fail(
        Error::invalid(fmt::format("prefix length {} is out of range for an {} address (0..{})",
                                   length, family_name(address.family()), max)));
  }
  return Prefix(address.masked(length), static_cast<std::uint8_t>(length));
}

Prefix Prefix::host(const IpAddress& address) noexcept {
  return Prefix(address, static_cast<std::uint8_t>(address.max_prefix_length()));
}

Result<Prefix> Prefix::parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return fail(std::move(address).error());
  if (slash == std::string_view::npos) return host(*address);
  auto length = parse_prefix_length(text.substr(slash + 1), address->family());
  if (!length) return fail(std::move(length).error());
  return make(*address, *length);
}

bool Prefix::contains(const IpAddress& address) const noexcept {
  return prefix_match(address_, address, length_);
}

bool Prefix::contains(const Prefix& inner) const noexcept {
  return inner.length_ >= length_ && prefix_match(address_, inner.address_, length_);
}

std::string_view Prefix::format(TextBuffer& buffer) const noexcept {
  IpAddress::TextBuffer address_text{};
  const std::string_view address = address_.format(address_text);
  char* out = std::copy(address.begin(), address.end(), buffer.data());
  *out++ = '/';
  const auto result = std::to_chars(out, buffer.data() + buffer.size(), unsigned{length_});
  return {buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data())};
}

std::string Prefix::to_string() const {
  TextBuffer buffer{};
  return std::string(format(buffer));
}

bool prefix_match(const IpAddress& a, const IpAddress& b, unsigned length) noexcept {
  if (a.family() != b.family()) return false;
  const unsigned bits = std::min(length, a.max_prefix_length());
  const auto left = a.bytes();
  const auto right = b.bytes();
  const std::size_t full_bytes = bits / 8;
  if (!std::equal(left.begin(), left.begin() + static_cast<std::ptrdiff_t>(full_bytes),
                  right.begin())) {
    return false;
  }
  const unsigned rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xffU << (8 - rest));
  return ((left[full_bytes] ^ right[full_bytes]) & mask) == 0;
}

IpAddress netmask(Family family, unsigned length) noexcept {
  std::array<std::uint8_t, 16> ones{};
  ones.fill(0xff);
  const IpAddress all =
      family == Family::v4
          ? IpAddress::from_bytes(std::array<std::uint8_t, 4>{0xff, 0xff, 0xff, 0xff})
          : IpAddress::from_bytes(ones);
  return all.masked(length);
}

std::optional<unsigned> netmask_length(const IpAddress& mask) noexcept {
  unsigned length = 0;
  bool seen_zero = false;
  for (const std::uint8_t byte : mask.bytes()) {
    for (int bit = 7; bit >= 0; --bit) {
      const bool one = ((byte >> bit) & 1U) != 0;
      if (one && seen_zero) return std::nullopt;
      if (one) {
        ++length;
      } else {
        seen_zero = true;
      }
    }
  }
  return length;
}

}  // namespace rc::addr
