// The words `policy show` prints for a policy, shared by the text and JSON
// renderings so both always say the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "addr/ip_address.h"
#include "kernel/policy.h"
#include "kernel/policy_words.h"
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

// The words rcsetkey prints too (lib/kernel/policy_words.h).
using rc::kernel::action_word;
using rc::kernel::direction_word;
using rc::kernel::level_word;
using rc::kernel::mode_word;
using rc::kernel::protocol_word;
using rc::kernel::range_text;
// /etc/protocols' names for the usual upper-layer protocols (fixed here so
// the output does not depend on the host), 255 "any", else the number.
std::string upper_layer_word(std::uint8_t protocol);

}  // namespace spmdctl
