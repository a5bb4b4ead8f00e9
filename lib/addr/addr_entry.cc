#include "addr/addr_entry.h"

#include <sys/un.h>

#include <algorithm>
#include <array>
#include <utility>

#include "addr/names.h"

namespace rc::addr {

namespace {

struct MacroSpelling {
  Macro macro;
  std::string_view name;
};

constexpr std::array<MacroSpelling, 9> kMacros = {{
    {Macro::my_ip, "MY_IP"},
    {Macro::my_ipv4, "MY_IPV4"},
    {Macro::my_ipv6, "MY_IPV6"},
    {Macro::my_ipv6_global, "MY_IPV6_GLOBAL"},
    {Macro::my_ipv6_linklocal, "MY_IPV6_LINKLOCAL"},
    {Macro::my_hoa, "MY_HOA"},
    {Macro::ip_any, "IP_ANY"},
    {Macro::ip_rw, "IP_RW"},
    {Macro::ip_unspecified, "IP_UNSPECIFIED"},
}};

// sun_path must hold the path and its terminating NUL.
constexpr std::size_t kMaxUnixPathLength = sizeof(sockaddr_un::sun_path) - 1;

bool looks_numeric(std::string_view base) {
  // A ':' is never part of a host name, and a name made only of digits and
  // dots is a mistyped IPv4 address (the original would silently have taken
  // "10.0.0.256" as a host name to resolve).
  return base.find(':') != std::string_view::npos ||
         std::all_of(base.begin(), base.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

Result<AddrEntry> parse_macro(Macro macro, std::string_view text, std::size_t slash,
                              std::size_t percent, std::string_view ifname, std::uint16_t port) {
  if (slash != std::string_view::npos) {
    return fail(Error::invalid(fmt::format(
        "{}: a prefix length cannot follow the macro {}, which stands for whole addresses",
        quote_text(text), macro_name(macro))));
  }
  if (percent != std::string_view::npos && ifname.empty()) {
    return fail(Error::invalid(
        fmt::format("the interface name after '%' in {} is empty", quote_text(text))));
  }
  return AddrEntry::macro(macro, ifname, port);
}

Result<AddrEntry> parse_numeric(std::string_view text, std::string_view address_text,
                                std::size_t slash, std::uint16_t port) {
  auto address = IpAddress::parse(address_text);
  if (!address) return fail(std::move(address).error());
  if (slash == std::string_view::npos) return AddrEntry::host(*address, port);
  auto length = parse_prefix_length(text.substr(slash + 1), address->family());
  if (!length) return fail(std::move(length).error());
  return AddrEntry::inet(*address, *length, port);
}

Result<AddrEntry> parse_name(std::string_view text, std::string_view base, std::size_t slash,
                             std::size_t percent, std::uint16_t port) {
  if (percent != std::string_view::npos) {
    return fail(Error::invalid(
        fmt::format("{}: '%' can only follow an IPv6 address or a MY_* macro, not the host name {}",
                    quote_text(text), quote_text(base))));
  }
  if (slash != std::string_view::npos) {
    return fail(Error::invalid(
        fmt::format("{}: a prefix length can only follow a numeric address, not the host name {}",
                    quote_text(text), quote_text(base))));
  }
  return AddrEntry::fqdn(base, port);
}

}  // namespace

std::string_view macro_name(Macro macro) noexcept {
  for (const auto& spelling : kMacros) {
    if (spelling.macro == macro) return spelling.name;
  }
  return "(unknown macro)";
}

std::optional<Macro> macro_from_name(std::string_view name) noexcept {
  for (const auto& spelling : kMacros) {
    if (spelling.name == name) return spelling.macro;
  }
  return std::nullopt;
}

bool is_interface_macro(Macro macro) noexcept {
  return !is_wildcard_macro(macro);
}

bool is_wildcard_macro(Macro macro) noexcept {
  return macro == Macro::ip_any || macro == Macro::ip_rw || macro == Macro::ip_unspecified;
}

AddrEntry AddrEntry::host(const IpAddress& address, std::uint16_t port) {
  return AddrEntry(Inet{address, static_cast<std::uint8_t>(address.max_prefix_length())}, port);
}

Result<AddrEntry> AddrEntry::inet(const IpAddress& address, unsigned prefix_length,
                                  std::uint16_t port) {
  const unsigned max = address.max_prefix_length();
  if (prefix_length > max) {
    return fail(
        Error::invalid(fmt::format("prefix length {} is out of range for an {} address (0..{})",
                                   prefix_length, family_name(address.family()), max)));
  }
  return AddrEntry(Inet{address, static_cast<std::uint8_t>(prefix_length)}, port);
}

Result<AddrEntry> AddrEntry::fqdn(std::string_view name, std::uint16_t port) {
  if (auto checked = check_dns_name(name); !checked) return fail(checked.error());
  return AddrEntry(Fqdn{std::string(name)}, port);
}

Result<AddrEntry> AddrEntry::macro(Macro macro, std::string_view ifname, std::uint16_t port) {
  if (!ifname.empty()) {
    if (!is_interface_macro(macro)) {
      return fail(Error::invalid(fmt::format(
          "{}: only the MY_* macros can be limited to one interface; {} stands for every "
          "address",
          quote_text(fmt::format("{}%{}", macro_name(macro), ifname)), macro_name(macro))));
    }
    if (auto checked = check_interface_name(ifname); !checked) return fail(checked.error());
  }
  return AddrEntry(MacroRef{macro, std::string(ifname)}, port);
}

Result<AddrEntry> AddrEntry::unix_socket(std::string_view path) {
  if (path.empty()) return fail(Error::invalid("the UNIX socket path is empty"));
  if (path.find('\0') != std::string_view::npos) {
    return fail(Error::invalid(
        fmt::format("the UNIX socket path {} contains a NUL byte", quote_text(path))));
  }
  if (path.size() > kMaxUnixPathLength) {
    return fail(Error::invalid(
        fmt::format("the UNIX socket path {} is {} bytes long; a socket address holds at most {}",
                    quote_text(path), path.size(), kMaxUnixPathLength)));
  }
  return AddrEntry(File{std::string(path)}, 0);
}

AddrType AddrEntry::type() const noexcept {
  switch (value_.index()) {
    case 0:
      return AddrType::inet;
    case 1:
      return AddrType::fqdn;
    case 2:
      return AddrType::macro;
    default:
      return AddrType::file;
  }
}

bool AddrEntry::is_macro(Macro macro) const noexcept {
  const auto* ref = as_macro();
  return ref != nullptr && ref->macro == macro;
}

bool AddrEntry::is_wildcard() const noexcept {
  const auto* ref = as_macro();
  return ref != nullptr && is_wildcard_macro(ref->macro);
}

std::string AddrEntry::to_string() const {
  return fmt::format("{}", *this);
}

Result<AddrEntry> parse_address(std::string_view text, std::uint16_t port) {
  if (text.empty()) return fail(Error::invalid("the address is empty"));
  // A scope or interface name cannot contain '/', so the first '/' starts
  // the prefix length: "fe80::%eth0/64".
  const std::size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  const std::size_t percent = address_text.find('%');
  const std::string_view base = address_text.substr(0, percent);
  const std::string_view scope =
      percent == std::string_view::npos ? std::string_view() : address_text.substr(percent + 1);

  if (base.empty()) {
    return fail(Error::invalid(
        fmt::format("{} has no address in front of the '{}'", quote_text(text), text.front())));
  }
  if (const auto macro = macro_from_name(base)) {
    return parse_macro(*macro, text, slash, percent, scope, port);
  }
  if (looks_numeric(base)) return parse_numeric(text, address_text, slash, port);
  return parse_name(text, base, slash, percent, port);
}

}  // namespace rc::addr
