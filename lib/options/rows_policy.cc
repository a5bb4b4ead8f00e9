// Rows of selector NAME { } and policy NAME { } (reference §2.4). Where the
// original had no built-in default for a policy field, the help says what we
// chose and why.
#include <array>

#include "options/keyword_lists.h"
#include "options/option_rows.h"

namespace rc::options::rows {

std::span<const OptionSpec> selector_and_policy() {
  static const std::array rows = {
      OptionSpec{.section = "selector",
                 .name = "direction",
                 .type = ValueType::Enum,
                 .help = "Which traffic the selector matches, as seen by this host: `outbound` or "
                         "`inbound`. Required.",
                 .choices = keywords_of<rct::Direction>()},
      OptionSpec{.section = "selector",
                 .name = "src",
                 .type = ValueType::Address,
                 .help = "Source of the traffic: an address or prefix, macro or FQDN, and "
                         "optionally `port N` (`port any` is every port). The original grammar "
                         "took a list but used only its first entry."},
      OptionSpec{.section = "selector",
                 .name = "dst",
                 .type = ValueType::Address,
                 .help = "Destination of the traffic, written as src."},
      OptionSpec{.section = "selector",
                 .name = "upper_layer_protocol",
                 .type = ValueType::Protocol,
                 .default_value = "any",
                 .help = "The transport protocol: a name from /etc/protocols, a number, or `any`. "
                         "For icmp and ipv6-icmp two more numbers give the type and code, for mh "
                         "one gives the type."},
      OptionSpec{.section = "selector",
                 .name = "next_header_including",
                 .type = ValueType::Protocol,
                 .help = "Match only packets whose header chain includes this protocol.",
                 .not_implemented = "parsed but not implemented (the original ignored it too)"},
      OptionSpec{.section = "selector",
                 .name = "order",
                 .type = ValueType::Number,
                 .help = "Precedence among selectors that match the same traffic, lowest first: "
                         "spmd installs it as the kernel policy's priority (0 or unset: the key "
                         "engine's default).",
                 .min = 0,
                 .max = 2147483647},
      OptionSpec{.section = "selector",
                 .name = "tagged",
                 .type = ValueType::String,
                 .help = "Apply the policy only to packets carrying this pf tag (BSD).",
                 .not_implemented = "pf tags exist only with BSD pf; not implemented"},
      OptionSpec{.section = "selector",
                 .name = "policy_index",
                 .type = ValueType::Index,
                 .help = "The policy block for this traffic."},
      OptionSpec{.section = "selector",
                 .name = "reqid",
                 .type = ValueType::Number,
                 .help = "A fixed request ID for the kernel policy, so that selectors can share "
                         "SAs (Mobile IPv6 needs this); unset, the kernel picks one.",
                 .min = 0,
                 .max = 2147483647},
      OptionSpec{.section = "policy",
                 .name = "action",
                 .type = ValueType::Enum,
                 .help = "`auto_ipsec` protects the traffic with SAs negotiated on demand, "
                         "`discard` drops it, `none` (or `bypass`) lets it pass in clear. "
                         "`static_ipsec` (manual SAs) is parsed but not implemented, as in the "
                         "original. Required.",
                 .choices = keywords_of<rct::Action>()},
      OptionSpec{.section = "policy",
                 .name = "install",
                 .type = ValueType::Bool,
                 .default_value = "on",
                 .help = "off declares the policy without putting it into the kernel, for "
                         "policies another program (a Mobile IPv6 daemon) installs."},
      OptionSpec{.section = "policy",
                 .name = "remote_index",
                 .type = ValueType::Index,
                 .help = "The remote block used to negotiate SAs for this policy."},
      OptionSpec{.section = "policy",
                 .name = "ipsec_index",
                 .type = ValueType::IndexList,
                 .help = "The ipsec blocks proposed for this policy, most preferred first; "
                         "several are alternatives (OR), not a bundle."},
      OptionSpec{.section = "policy",
                 .name = "ipsec_mode",
                 .type = ValueType::Enum,
                 .default_value = "transport",
                 .help = "`transport` or `tunnel`; tunnel needs my_sa_ipaddr and peers_sa_ipaddr. "
                         "The original had no common default (iked assumed tunnel, kinkd "
                         "transport); we use transport for every daemon, as its sample "
                         "default.conf did, so that spmd and the KMPs cannot disagree.",
                 .choices = keywords_of<rct::IpsecMode>()},
      OptionSpec{.section = "policy",
                 .name = "ipsec_level",
                 .type = ValueType::Enum,
                 .default_value = "require",
                 .help = "`require` sends no packet without an SA; `unique` gives the policy SAs "
                         "of its own (partly implemented in the original); `use` (an SA if there "
                         "is one) was documented as not implemented. The original had no "
                         "built-in level; require is what its samples set.",
                 .choices = keywords_of<rct::IpsecLevel>()},
      OptionSpec{.section = "policy",
                 .name = "my_sa_ipaddr",
                 .type = ValueType::Address,
                 .help = "My tunnel endpoint: an address or macro, not an FQDN. Required in tunnel "
                         "mode."},
      OptionSpec{.section = "policy",
                 .name = "peers_sa_ipaddr",
                 .type = ValueType::Address,
                 .help = "The peer's tunnel endpoint. `IP_RW` takes it from the negotiation (road "
                         "warriors; tunnel mode only, in transport mode it acts as IP_ANY)."},
  };
  return rows;
}

}  // namespace rc::options::rows
