#include "kernel/pfkey/pfkey_selector.h"

#include <linux/pfkeyv2.h>

#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kKind = "selector";

AddressExtension end_of(const addr::Prefix& prefix, std::uint16_t port, std::uint8_t protocol) {
  return AddressExtension{prefix.address(), port, static_cast<std::uint8_t>(prefix.length()),
                          protocol};
}

// Linux writes 0 for "any" where it copies an XFRM selector as is (ACQUIRE,
// MIGRATE); IPv6 hop-by-hop (0) is never an upper-layer protocol.
std::uint8_t protocol_of(std::uint8_t wire) {
  return wire == 0 ? kAnyProtocol : wire;
}

}  // namespace

Result<void> add_selector(MessageBuilder& builder, const Selector& selector) {
  if (selector.src.family() != selector.dst.family()) {
    return fail(mapping::invalid(
        fmt::format("selector {} -> {}: PF_KEY has one family", selector.src, selector.dst)));
  }
  // sadb_address_proto repeats the protocol in both (Linux reads both).
  add_address(builder, SADB_EXT_ADDRESS_SRC,
              end_of(selector.src, selector.src_port, selector.protocol));
  add_address(builder, SADB_EXT_ADDRESS_DST,
              end_of(selector.dst, selector.dst_port, selector.protocol));
  return ok();
}

Result<Selector> read_selector(const Message& message) {
  auto pair = mapping::read_address_pair(message, kKind);
  if (!pair) return fail(std::move(pair).error());
  const AddressExtension& src = pair->src;
  const AddressExtension& dst = pair->dst;
  const std::uint8_t protocol = protocol_of(src.protocol);
  if (protocol != protocol_of(dst.protocol)) {
    return fail(
        mapping::malformed(kKind, fmt::format("protocols {} and {}", src.protocol, dst.protocol)));
  }
  // read_address checked the lengths against the family, so make() only
  // clears host bits.
  auto src_prefix = addr::Prefix::make(src.address, src.prefix_length);
  if (!src_prefix) return fail(mapping::malformed(kKind, src_prefix.error().message));
  auto dst_prefix = addr::Prefix::make(dst.address, dst.prefix_length);
  if (!dst_prefix) return fail(mapping::malformed(kKind, dst_prefix.error().message));
  Selector selector;
  selector.src = *src_prefix;
  selector.dst = *dst_prefix;
  selector.protocol = protocol;
  selector.src_port = src.port;
  selector.dst_port = dst.port;
  return selector;
}

}  // namespace rc::kernel::pfkey
