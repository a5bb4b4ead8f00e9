#include "persist_codec.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace rc::pfkeyd::persist {
namespace {

constexpr std::uint8_t kV4 = 4;
constexpr std::uint8_t kV6 = 6;
constexpr std::size_t kScopeNameBytes = 16;

}  // namespace

Error corrupt(std::string_view what) {
  return Error{EBADMSG, fmt::format("pfkeyd state file is damaged: {}", what)};
}

// --- Writer ----------------------------------------------------------------

void Writer::u8(std::uint8_t value) {
  out_.append(std::span<const std::uint8_t>(&value, 1));
}

void Writer::u16(std::uint16_t value) {
  const std::array<std::uint8_t, 2> b{static_cast<std::uint8_t>(value >> 8),
                                      static_cast<std::uint8_t>(value)};
  out_.append(b);
}

void Writer::u32(std::uint32_t value) {
  u16(static_cast<std::uint16_t>(value >> 16));
  u16(static_cast<std::uint16_t>(value));
}

void Writer::u64(std::uint64_t value) {
  u32(static_cast<std::uint32_t>(value >> 32));
  u32(static_cast<std::uint32_t>(value));
}

void Writer::bytes(std::span<const std::uint8_t> value) {
  u32(static_cast<std::uint32_t>(value.size()));
  out_.append(value);
}

void Writer::address(const addr::IpAddress& value) {
  u8(value.is_v4() ? kV4 : kV6);
  std::array<std::uint8_t, 16> raw{};  // IPv4 in the first 4, zeros after
  const auto bytes = value.bytes();
  std::copy(bytes.begin(), bytes.end(), raw.begin());
  out_.append(raw);
  u32(value.scope_id());
  std::array<std::uint8_t, kScopeNameBytes> name{};
  const std::string_view scope = value.scope_name();
  std::memcpy(name.data(), scope.data(), std::min(scope.size(), name.size()));
  out_.append(name);
}

void Writer::optional_address(const std::optional<addr::IpAddress>& value) {
  u8(value ? 1 : 0);
  if (value) address(*value);
}

void Writer::prefix(const addr::Prefix& value) {
  address(value.address());
  u8(static_cast<std::uint8_t>(value.length()));
}

void Writer::selector(const kernel::Selector& value) {
  prefix(value.src);
  prefix(value.dst);
  u8(value.protocol);
  u16(value.src_port);
  u16(value.dst_port);
  u32(value.ifindex);
}

void Writer::limit(const kernel::LifetimeLimit& value) {
  u64(value.bytes);
  u64(value.packets);
  u64(value.add_seconds);
  u64(value.use_seconds);
}

void Writer::current(const kernel::LifetimeCurrent& value) {
  u64(value.bytes);
  u64(value.packets);
  u64(value.add_time);
  u64(value.use_time);
}

void Writer::patch_length(std::size_t at) {
  const std::size_t length = out_.size() - at - 4;
  auto room = out_.writable().subspan(at, 4);
  room[0] = static_cast<std::uint8_t>(length >> 24);
  room[1] = static_cast<std::uint8_t>(length >> 16);
  room[2] = static_cast<std::uint8_t>(length >> 8);
  room[3] = static_cast<std::uint8_t>(length);
}

// --- Reader ----------------------------------------------------------------

Result<std::span<const std::uint8_t>> Reader::take(std::size_t n) {
  if (n > in_.size()) return fail(corrupt("it ends inside a record"));
  auto out = in_.first(n);
  in_ = in_.subspan(n);
  return out;
}

Result<std::uint8_t> Reader::u8() {
  auto b = take(1);
  if (!b) return fail(std::move(b).error());
  return (*b)[0];
}

Result<std::uint16_t> Reader::u16() {
  auto b = take(2);
  if (!b) return fail(std::move(b).error());
  return static_cast<std::uint16_t>(((*b)[0] << 8) | (*b)[1]);
}

Result<std::uint32_t> Reader::u32() {
  auto high = u16();
  if (!high) return fail(std::move(high).error());
  auto low = u16();
  if (!low) return fail(std::move(low).error());
  return (std::uint32_t{*high} << 16) | *low;
}

Result<std::uint64_t> Reader::u64() {
  auto high = u32();
  if (!high) return fail(std::move(high).error());
  auto low = u32();
  if (!low) return fail(std::move(low).error());
  return (std::uint64_t{*high} << 32) | *low;
}

Result<std::int64_t> Reader::i64() {
  auto value = u64();
  if (!value) return fail(std::move(value).error());
  return static_cast<std::int64_t>(*value);
}

Result<buf::SecretBytes> Reader::secret() {
  auto length = u32();
  if (!length) return fail(std::move(length).error());
  auto b = take(*length);
  if (!b) return fail(std::move(b).error());
  return buf::SecretBytes(*b);
}

Result<addr::IpAddress> Reader::address() {
  auto family = u8();
  if (!family) return fail(std::move(family).error());
  if (*family != kV4 && *family != kV6) return fail(corrupt("an address of no known family"));
  auto raw = take(16);
  if (!raw) return fail(std::move(raw).error());
  auto scope_id = u32();
  if (!scope_id) return fail(std::move(scope_id).error());
  auto name = take(kScopeNameBytes);
  if (!name) return fail(std::move(name).error());
  addr::IpAddress address;
  if (*family == kV4) {
    address = addr::IpAddress::from_bytes(
        std::array<std::uint8_t, 4>{(*raw)[0], (*raw)[1], (*raw)[2], (*raw)[3]});
  } else {
    std::array<std::uint8_t, 16> bytes{};
    std::copy(raw->begin(), raw->end(), bytes.begin());
    address = addr::IpAddress::from_bytes(bytes, *scope_id);
  }
  std::string scope_name;
  for (std::uint8_t c : *name) {
    if (c == 0) break;
    scope_name.push_back(static_cast<char>(c));
  }
  if (!scope_name.empty()) {
    auto named = address.with_scope_name(scope_name);
    if (!named) return fail(corrupt("an address with a bad scope name"));
    address = *named;
  }
  return address;
}

Result<std::optional<addr::IpAddress>> Reader::optional_address() {
  auto present = u8();
  if (!present) return fail(std::move(present).error());
  if (*present == 0) return std::optional<addr::IpAddress>();
  auto address = this->address();
  if (!address) return fail(std::move(address).error());
  return std::optional<addr::IpAddress>(*address);
}

Result<addr::Prefix> Reader::prefix() {
  auto address = this->address();
  if (!address) return fail(std::move(address).error());
  auto length = u8();
  if (!length) return fail(std::move(length).error());
  if (*length > address->max_prefix_length()) return fail(corrupt("a prefix too long"));
  auto made = addr::Prefix::make(*address, *length);
  if (!made) return fail(corrupt("a bad prefix"));
  return *made;
}

Result<kernel::Selector> Reader::selector() {
  kernel::Selector s;
  auto src = prefix();
  if (!src) return fail(std::move(src).error());
  auto dst = prefix();
  if (!dst) return fail(std::move(dst).error());
  auto protocol = u8();
  auto src_port = u16();
  auto dst_port = u16();
  auto ifindex = u32();
  if (!protocol || !src_port || !dst_port || !ifindex) return fail(corrupt("a selector cut short"));
  s.src = *src;
  s.dst = *dst;
  s.protocol = *protocol;
  s.src_port = *src_port;
  s.dst_port = *dst_port;
  s.ifindex = *ifindex;
  return s;
}

Result<kernel::LifetimeLimit> Reader::limit() {
  auto bytes = u64();
  auto packets = u64();
  auto add = u64();
  auto use = u64();
  if (!bytes || !packets || !add || !use) return fail(corrupt("a lifetime cut short"));
  return kernel::LifetimeLimit{*bytes, *packets, *add, *use};
}

Result<kernel::LifetimeCurrent> Reader::current() {
  auto bytes = u64();
  auto packets = u64();
  auto add = u64();
  auto use = u64();
  if (!bytes || !packets || !add || !use) return fail(corrupt("a lifetime cut short"));
  return kernel::LifetimeCurrent{*bytes, *packets, *add, *use};
}

}  // namespace rc::pfkeyd::persist
