// Rows of interface { }, resolver { } and remote NAME { } itself (the per-KMP
// blocks inside remote are in rows_kmp*.cc). Defaults follow the original
// racoon2 (reference §2.4) unless a row says otherwise; rows marked extension
// are our additions.
#include <array>
#include <string_view>

#include "base/build_config.h"
#include "options/keyword_lists.h"
#include "options/option_rows.h"

namespace rc::options::rows {
namespace {

constexpr std::array<std::string_view, 4> kKeyEngines = {"auto", "pfkey", "xfrm", "pfkeyd"};

}  // namespace

std::span<const OptionSpec> interface_and_resolver() {
  // Path defaults come from the build (sysconfdir, rundir).
  static const std::array rows = {
      OptionSpec{.section = "interface",
                 .name = "ike",
                 .type = ValueType::AddrList,
                 .default_value = "MY_IP port 500",
                 .help = "Addresses and ports iked listens on for IKE. Port 0 means iked's default "
                         "(500). An entry with port 4500 adds a NAT-T socket."},
      OptionSpec{.section = "interface",
                 .name = "kink",
                 .type = ValueType::AddrList,
                 .default_value = "MY_IP port 910",
                 .help = "Addresses and ports kinkd listens on for KINK. Port 0 means 910."},
      OptionSpec{.section = "interface",
                 .name = "spmd",
                 .type = ValueType::AddrList,
                 .default_value = build::kSpmifSpec,
                 .help = "Where spmd serves spmif: `unix \"PATH\"` for a UNIX socket in a private "
                         "directory (the normal case)."},
      OptionSpec{.section = "interface",
                 .name = "spmd_password",
                 .type = ValueType::Path,
                 .default_value = build::kSpmdPasswordFile,
                 .help = "The shared secret for spmif logins; must be a secret file (owned by the "
                         "daemon's user, no group or other permissions)."},
      OptionSpec{.section = "interface",
                 .name = "application_bypass",
                 .type = ValueType::Bool,
                 .default_value = "on",
                 .help = "Give the key-exchange sockets a per-socket IPsec bypass policy so IKE "
                         "and KINK traffic is never itself protected."},
      OptionSpec{.section = "interface",
                 .name = "key_engine",
                 .type = ValueType::Enum,
                 .default_value = "auto",
                 .help = "Which key engine holds the SAs and policies: the kernel's XFRM (Linux "
                         "netlink), the kernel's PF_KEYv2, or the userspace pfkeyd. `auto` picks "
                         "XFRM if the kernel can hold ESP SAs, else PF_KEY if it can, else pfkeyd "
                         "if its socket answers.",
                 .choices = kKeyEngines,
                 .extension = true},
      OptionSpec{.section = "interface",
                 .name = "pfkeyd_socket",
                 .type = ValueType::Path,
                 .default_value = build::kPfkeydSocket,
                 .help = "The socket of the userspace key engine pfkeyd.",
                 .extension = true},
      OptionSpec{.section = "resolver",
                 .name = "resolver",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Turn spmd into a DNS proxy that learns FQDN to address mappings for FQDN "
                         "selectors and KINK principals."},
      OptionSpec{.section = "resolver",
                 .name = "nameserver",
                 .type = ValueType::AddrList,
                 .help = "Upstream DNS servers spmd forwards to, in fail-over order (numeric "
                         "addresses, port 53 unless given)."},
      OptionSpec{.section = "resolver",
                 .name = "dns_query",
                 .type = ValueType::AddrList,
                 .help = "Local addresses where spmd accepts DNS queries (port 53 unless given); "
                         "point /etc/resolv.conf at one of them."},
  };
  return rows;
}

std::span<const OptionSpec> remote() {
  static const std::array rows = {
      OptionSpec{.section = "remote",
                 .name = "acceptable_kmp",
                 .type = ValueType::KmpList,
                 .help = "The key-management protocols this peer may use, e.g. `{ ikev2; ikev1; "
                         "}`. A responder accepts any of them; an initiator uses the first.",
                 .choices = keywords_of<rct::Kmp>()},
      OptionSpec{.section = "remote",
                 .name = "selector_index",
                 .type = ValueType::Index,
                 .help = "The selector a responder uses for this peer when the request names "
                         "none; kinkd needs it on a responder."},
      OptionSpec{.section = "remote",
                 .name = "ikev1",
                 .type = ValueType::Block,
                 .help = "IKEv1 parameters of this peer: the kmp and ikev1 directives."},
      OptionSpec{.section = "remote",
                 .name = "ikev2",
                 .type = ValueType::Block,
                 .help = "IKEv2 parameters of this peer: the kmp and ikev2 directives."},
      OptionSpec{.section = "remote",
                 .name = "kink",
                 .type = ValueType::Block,
                 .help = "KINK parameters of this peer: the kmp and kink directives."},
  };
  return rows;
}

}  // namespace rc::options::rows
