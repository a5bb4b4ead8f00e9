#include "kernel/pfkey/pfkey_sa_id.h"

#include <linux/pfkeyv2.h>

#include <utility>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kKind = "SA id";

}  // namespace

Result<WipedBuffer> encode_sa_id(std::uint8_t type, const SaId& id, std::uint32_t seq) {
  auto satype = mapping::satype_of(id.type);
  if (!satype) return fail(std::move(satype).error());
  // Linux looks the SA up by (protocol, destination, SPI) but refuses the
  // message unless both addresses are there and of one family.
  if (id.src.family() != id.dst.family()) {
    return fail(mapping::invalid("an SA between addresses of two families"));
  }
  MessageBuilder builder(Header{type, 0, *satype, seq, 0});
  // Only the SPI counts; RFC 2367 §3.1.4 leaves the rest of sadb_sa unread.
  add_sa(builder, SaExtension{id.spi, 0, 0, 0, 0, 0});
  add_address(builder, SADB_EXT_ADDRESS_SRC, host_address(id.src));
  add_address(builder, SADB_EXT_ADDRESS_DST, host_address(id.dst));
  return std::move(builder).finish();
}

Result<SaId> decode_sa_id(const Message& message) {
  auto type = mapping::sa_type_of(message.header, kKind);
  if (!type) return fail(std::move(type).error());
  auto sa_extension = mapping::require(message, SADB_EXT_SA, kKind);
  if (!sa_extension) return fail(std::move(sa_extension).error());
  auto sa = read_sa(**sa_extension);
  if (!sa) return fail(std::move(sa).error());
  auto pair = mapping::read_address_pair(message, kKind);
  if (!pair) return fail(std::move(pair).error());
  const AddressExtension& src = pair->src;
  const AddressExtension& dst = pair->dst;
  return SaId{*type, src.address, dst.address, sa->spi};
}

WipedBuffer encode_header_only(const Header& header) {
  return MessageBuilder(header).finish();
}

}  // namespace rc::kernel::pfkey
