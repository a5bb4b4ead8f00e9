// AddrEntry: one address as racoon2.conf writes it (the original's
// rc_addrlist): a numeric address with a prefix length, a host name kept
// unresolved, a macro kept unexpanded, or a UNIX socket path. Macros and
// names stand for addresses that are only known at use time (see expand.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "base/result.h"

namespace rc::addr {

// The RCT address-type numbers of the original (bit flags), so code that
// stores or compares them keeps the old values.
enum class AddrType : std::uint16_t { inet = 0x1000, fqdn = 0x2000, macro = 0x4000, file = 0x8000 };

enum class Macro : std::uint8_t {
  my_ip,              // every address of this host, both families
  my_ipv4,            // every IPv4 address
  my_ipv6,            // every IPv6 address
  my_ipv6_global,     // IPv6 addresses that are neither scoped, special nor loopback
  my_ipv6_linklocal,  // fe80::/10 addresses, with their scope
  my_hoa,             // the Mobile IPv6 home address; the original treats it as MY_IP
  ip_any,             // wildcard: any address
  ip_rw,              // wildcard, and "generate the policy dynamically" (road warrior)
  ip_unspecified,     // wildcard, same as IP_ANY
};

// "MY_IP", "IP_RW", ... exactly as written in the config.
std::string_view macro_name(Macro macro) noexcept;
// Case-sensitive, as in the original: "my_ip" is a host name, not a macro.
std::optional<Macro> macro_from_name(std::string_view name) noexcept;
// The MY_* macros stand for this host's interface addresses and take %ifname.
bool is_interface_macro(Macro macro) noexcept;
// IP_ANY, IP_RW and IP_UNSPECIFIED stand for every address.
bool is_wildcard_macro(Macro macro) noexcept;

class AddrEntry {
 public:
  struct Inet {
    IpAddress address;           // as written: host bits are kept
    std::uint8_t prefix_length;  // 32/128 when the text had none
    friend bool operator==(const Inet&, const Inet&) = default;
  };
  struct Fqdn {
    std::string name;
    friend bool operator==(const Fqdn&, const Fqdn&) = default;
  };
  struct MacroRef {
    Macro macro;
    std::string ifname;  // empty: every interface
    friend bool operator==(const MacroRef&, const MacroRef&) = default;
  };
  struct File {
    std::string path;
    friend bool operator==(const File&, const File&) = default;
  };

  // The address with the full host prefix (/32 or /128).
  static AddrEntry host(const IpAddress& address, std::uint16_t port = 0);
  static Result<AddrEntry> inet(const IpAddress& address, unsigned prefix_length,
                                std::uint16_t port = 0);
  static Result<AddrEntry> fqdn(std::string_view name, std::uint16_t port = 0);
  // `ifname` may only be given for the MY_* macros.
  static Result<AddrEntry> macro(Macro macro, std::string_view ifname = {}, std::uint16_t port = 0);
  // `unix "path"` (only meaningful for `interface { spmd ...; }`).
  static Result<AddrEntry> unix_socket(std::string_view path);

  [[nodiscard]] AddrType type() const noexcept;
  // The port clause that followed the address (`port N|service|any`); 0 = any.
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  void set_port(std::uint16_t port) noexcept { port_ = port; }

  // The value for one type, or nullptr when the entry has another type.
  [[nodiscard]] const Inet* as_inet() const noexcept { return std::get_if<Inet>(&value_); }
  [[nodiscard]] const Fqdn* as_fqdn() const noexcept { return std::get_if<Fqdn>(&value_); }
  [[nodiscard]] const MacroRef* as_macro() const noexcept { return std::get_if<MacroRef>(&value_); }
  [[nodiscard]] const File* as_file() const noexcept { return std::get_if<File>(&value_); }

  [[nodiscard]] bool is_macro(Macro macro) const noexcept;
  // IP_RW asks for dynamically generated policies; IP_ANY is a plain
  // wildcard. Both expand to the same addresses, so only these tell them
  // apart (the original's TODO blames their confusion for many bugs).
  [[nodiscard]] bool is_rw() const noexcept { return is_macro(Macro::ip_rw); }
  [[nodiscard]] bool is_any() const noexcept { return is_macro(Macro::ip_any); }
  [[nodiscard]] bool is_wildcard() const noexcept;

  // The config text without the port: "10.0.0.0/8", "fe80::1%eth0",
  // "MY_IPV6%eth0", "example.com", `unix "/path"`. A host prefix is left out,
  // so parse_address(to_string()) gives the entry back.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const AddrEntry&, const AddrEntry&) = default;

 private:
  using Value = std::variant<Inet, Fqdn, MacroRef, File>;
  AddrEntry(Value value, std::uint16_t port) : value_(std::move(value)), port_(port) {}

  Value value_;
  std::uint16_t port_ = 0;
};

// An address list as the config holds it (`{ a; b; }`), in config order.
using AddrList = std::vector<AddrEntry>;

// Parses one config address: a numeric address with optional %scope and
// /prefix, a macro with optional %ifname, or else a host name, which must be
// a valid DNS name. Errors are sentences for the administrator.
Result<AddrEntry> parse_address(std::string_view text, std::uint16_t port = 0);

}  // namespace rc::addr

template <>
struct fmt::formatter<rc::addr::AddrEntry> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <class FormatContext>
  auto format(const rc::addr::AddrEntry& entry, FormatContext& ctx) const {
    if (const auto* inet = entry.as_inet()) {
      if (inet->prefix_length == inet->address.max_prefix_length()) {
        return fmt::format_to(ctx.out(), "{}", inet->address);
      }
      return fmt::format_to(ctx.out(), "{}/{}", inet->address, unsigned{inet->prefix_length});
    }
    if (const auto* fqdn = entry.as_fqdn()) return fmt::format_to(ctx.out(), "{}", fqdn->name);
    if (const auto* macro = entry.as_macro()) {
      if (macro->ifname.empty()) {
        return fmt::format_to(ctx.out(), "{}", rc::addr::macro_name(macro->macro));
      }
      return fmt::format_to(ctx.out(), "{}%{}", rc::addr::macro_name(macro->macro), macro->ifname);
    }
    const auto* file = entry.as_file();
    return fmt::format_to(ctx.out(), "unix \"{}\"",
                          file != nullptr ? std::string_view(file->path) : std::string_view());
  }
};
