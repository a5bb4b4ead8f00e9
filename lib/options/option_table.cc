// The option table itself. Defaults follow the original racoon2 (reference
// §2.4 and its samples) unless a row says otherwise; rows marked extension
// are our additions (docs/config-extensions.md lists them).
#include <array>
#include <span>

#include "base/build_config.h"
#include "options/option_table.h"

namespace rc::options {
namespace {

constexpr std::array<std::string_view, 4> kKeyEngines = {"auto", "pfkey", "xfrm", "pfkeyd"};

// Path defaults come from the build (sysconfdir, rundir), so they are
// assembled from the generated constants.
constexpr std::string_view kSpmifDefault = build::kSpmifSpec;
constexpr std::string_view kPasswordDefault = build::kSpmdPasswordFile;
constexpr std::string_view kPfkeydDefault = build::kPfkeydSocket;

constexpr std::array kTable = {
    // interface { ... };
    OptionSpec{"interface", "ike", ValueType::AddrList, "MY_IP port 500",
               "Addresses and ports iked listens on for IKE. Port 0 means iked's default (500). "
               "An entry with port 4500 adds a NAT-T socket."},
    OptionSpec{"interface", "kink", ValueType::AddrList, "MY_IP port 910",
               "Addresses and ports kinkd listens on for KINK. Port 0 means 910."},
    OptionSpec{"interface", "spmd", ValueType::AddrList, kSpmifDefault,
               "Where spmd serves spmif: `unix \"PATH\"` for a UNIX socket in a private "
               "directory (the normal case)."},
    OptionSpec{"interface", "spmd_password", ValueType::Path, kPasswordDefault,
               "The shared secret for spmif logins; must be a secret file (owned by the "
               "daemon's user, no group or other permissions)."},
    OptionSpec{"interface", "application_bypass", ValueType::Bool, "on",
               "Give the key-exchange sockets a per-socket IPsec bypass policy so IKE and KINK "
               "traffic is never itself protected."},
    OptionSpec{"interface", "key_engine", ValueType::Enum, "auto",
               "Which key engine holds the SAs and policies: the kernel's XFRM (Linux "
               "netlink), the kernel's PF_KEYv2, or the userspace pfkeyd. `auto` picks XFRM if "
               "the kernel can hold ESP SAs, else PF_KEY if it can, else pfkeyd if its socket "
               "answers.",
               kKeyEngines, 0, 0, true},
    OptionSpec{"interface",
               "pfkeyd_socket",
               ValueType::Path,
               kPfkeydDefault,
               "The socket of the userspace key engine pfkeyd.",
               {},
               0,
               0,
               true},
    // resolver { ... };
    OptionSpec{"resolver", "resolver", ValueType::Bool, "off",
               "Turn spmd into a DNS proxy that learns FQDN to address mappings for FQDN "
               "selectors and KINK principals."},
    OptionSpec{"resolver", "nameserver", ValueType::AddrList, "",
               "Upstream DNS servers spmd forwards to, in fail-over order (numeric addresses, "
               "port 53 unless given)."},
    OptionSpec{"resolver", "dns_query", ValueType::AddrList, "",
               "Local addresses where spmd accepts DNS queries (port 53 unless given); point "
               "/etc/resolv.conf at one of them."},
};

}  // namespace

std::span<const OptionSpec> all() {
  return kTable;
}

std::string_view type_name(ValueType type) {
  switch (type) {
    case ValueType::Bool:
      return "boolean";
    case ValueType::Enum:
      return "keyword";
    case ValueType::AddrList:
      return "address list";
    case ValueType::Path:
      return "path";
    case ValueType::Number:
      return "number";
  }
  return "?";
}

}  // namespace rc::options
