#include "tools/spmdctl/policy_words.h"

#include <netinet/in.h>

#include <array>

#include <fmt/format.h>

namespace spmdctl {

namespace kernel = rc::kernel;
namespace rct = rc::rct;

BundleSummary summarize(const kernel::PolicyParams& policy) {
  BundleSummary summary;
  if (policy.templates.empty()) return summary;
  // The original's fixed order: ah|esp|ipcomp.
  constexpr std::array kOrder = {rct::SaType::Ah, rct::SaType::Esp, rct::SaType::Ipcomp};
  for (const rct::SaType type : kOrder) {
    for (const kernel::PolicyTemplate& request : policy.templates) {
      if (request.protocol != type) continue;
      if (!summary.satype.empty()) summary.satype += '|';
      summary.satype += protocol_word(type);
      break;
    }
  }
  summary.level = level_word(policy.templates.front().level);
  // Templates run innermost first, so the last tunnel is the outer header.
  for (const kernel::PolicyTemplate& request : policy.templates) {
    if (request.mode != rct::IpsecMode::Tunnel) continue;
    summary.mode = rct::IpsecMode::Tunnel;
    summary.tunnel_src = request.tunnel_src;
    summary.tunnel_dst = request.tunnel_dst;
  }
  return summary;
}

std::string upper_layer_word(std::uint8_t protocol) {
  switch (protocol) {
    case kernel::kAnyProtocol:
      return "any";
    case IPPROTO_ICMP:
      return "icmp";
    case IPPROTO_TCP:
      return "tcp";
    case IPPROTO_UDP:
      return "udp";
    case IPPROTO_GRE:
      return "gre";
    case IPPROTO_ESP:
      return "esp";
    case IPPROTO_AH:
      return "ah";
    case IPPROTO_ICMPV6:
      return "ipv6-icmp";
    case IPPROTO_SCTP:
      return "sctp";
    default:
      return fmt::format("{}", protocol);
  }
}

}  // namespace spmdctl
