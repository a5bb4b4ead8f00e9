// The words `policy show` prints for a policy, shared by the text and JSON
// renderings so both always say the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "addr/ip_address.h"
#include "kernel/policy.h"
#include "rct/types.h"

namespace spmdctl {

// The original showed one line per policy for its SA bundle; our policies
// carry a list of templates, summarised the same way.
struct BundleSummary {
  std::string satype;  // "esp", "ah|esp", ... in the original's order; "" without templates
  rc::rct::IpsecMode mode = rc::rct::IpsecMode::Transport;  // tunnel if any template is
  std::string level;                              // the first template's; "" without templates
  std::optional<rc::addr::IpAddress> tunnel_src;  // the outermost tunnel's endpoints
  std::optional<rc::addr::IpAddress> tunnel_dst;
};

BundleSummary summarize(const rc::kernel::PolicyParams& policy);

std::string_view direction_word(rc::rct::Direction direction);  // in, out, fwd
std::string_view action_word(rc::kernel::PolicyAction action);  // ipsec, none, discard
std::string_view mode_word(rc::rct::IpsecMode mode);            // transport, tunnel
std::string_view level_word(rc::rct::IpsecLevel level);         // require, use, unique
std::string_view protocol_word(rc::rct::SaType type);           // esp, ah, ipcomp
// /etc/protocols' names for the usual upper-layer protocols (fixed here so
// the output does not depend on the host), 255 "any", else the number.
std::string upper_layer_word(std::uint8_t protocol);

}  // namespace spmdctl
