// encode_sa: the SA payload body (RFC 7296 §3.3) with every nested length
// and "last substructure" marker computed. It refuses what parse_sa would
// refuse (no proposal, a wrong SPI size, a Key Length attribute in TLV
// form or twice), so iked can never send an SA payload a peer like us drops.
#include <fmt/format.h>

#include "ikev2/payload_codec.h"

namespace rc::ikev2::detail {
namespace {

constexpr std::size_t kMaxCount = 0xFF;
constexpr std::size_t kMaxLength = 0xFFFF;

Result<void> encode_attributes(buf::ByteWriter& out, const std::vector<TransformAttribute>& list) {
  bool have_key_length = false;
  for (const TransformAttribute& attribute : list) {
    if (attribute.type > kAttributeTypeMask) {
      return fail(Error::invalid(
          fmt::format("transform attribute type {} does not fit 15 bits", attribute.type)));
    }
    if (attribute.type == kAttributeKeyLength) {
      if (!attribute.tv || have_key_length) {
        return fail(Error::invalid("a transform has one Key Length attribute, in TV form"));
      }
      have_key_length = true;
    }
    if (attribute.tv) {
      out.u16(static_cast<std::uint16_t>(kAttributeTv | attribute.type)).u16(attribute.value);
      continue;
    }
    if (attribute.data.size() > kMaxLength) {
      return fail(Error::invalid(
          fmt::format("transform attribute of {} octets is too long", attribute.data.size())));
    }
    out.u16(attribute.type).u16(static_cast<std::uint16_t>(attribute.data.size()));
    out.bytes(attribute.data);
  }
  return ok();
}

Result<void> encode_transform(buf::ByteWriter& out, const Transform& transform, bool last) {
  const std::size_t start = out.size();
  out.u8(last ? kLastSubstructure : kMoreTransforms).u8(0);
  const auto length = out.reserve_u16();
  out.u8(static_cast<std::uint8_t>(transform.type)).u8(0).u16(transform.id);
  if (auto attributes = encode_attributes(out, transform.attributes); !attributes) {
    return attributes;
  }
  return out.patch_length_since(length, start);
}

Result<void> encode_proposal(buf::ByteWriter& out, const Proposal& proposal, bool last) {
  if (!proposal_spi_size_ok(proposal.protocol, proposal.spi.size()) ||
      proposal.spi.size() > kMaxCount) {
    return fail(
        Error::invalid(fmt::format("proposal SPI of {} octets for protocol {}", proposal.spi.size(),
                                   static_cast<unsigned>(proposal.protocol))));
  }
  if (proposal.transforms.size() > kMaxCount) {
    return fail(Error::invalid(
        fmt::format("proposal with {} transforms (at most 255)", proposal.transforms.size())));
  }
  const std::size_t start = out.size();
  out.u8(last ? kLastSubstructure : kMoreProposals).u8(0);
  const auto length = out.reserve_u16();
  out.u8(proposal.number)
      .u8(static_cast<std::uint8_t>(proposal.protocol))
      .u8(static_cast<std::uint8_t>(proposal.spi.size()))
      .u8(static_cast<std::uint8_t>(proposal.transforms.size()));
  out.bytes(proposal.spi);
  for (std::size_t i = 0; i < proposal.transforms.size(); ++i) {
    auto transform =
        encode_transform(out, proposal.transforms[i], i + 1 == proposal.transforms.size());
    if (!transform) return transform;
  }
  return out.patch_length_since(length, start);
}

}  // namespace

Result<void> encode_sa(buf::ByteWriter& out, const SaPayload& sa) {
  if (sa.proposals.empty()) return fail(Error::invalid("SA payload without a proposal"));
  for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
    auto proposal = encode_proposal(out, sa.proposals[i], i + 1 == sa.proposals.size());
    if (!proposal) return proposal;
  }
  return ok();
}

}  // namespace rc::ikev2::detail
