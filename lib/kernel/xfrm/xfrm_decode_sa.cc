// XFRM_MSG_NEWSA -> SaInfo.
#include <arpa/inet.h>
#include <linux/udp.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "addr/prefix.h"
#include "kernel/xfrm/xfrm_algorithms.h"
#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_wire.h"

namespace rc::kernel::xfrm::decode {
namespace {

using wire::malformed;

Error unnamed(std::string what) {
  return Error{ENOTSUP, "the kernel holds an SA with " + std::move(what) +
                            ", which racoon2 cannot represent"};
}

// "Any traffic" of the SA's own family (what the kernel fills in for an
// all-zero selector) is what an unset SaParams::selector asks for.
Result<std::optional<Selector>> sa_selector(const xfrm_usersa_info& info, addr::Family family) {
  if (info.sel.family == AF_UNSPEC) return std::optional<Selector>{};
  auto selector = wire::from_selector(info.sel);
  if (!selector) return fail(std::move(selector).error());
  Selector any;
  any.src = *addr::Prefix::make(addr::IpAddress::unspecified(family), 0);
  any.dst = any.src;
  if (*selector == any) return std::optional<Selector>{};
  return std::optional<Selector>{*selector};
}

Result<std::uint8_t> replay_window(const xfrm_usersa_info& info,
                                   const std::vector<netlink::Attribute>& attributes) {
  const netlink::Attribute* esn = netlink::find(attributes, XFRMA_REPLAY_ESN_VAL);
  if (esn == nullptr) return info.replay_window;
  const auto state = netlink::read_struct<wire::ReplayEsnHead>(esn->data);
  if (!state) return fail(malformed("XFRMA_REPLAY_ESN_VAL shorter than its struct"));
  const std::size_t bitmap = esn->data.size() - sizeof(wire::ReplayEsnHead);
  if (state->bmp_len > bitmap / sizeof(std::uint32_t)) {
    return fail(
        malformed(fmt::format("replay bitmap of {} words in {} bytes", state->bmp_len, bitmap)));
  }
  if (state->replay_window > std::numeric_limits<std::uint8_t>::max()) {
    return fail(unnamed(fmt::format("a replay window of {} packets", state->replay_window)));
  }
  return static_cast<std::uint8_t>(state->replay_window);
}

Result<std::optional<NatEncapsulation>> nat(const std::vector<netlink::Attribute>& attributes,
                                            addr::Family family) {
  const netlink::Attribute* attribute = netlink::find(attributes, XFRMA_ENCAP);
  if (attribute == nullptr) return std::optional<NatEncapsulation>{};
  const auto encap = netlink::read_struct<xfrm_encap_tmpl>(attribute->data);
  if (!encap) return fail(malformed("XFRMA_ENCAP shorter than struct xfrm_encap_tmpl"));
  if (encap->encap_type != UDP_ENCAP_ESPINUDP) {
    return fail(unnamed(fmt::format("encapsulation type {}", encap->encap_type)));
  }
  NatEncapsulation out;
  out.src_port = ntohs(encap->encap_sport);
  out.dst_port = ntohs(encap->encap_dport);
  if (!wire::is_zero(encap->encap_oa, wire::kernel_family(family))) {
    out.original_address = wire::from_address(encap->encap_oa, family);
  }
  return std::optional<NatEncapsulation>{out};
}

}  // namespace

Result<SaId> sa_id(const xfrm_usersa_info& info) {
  auto family = wire::family_of(info.family);
  if (!family) return fail(std::move(family).error());
  auto type = wire::from_protocol(info.id.proto);
  if (!type) return fail(std::move(type).error());
  return SaId{*type, wire::from_address(info.saddr, *family),
              wire::from_address(info.id.daddr, *family), ntohl(info.id.spi)};
}

Result<SaInfo> sa(const netlink::Message& message) {
  if (message.type != XFRM_MSG_NEWSA) {
    return fail(malformed(fmt::format("message type {} where NEWSA was expected", message.type)));
  }
  const auto info = netlink::read_struct<xfrm_usersa_info>(message.payload);
  if (!info) return fail(malformed("NEWSA shorter than struct xfrm_usersa_info"));
  auto attributes = netlink::parse_attributes_after(message.payload, sizeof(xfrm_usersa_info));
  if (!attributes) return fail(std::move(attributes).error());

  SaInfo out;
  SaParams& params = out.params;
  auto id = sa_id(*info);
  if (!id) return fail(std::move(id).error());
  params.id = *id;
  auto mode = wire::from_mode(info->mode);
  if (!mode) return fail(unnamed(fmt::format("IPsec mode {}", info->mode)));
  params.mode = *mode;
  params.reqid = info->reqid;
  params.seq = info->seq;
  params.extended_sequence_numbers = (info->flags & XFRM_STATE_ESN) != 0;
  auto window = replay_window(*info, *attributes);
  if (!window) return fail(std::move(window).error());
  params.replay_window = *window;
  params.lifetimes = wire::from_lifetime(info->lft);
  auto selector = sa_selector(*info, params.id.dst.family());
  if (!selector) return fail(std::move(selector).error());
  params.selector = *selector;
  auto encapsulation = nat(*attributes, params.id.dst.family());
  if (!encapsulation) return fail(std::move(encapsulation).error());
  params.nat = *encapsulation;
  auto any_algorithm = algorithms::read(*attributes, params);
  if (!any_algorithm) return fail(std::move(any_algorithm).error());
  out.state = *any_algorithm ? SaState::Mature : SaState::Larval;
  out.current = wire::from_current(info->curlft);
  return out;
}

}  // namespace rc::kernel::xfrm::decode
