#include "kernel/policy_words.h"

#include <fmt/format.h>

namespace rc::kernel {

std::string_view direction_word(rct::Direction direction) {
  switch (direction) {
    case rct::Direction::Inbound:
      return "in";
    case rct::Direction::Outbound:
      return "out";
    case rct::Direction::Fwd:
      return "fwd";
  }
  return "?";
}

std::string_view action_word(PolicyAction action) {
  switch (action) {
    case PolicyAction::Ipsec:
      return "ipsec";
    case PolicyAction::Bypass:
      return "none";
    case PolicyAction::Discard:
      return "discard";
  }
  return "?";
}

std::string_view mode_word(rct::IpsecMode mode) {
  return mode == rct::IpsecMode::Tunnel ? "tunnel" : "transport";
}

std::string_view level_word(rct::IpsecLevel level) {
  switch (level) {
    case rct::IpsecLevel::Require:
      return "require";
    case rct::IpsecLevel::Use:
      return "use";
    case rct::IpsecLevel::Unique:
      return "unique";
  }
  return "?";
}

std::string_view protocol_word(rct::SaType type) {
  switch (type) {
    case rct::SaType::Esp:
      return "esp";
    case rct::SaType::Ah:
      return "ah";
    case rct::SaType::Ipcomp:
      return "ipcomp";
    default:
      return "?";
  }
}

std::string range_text(const addr::Prefix& prefix, std::uint16_t port) {
  if (port == 0) return fmt::format("{}[any]", prefix.to_string());
  return fmt::format("{}[{}]", prefix.to_string(), port);
}

}  // namespace rc::kernel
