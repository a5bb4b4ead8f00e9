#include "kernel/pfkey/pfkey_packet.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <string>
#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kRequest = "pfkeyd packet";
constexpr std::string_view kReply = "pfkeyd packet reply";

static_assert(kPfkeydPacket > SADB_MAX, "pfkeyd's message must not be a kernel's");

std::optional<std::uint16_t> policy_type_of(PacketOutcome outcome) {
  switch (outcome) {
    case PacketOutcome::NoPolicy:
      return std::nullopt;
    case PacketOutcome::Bypass:
      return std::uint16_t{IPSEC_POLICY_NONE};
    case PacketOutcome::Discard:
      return std::uint16_t{IPSEC_POLICY_DISCARD};
    case PacketOutcome::Protected:
    case PacketOutcome::Acquire:
      return std::uint16_t{IPSEC_POLICY_IPSEC};
  }
  return std::nullopt;
}

Result<void> check_verdict(const PacketVerdict& verdict) {
  if (verdict.outcome == PacketOutcome::NoPolicy && verdict.spid != 0) {
    return fail(mapping::invalid("a packet verdict without a policy names SPID " +
                                 std::to_string(verdict.spid)));
  }
  if (verdict.sa.has_value() != (verdict.outcome == PacketOutcome::Protected)) {
    return fail(mapping::invalid("a packet verdict names an SA exactly when it is protected"));
  }
  if (verdict.sa && verdict.sa->src.family() != verdict.sa->dst.family()) {
    return fail(mapping::invalid("an SA between addresses of two families"));
  }
  return ok();
}

Result<SaId> read_sa_id(const Message& message, const Extension& sa_extension) {
  auto type = mapping::sa_type_of(message.header, kReply);
  if (!type) return fail(std::move(type).error());
  auto sa = read_sa(sa_extension);
  if (!sa) return fail(std::move(sa).error());
  auto pair = mapping::read_address_pair(message, kReply);
  if (!pair) return fail(std::move(pair).error());
  const AddressExtension& src = pair->src;
  const AddressExtension& dst = pair->dst;
  return SaId{*type, src.address, dst.address, sa->spi};
}

}  // namespace

Result<WipedBuffer> encode_packet(const PacketReport& report, std::uint32_t seq) {
  if (!report.packet.src.is_host() || !report.packet.dst.is_host()) {
    return fail(mapping::invalid(fmt::format("a packet between {} and {}: not host addresses",
                                             report.packet.src, report.packet.dst)));
  }
  auto direction = rct::pfkey::to_direction(report.direction);
  if (!direction) return fail(mapping::invalid(direction.error().message));
  MessageBuilder builder(Header{kPfkeydPacket, 0, SADB_SATYPE_UNSPEC, seq, 0});
  if (auto selector = add_selector(builder, report.packet); !selector) {
    return fail(std::move(selector).error());
  }
  // Only the direction counts; type, id and priority stay 0.
  add_policy(builder, PolicyExtension{0, *direction, 0, 0, {}});
  add_lifetime(builder, SADB_EXT_LIFETIME_CURRENT, LifetimeExtension{0, report.bytes, 0, 0});
  return std::move(builder).finish();
}

Result<PacketReport> decode_packet(const Message& message) {
  auto packet = read_selector(message);
  if (!packet) return fail(std::move(packet).error());
  if (!packet->src.is_host() || !packet->dst.is_host()) {
    return fail(mapping::malformed(kRequest, "a packet's addresses with prefix lengths"));
  }
  auto policy_extension = mapping::require(message, SADB_X_EXT_POLICY, kRequest);
  if (!policy_extension) return fail(std::move(policy_extension).error());
  auto policy = read_policy(**policy_extension);
  if (!policy) return fail(std::move(policy).error());
  const auto direction = rct::pfkey::from_direction(policy->direction);
  if (!direction) {
    return fail(mapping::malformed(kRequest, fmt::format("direction {}", policy->direction)));
  }
  auto current_extension = mapping::require(message, SADB_EXT_LIFETIME_CURRENT, kRequest);
  if (!current_extension) return fail(std::move(current_extension).error());
  auto current = read_lifetime(**current_extension);
  if (!current) return fail(std::move(current).error());
  return PacketReport{*packet, *direction, current->bytes};
}

Result<WipedBuffer> encode_packet_reply(const Header& header, const PacketVerdict& verdict) {
  if (auto checked = check_verdict(verdict); !checked) return fail(std::move(checked).error());
  Header reply = header;
  reply.satype = SADB_SATYPE_UNSPEC;
  if (verdict.sa) {
    auto satype = mapping::satype_of(verdict.sa->type);
    if (!satype) return fail(std::move(satype).error());
    reply.satype = *satype;
  }
  MessageBuilder builder(reply);
  if (const auto type = policy_type_of(verdict.outcome)) {
    add_policy(builder, PolicyExtension{*type, IPSEC_DIR_ANY, verdict.spid, 0, {}});
  }
  if (verdict.sa) {
    add_sa(builder, SaExtension{verdict.sa->spi, 0, SADB_SASTATE_MATURE, 0, 0, 0});
    add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(verdict.sa->src));
    add_address(builder, SADB_EXT_ADDRESS_DST, host_address(verdict.sa->dst));
  }
  return std::move(builder).finish();
}

Result<PacketVerdict> decode_packet_reply(const Message& message) {
  if (message.header.error != 0) {
    return fail(
        Error{message.header.error,
              fmt::format("pfkeyd refused the packet report (errno {})", message.header.error)});
  }
  const Extension* policy_extension = message.find(SADB_X_EXT_POLICY);
  const Extension* sa_extension = message.find(SADB_EXT_SA);
  PacketVerdict verdict;
  if (policy_extension == nullptr) {
    if (sa_extension != nullptr) return fail(mapping::malformed(kReply, "an SA without a policy"));
    return verdict;
  }
  auto policy = read_policy(*policy_extension);
  if (!policy) return fail(std::move(policy).error());
  verdict.spid = policy->id;
  switch (policy->type) {
    case IPSEC_POLICY_NONE:
      verdict.outcome = PacketOutcome::Bypass;
      break;
    case IPSEC_POLICY_DISCARD:
      verdict.outcome = PacketOutcome::Discard;
      break;
    case IPSEC_POLICY_IPSEC:
      verdict.outcome = sa_extension != nullptr ? PacketOutcome::Protected : PacketOutcome::Acquire;
      break;
    default:
      return fail(mapping::malformed(kReply, fmt::format("policy type {}", policy->type)));
  }
  if (sa_extension == nullptr) return verdict;
  if (verdict.outcome != PacketOutcome::Protected) {
    return fail(mapping::malformed(kReply, "an SA for a policy that applies no IPsec"));
  }
  auto sa = read_sa_id(message, *sa_extension);
  if (!sa) return fail(std::move(sa).error());
  verdict.sa = *sa;
  return verdict;
}

}  // namespace rc::kernel::pfkey
