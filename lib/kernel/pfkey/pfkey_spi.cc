#include "kernel/pfkey/pfkey_spi.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kKind = "GETSPI";
// An IPComp CPI is 16 bits (RFC 3173 §2.2): the range a GETSPI without
// SPIRANGE gets for it.
constexpr std::uint32_t kMaxCpi = 0xffff;

// The request's addresses and, for its reply, the larval SA.
Result<MessageBuilder> start(const Header& header, const SpiRequest& request) {
  if (request.src.family() != request.dst.family()) {
    return fail(mapping::invalid("GETSPI between addresses of two families"));
  }
  auto mode = rct::pfkey::to_mode(request.mode);
  if (!mode) return fail(mapping::invalid(mode.error().message));
  MessageBuilder builder(header);
  add_sa2(builder, Sa2Extension{*mode, 0, request.reqid});
  add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(request.src));
  add_address(builder, SADB_EXT_ADDRESS_DST, host_address(request.dst));
  return builder;
}

}  // namespace

Result<WipedBuffer> encode_getspi(const SpiRequest& request) {
  auto satype = mapping::satype_of(request.type);
  if (!satype) return fail(std::move(satype).error());
  if (request.min > request.max) {
    return fail(
        mapping::invalid(fmt::format("SPI range {:#x}-{:#x} is empty", request.min, request.max)));
  }
  auto builder = start(Header{SADB_GETSPI, 0, *satype, request.seq, 0}, request);
  if (!builder) return fail(std::move(builder).error());
  add_spi_range(*builder, SpiRange{request.min, request.max});
  return std::move(*builder).finish();
}

Result<SpiRequest> decode_getspi(const Message& message) {
  auto type = mapping::sa_type_of(message.header, kKind);
  if (!type) return fail(std::move(type).error());
  auto pair = mapping::read_address_pair(message, kKind);
  if (!pair) return fail(std::move(pair).error());
  const AddressExtension& src = pair->src;
  const AddressExtension& dst = pair->dst;
  SpiRequest request;
  request.type = *type;
  request.src = src.address;
  request.dst = dst.address;
  request.seq = message.header.seq;
  if (*type == rct::SaType::Ipcomp) request.max = kMaxCpi;
  // X_SA2 is Linux's (mode, reqid); without it the SA is transport, reqid 0.
  if (const Extension* extension = message.find(SADB_X_EXT_SA2)) {
    auto sa2 = read_sa2(*extension);
    if (!sa2) return fail(std::move(sa2).error());
    const auto mode = rct::pfkey::from_mode(sa2->mode);
    if (!mode) return fail(mapping::malformed(kKind, fmt::format("mode {}", sa2->mode)));
    request.mode = *mode;
    request.reqid = sa2->reqid;
  }
  if (const Extension* extension = message.find(SADB_EXT_SPIRANGE)) {
    auto range = read_spi_range(*extension);
    if (!range) return fail(std::move(range).error());
    request.min = range->min;
    request.max = range->max;
  }
  return request;
}

Result<WipedBuffer> encode_getspi_reply(const Header& header, const SpiRequest& request,
                                        std::uint32_t spi) {
  auto satype = mapping::satype_of(request.type);
  if (!satype) return fail(std::move(satype).error());
  Header reply = header;
  reply.satype = *satype;
  auto builder = start(reply, request);
  if (!builder) return fail(std::move(builder).error());
  add_sa(*builder, SaExtension{spi, 0, SADB_SASTATE_LARVAL, 0, 0, 0});
  return std::move(*builder).finish();
}

Result<std::uint32_t> decode_getspi_reply(const Message& message) {
  auto extension = mapping::require(message, SADB_EXT_SA, "GETSPI reply");
  if (!extension) return fail(std::move(extension).error());
  auto sa = read_sa(**extension);
  if (!sa) return fail(std::move(sa).error());
  return sa->spi;
}

}  // namespace rc::kernel::pfkey
