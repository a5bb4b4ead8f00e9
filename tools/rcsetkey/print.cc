#include "tools/rcsetkey/print.h"

#include <netinet/in.h>

#include <fmt/format.h>

#include "kernel/policy_words.h"
#include "tools/rcsetkey/command.h"

namespace rcsetkey {
namespace {

namespace kernel = rc::kernel;
namespace rct = rc::rct;

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

std::string level_text(const kernel::PolicyTemplate& request) {
  if (request.level == rct::IpsecLevel::Unique && request.reqid != 0) {
    return fmt::format("unique:{}", request.reqid);
  }
  return std::string(kernel::level_word(request.level));
}

}  // namespace

std::string format_sa(const kernel::SaInfo& sa) {
  const kernel::SaParams& p = sa.params;
  std::string text = fmt::format("{} {}\n", p.id.src.to_string(), p.id.dst.to_string());
  text += fmt::format("\t{} mode={} spi={}(0x{:08x}) reqid={}(0x{:08x})\n",
                      kernel::protocol_word(p.id.type), kernel::mode_word(p.mode), p.id.spi,
                      p.id.spi, p.reqid, p.reqid);
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
                     request.dst.to_string(), kernel::protocol_word(request.type), spi, spi);
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
                         kernel::protocol_word(verdict.sa->type), verdict.sa->src.to_string(),
                         verdict.sa->dst.to_string(), verdict.sa->spi, verdict.sa->spi,
                         verdict.spid);
  }
  return "?\n";
}
#endif

std::string format_policy(const kernel::PolicyInfo& policy) {
  const kernel::PolicyParams& p = policy.params;
  std::string text =
      fmt::format("{} {} {}\n", kernel::range_text(p.selector.src, p.selector.src_port),
                  kernel::range_text(p.selector.dst, p.selector.dst_port),
                  upper_layer_name(p.selector.protocol));
  text += fmt::format("\t{} prio {} {}\n", kernel::direction_word(p.direction), p.priority,
                      kernel::action_word(p.action));
  for (const kernel::PolicyTemplate& request : p.templates) {
    std::string endpoints;
    if (request.tunnel_src && request.tunnel_dst) {
      endpoints =
          fmt::format("{}-{}", request.tunnel_src->to_string(), request.tunnel_dst->to_string());
    }
    text += fmt::format("\t{}/{}/{}/{}\n", kernel::protocol_word(request.protocol),
                        kernel::mode_word(request.mode), endpoints, level_text(request));
  }
  text += fmt::format("\tspid={}\n", p.spid);
  return text;
}

}  // namespace rcsetkey
