#include "tools/rcsetkey/print.h"

#include <netinet/in.h>

#include <fmt/format.h>

#include "tools/rcsetkey/command.h"

namespace rcsetkey {
namespace {

namespace kernel = rc::kernel;
namespace rct = rc::rct;

std::string_view protocol_name(rct::SaType type) {
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

std::string_view mode_name(rct::IpsecMode mode) {
  return mode == rct::IpsecMode::Tunnel ? "tunnel" : "transport";
}

std::string_view state_name(kernel::SaState state) {
  switch (state) {
    case kernel::SaState::Larval:
      return "larval";
    case kernel::SaState::Mature:
      return "mature";
    case kernel::SaState::Dying:
      return "dying";
    case kernel::SaState::Dead:
      return "dead";
  }
  return "?";
}

// setkey shows keys as 8-digit hex groups.
std::string key_text(const rc::buf::SecretBytes& key) {
  std::string text;
  const auto bytes = key.reveal();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0 && i % 4 == 0) text += ' ';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

std::string upper_layer_name(std::uint8_t protocol) {
  switch (protocol) {
    case kernel::kAnyProtocol:
      return "any";
    case IPPROTO_TCP:
      return "tcp";
    case IPPROTO_UDP:
      return "udp";
    case IPPROTO_ICMP:
      return "icmp";
    case IPPROTO_ICMPV6:
      return "icmp6";
    default:
      return fmt::format("{}", protocol);
  }
}

std::string range_text(const rc::addr::Prefix& prefix, std::uint16_t port) {
  if (port == 0) return fmt::format("{}[any]", prefix.to_string());
  return fmt::format("{}[{}]", prefix.to_string(), port);
}

std::string_view direction_name(rct::Direction direction) {
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

std::string_view action_name(kernel::PolicyAction action) {
  switch (action) {
    case kernel::PolicyAction::Ipsec:
      return "ipsec";
    case kernel::PolicyAction::Bypass:
      return "none";
    case kernel::PolicyAction::Discard:
      return "discard";
  }
  return "?";
}

std::string level_text(const kernel::PolicyTemplate& request) {
  switch (request.level) {
    case rct::IpsecLevel::Require:
      return "require";
    case rct::IpsecLevel::Use:
      return "use";
    case rct::IpsecLevel::Unique:
      return request.reqid == 0 ? "unique" : fmt::format("unique:{}", request.reqid);
  }
  return "?";
}

}  // namespace

std::string format_sa(const kernel::SaInfo& sa) {
  const kernel::SaParams& p = sa.params;
  std::string text = fmt::format("{} {}\n", p.id.src.to_string(), p.id.dst.to_string());
  text +=
      fmt::format("\t{} mode={} spi={}(0x{:08x}) reqid={}(0x{:08x})\n", protocol_name(p.id.type),
                  mode_name(p.mode), p.id.spi, p.id.spi, p.reqid, p.reqid);
  if (p.encryption != rct::EncAlg{}) {
    text += fmt::format("\tE: {}  {}\n", setkey_name(p.encryption), key_text(p.encryption_key));
  }
  if (p.integrity != rct::AuthAlg{}) {
    text += fmt::format("\tA: {}  {}\n", setkey_name(p.integrity), key_text(p.integrity_key));
  }
  if (p.compression != rct::CompAlg{}) {
    text += fmt::format("\tC: {}\n", setkey_name(p.compression));
  }
  text += fmt::format("\tstate={} replay={}\n", state_name(sa.state), p.replay_window);
  text +=
      fmt::format("\tcurrent: {}(bytes) {}(packets) hard: {}(s) soft: {}(s)\n", sa.current.bytes,
                  sa.current.packets, p.lifetimes.hard.add_seconds, p.lifetimes.soft.add_seconds);
  return text;
}

std::string format_spi(const kernel::SpiRequest& request, std::uint32_t spi) {
  return fmt::format("{} {} {} spi={}(0x{:08x})\n", request.src.to_string(),
                     request.dst.to_string(), protocol_name(request.type), spi, spi);
}

#ifdef __linux__
std::string format_verdict(const kernel::pfkey::PacketVerdict& verdict) {
  using kernel::pfkey::PacketOutcome;
  switch (verdict.outcome) {
    case PacketOutcome::NoPolicy:
      return "no policy\n";
    case PacketOutcome::Bypass:
      return fmt::format("bypass, spid={}\n", verdict.spid);
    case PacketOutcome::Discard:
      return fmt::format("discard, spid={}\n", verdict.spid);
    case PacketOutcome::Acquire:
      return fmt::format("acquire sent, spid={}\n", verdict.spid);
    case PacketOutcome::Protected:
      if (!verdict.sa) return fmt::format("protected, spid={}\n", verdict.spid);
      return fmt::format("protected by SA {} {} {} spi={}(0x{:08x}), spid={}\n",
                         protocol_name(verdict.sa->type), verdict.sa->src.to_string(),
                         verdict.sa->dst.to_string(), verdict.sa->spi, verdict.sa->spi,
                         verdict.spid);
  }
  return "?\n";
}
#endif

std::string format_policy(const kernel::PolicyInfo& policy) {
  const kernel::PolicyParams& p = policy.params;
  std::string text = fmt::format("{} {} {}\n", range_text(p.selector.src, p.selector.src_port),
                                 range_text(p.selector.dst, p.selector.dst_port),
                                 upper_layer_name(p.selector.protocol));
  text += fmt::format("\t{} prio {} {}\n", direction_name(p.direction), p.priority,
                      action_name(p.action));
  for (const kernel::PolicyTemplate& request : p.templates) {
    std::string endpoints;
    if (request.tunnel_src && request.tunnel_dst) {
      endpoints =
          fmt::format("{}-{}", request.tunnel_src->to_string(), request.tunnel_dst->to_string());
    }
    text += fmt::format("\t{}/{}/{}/{}\n", protocol_name(request.protocol), mode_name(request.mode),
                        endpoints, level_text(request));
  }
  text += fmt::format("\tspid={}\n", p.spid);
  return text;
}

}  // namespace rcsetkey
