// Rows of the blocks nested in a KMP block: script { } (any KMP), and
// IKEv2's request { } and provide { } (configuration payload, reference §2.5).
#include <array>

#include "options/option_rows.h"

namespace rc::options::rows {
namespace {

constexpr OptionSpec script(std::string_view name, std::string_view help) {
  return OptionSpec{.section = "script", .name = name, .type = ValueType::Path, .help = help};
}

constexpr OptionSpec request(std::string_view name, std::string_view help) {
  return OptionSpec{.section = "request", .name = name, .type = ValueType::Flag, .help = help};
}

}  // namespace

std::span<const OptionSpec> kmp_blocks() {
  static const std::array rows = {
      script("phase1_up", "Run when an IKE SA (ISAKMP SA, phase 1) is established."),
      script("phase1_down", "Run when an IKE SA is deleted."),
      script("phase2_up", "Run when an IPsec SA (CHILD_SA, phase 2) is established."),
      script("phase2_down", "Run when an IPsec SA is deleted."),
      script("phase1_rekey", "Run when an IKE SA is rekeyed."),
      script("phase2_rekey", "Run when an IPsec SA is rekeyed."),
      script("migration", "Run when the SAs move to new addresses (Mobile IPv6 migration)."),
      script("ike_sa_up", "Same as phase1_up."),
      script("ike_sa_down", "Same as phase1_down."),
      script("ike_sa_rekey", "Same as phase1_rekey."),
      script("child_up", "Same as phase2_up."),
      script("child_down", "Same as phase2_down."),
      script("child_rekey", "Same as phase2_rekey."),
      request("ip4", "Ask for an internal IPv4 address."),
      request("ip6", "Ask for an internal IPv6 address."),
      request("ip", "Same as ip4 and ip6."),
      request("ip4_dns", "Ask for IPv4 DNS servers."),
      request("ip6_dns", "Ask for IPv6 DNS servers."),
      request("dns", "Same as ip4_dns and ip6_dns."),
      request("ip4_dhcp", "Ask for IPv4 DHCP servers."),
      request("ip6_dhcp", "Ask for IPv6 DHCP servers."),
      request("dhcp", "Same as ip4_dhcp and ip6_dhcp."),
      request("application_version", "Ask for the responder's application version string."),
      request("mip6_home_prefix", "Ask for a Mobile IPv6 home prefix."),
      OptionSpec{.section = "provide",
                 .name = "addresspool",
                 .type = ValueType::Index,
                 .help = "The addresspool block that internal addresses are leased from."},
      OptionSpec{.section = "provide",
                 .name = "dns",
                 .type = ValueType::AddrList,
                 .help = "DNS servers to hand out."},
      OptionSpec{.section = "provide",
                 .name = "dhcp",
                 .type = ValueType::AddrList,
                 .help = "DHCP servers to hand out."},
      OptionSpec{.section = "provide",
                 .name = "application_version",
                 .type = ValueType::String,
                 .help = "The application version string to hand out."},
      OptionSpec{.section = "provide",
                 .name = "mip6_home_prefix",
                 .type = ValueType::Address,
                 .help = "The Mobile IPv6 home prefix to hand out."},
  };
  return rows;
}

}  // namespace rc::options::rows
