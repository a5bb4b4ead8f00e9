#include "addr/service.h"

#include <netdb.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "addr/names.h"

namespace rc::addr {

namespace {

// Long enough for any real service or protocol name; longer text is not a
// name, and refusing it keeps junk away from the NSS modules.
constexpr std::size_t kMaxDatabaseName = 64;
// The _r lookups report ERANGE until the scratch buffer fits the entry.
constexpr std::size_t kFirstBufferSize = 1024;
constexpr std::size_t kLastBufferSize = std::size_t{64} * 1024;

struct ProtocolAlias {
  std::string_view name;
  std::uint8_t number;
};

// Names the BSD /etc/protocols has and Debian's lacks.
constexpr std::array<ProtocolAlias, 3> kProtocolAliases = {{
    {"icmp6", IPPROTO_ICMPV6},
    {"icmpv6", IPPROTO_ICMPV6},
    {"mh", IPPROTO_MH},
}};

enum class Number { none, in_range, out_of_range };

// A number for a message: digits only (read_number checked), cut if absurd.
std::string shown_number(std::string_view digits) {
  constexpr std::size_t kMaxShown = 12;
  if (digits.size() <= kMaxShown) return std::string(digits);
  return std::string(digits.substr(0, kMaxShown)) + "...";
}

// A decimal number, optionally negative so "-1" is reported as out of range
// rather than as an unknown name.
Number read_number(std::string_view text, unsigned max, unsigned& value) {
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Number::none;
  }
  if (negative) return Number::out_of_range;
  unsigned long long parsed = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
  if (ec != std::errc() || end != digits.data() + digits.size() || parsed > max) {
    return Number::out_of_range;
  }
  value = static_cast<unsigned>(parsed);
  return Number::in_range;
}

// Names go to NSS as C strings: no NUL bytes, no spaces, a sane length.
bool plausible_name(std::string_view text) {
  return !text.empty() && text.size() <= kMaxDatabaseName &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// -1 when the database does not know the name.
Result<int> lookup_service(const std::string& name, const char* protocol) {
  std::vector<char> buffer(kFirstBufferSize);
  for (;;) {
    servent entry{};
    servent* found = nullptr;
    const int rc =
        getservbyname_r(name.c_str(), protocol, &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < kLastBufferSize) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc != 0 && rc != ENOENT) {
      return fail(
          Error::from_errno(rc, fmt::format("cannot look up the service {}", quote_text(name))));
    }
    if (found == nullptr) return -1;
    return static_cast<int>(ntohs(static_cast<std::uint16_t>(found->s_port)));
  }
}

Result<int> lookup_protocol(const std::string& name) {
  std::vector<char> buffer(kFirstBufferSize);
  for (;;) {
    protoent entry{};
    protoent* found = nullptr;
    const int rc = getprotobyname_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < kLastBufferSize) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc != 0 && rc != ENOENT) {
      return fail(
          Error::from_errno(rc, fmt::format("cannot look up the protocol {}", quote_text(name))));
    }
    if (found == nullptr) return -1;
    return found->p_proto;
  }
}

}  // namespace

Result<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty()) return fail(Error::invalid("the port is empty"));
  if (text == "any") return kPortAny;
  unsigned value = 0;
  switch (read_number(text, UINT16_MAX, value)) {
    case Number::in_range:
      return static_cast<std::uint16_t>(value);
    case Number::out_of_range:
      return fail(Error::invalid(
          fmt::format("port {} is out of range (0..{})", shown_number(text), UINT16_MAX)));
    case Number::none:
      break;
  }
  if (plausible_name(text)) {
    const std::string name(text);
    // IKE and KINK run over UDP, so a name that differs per transport
    // takes its UDP number.
    for (const char* protocol : {"udp", "tcp"}) {
      auto port = lookup_service(name, protocol);
      if (!port) return fail(std::move(port).error());
      if (*port >= 0) return static_cast<std::uint16_t>(*port);
    }
  }
  return fail(Error::invalid(fmt::format(
      "{} is not a port: expected a number 0..{}, \"any\", or a service name from /etc/services",
      quote_text(text), UINT16_MAX)));
}

Result<std::uint8_t> parse_protocol(std::string_view text) {
  if (text.empty()) return fail(Error::invalid("the protocol is empty"));
  if (text == "any") return kProtocolAny;
  unsigned value = 0;
  switch (read_number(text, UINT8_MAX, value)) {
    case Number::in_range:
      return static_cast<std::uint8_t>(value);
    case Number::out_of_range:
      return fail(Error::invalid(fmt::format("protocol number {} is out of range (0..{})",
                                             shown_number(text), UINT8_MAX)));
    case Number::none:
      break;
  }
  if (plausible_name(text)) {
    const std::string name(text);
    auto number = lookup_protocol(name);
    if (!number) return fail(std::move(number).error());
    if (*number > UINT8_MAX) {
      // /etc/protocols lists e.g. mptcp as 262: not an IP protocol number.
      return fail(Error::invalid(
          fmt::format("the protocol {} has the number {}, which is not an IP protocol (0..{})",
                      quote_text(text), *number, UINT8_MAX)));
    }
    if (*number >= 0) return static_cast<std::uint8_t>(*number);
    for (const auto& alias : kProtocolAliases) {
      if (alias.name == text) return alias.number;
    }
  }
  return fail(Error::invalid(fmt::format(
      "{} is not a protocol: expected a number 0..{}, \"any\", or a name from /etc/protocols",
      quote_text(text), UINT8_MAX)));
}

}  // namespace rc::addr
