// policy show's text: the original spmdctl's block per policy, so scripts
// written for it keep reading ours.
#include <ctime>

#include <fmt/format.h>

#include "tools/spmdctl/policy_view.h"
#include "tools/spmdctl/policy_words.h"

namespace spmdctl {
namespace {

// "0" for a time never set, as the original.
std::string date_text(std::uint64_t seconds) {
  if (seconds == 0) return "0";
  const auto when = static_cast<std::time_t>(seconds);
  std::tm local{};
  if (::localtime_r(&when, &local) == nullptr) return fmt::format("{}", seconds);
  std::array<char, 64> buffer{};
  const std::size_t length = std::strftime(buffer.data(), buffer.size(), "%b %d %X %Y", &local);
  return {buffer.data(), length};
}

std::string block(const ShownPolicy& shown) {
  const rc::kernel::PolicyParams& p = shown.policy.params;
  const rc::kernel::LifetimeCurrent& current = shown.policy.current;
  std::string text = fmt::format("{} {} {}\n", range_text(p.selector.src, p.selector.src_port),
                                 range_text(p.selector.dst, p.selector.dst_port),
                                 upper_layer_word(p.selector.protocol));
  text += fmt::format("\t{} {}\n", direction_word(p.direction), action_word(p.action));
  // A bypass or discard policy has no SA bundle, so no bundle line.
  if (!p.templates.empty()) {
    const BundleSummary bundle = summarize(p);
    if (bundle.mode == rc::rct::IpsecMode::Tunnel) {
      text += fmt::format("\t{} tunnel {}-{} {}\n", bundle.satype,
                          bundle.tunnel_src ? bundle.tunnel_src->to_string() : std::string(),
                          bundle.tunnel_dst ? bundle.tunnel_dst->to_string() : std::string(),
                          bundle.level);
    } else {
      text += fmt::format("\t{} transport {}\n", bundle.satype, bundle.level);
    }
  }
  // "lastused: " stays empty for a policy never used, as the original.
  text += fmt::format("\tcreated: {} lastused: {}\n", date_text(current.add_time),
                      current.use_time == 0 ? std::string() : date_text(current.use_time));
  text += fmt::format("\tlifetime: {}(s) validtime: {}(s)\n", p.lifetimes.hard.add_seconds,
                      p.lifetimes.soft.add_seconds);
  text += fmt::format("\tselector={} spid={}\n", shown.slid, p.spid);
  return text;
}

}  // namespace

std::string render_policies_text(const PolicyListing& listing) {
  std::string text;
  for (const ShownPolicy& shown : listing.policies) text += block(shown);
  return text;
}

}  // namespace spmdctl
