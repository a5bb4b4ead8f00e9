// XFRM_MSG_NEWPOLICY -> PolicyInfo, and XFRM_MSG_POLEXPIRE.
#include <cerrno>

#include <fmt/format.h>

#include "kernel/xfrm/xfrm_decode.h"
#include "kernel/xfrm/xfrm_wire.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm::decode {
namespace {

using wire::malformed;

Result<rct::Direction> direction(std::uint8_t dir) {
  if (auto neutral = rct::xfrm::from_direction(dir)) return *neutral;
  return fail(malformed(fmt::format("policy direction {}", dir)));
}

Result<std::vector<PolicyTemplate>> templates(const std::vector<netlink::Attribute>& attributes,
                                              addr::Family family) {
  std::vector<PolicyTemplate> out;
  const netlink::Attribute* attribute = netlink::find(attributes, XFRMA_TMPL);
  if (attribute == nullptr) return out;
  constexpr std::size_t kSize = sizeof(xfrm_user_tmpl);
  if (attribute->data.size() % kSize != 0 || attribute->data.size() / kSize > wire::kMaxDepth) {
    return fail(malformed(fmt::format("XFRMA_TMPL of {} bytes is not 1 to {} templates of {}",
                                      attribute->data.size(), wire::kMaxDepth, kSize)));
  }
  for (std::size_t at = 0; at < attribute->data.size(); at += kSize) {
    const auto kernel_tmpl = netlink::read_struct<xfrm_user_tmpl>(attribute->data.subspan(at));
    if (!kernel_tmpl) return fail(malformed("short template"));
    auto tmpl = wire::from_template(*kernel_tmpl, family);
    if (!tmpl) return fail(std::move(tmpl).error());
    out.push_back(*tmpl);
  }
  return out;
}

// ALLOW with templates is IPsec, ALLOW without is bypass, BLOCK discards.
Result<PolicyAction> action(std::uint8_t xfrm_action, bool has_templates) {
  if (xfrm_action == XFRM_POLICY_BLOCK) return PolicyAction::Discard;
  if (xfrm_action != XFRM_POLICY_ALLOW) {
    return fail(malformed(fmt::format("policy action {}", xfrm_action)));
  }
  const auto neutral = rct::xfrm::from_action(xfrm_action, has_templates);
  if (neutral == rct::Action::None) return PolicyAction::Bypass;
  return PolicyAction::Ipsec;
}

Result<PolicyInfo> policy_info(const xfrm_userpolicy_info& info,
                               const std::vector<netlink::Attribute>& attributes) {
  PolicyInfo out;
  PolicyParams& params = out.params;
  auto selector = wire::from_selector(info.sel);
  if (!selector) return fail(std::move(selector).error());
  params.selector = *selector;
  auto dir = direction(info.dir);
  if (!dir) return fail(std::move(dir).error());
  params.direction = *dir;
  auto tmpls = templates(attributes, params.selector.src.family());
  if (!tmpls) return fail(std::move(tmpls).error());
  auto act = action(info.action, !tmpls->empty());
  if (!act) return fail(std::move(act).error());
  params.action = *act;
  if (params.action == PolicyAction::Ipsec) params.templates = std::move(*tmpls);
  params.priority = info.priority;
  params.lifetimes = wire::from_lifetime(info.lft);
  params.spid = info.index;
  out.current = wire::from_current(info.curlft);
  return out;
}

}  // namespace

Result<PolicyInfo> policy(const netlink::Message& message) {
  if (message.type != XFRM_MSG_NEWPOLICY) {
    return fail(
        malformed(fmt::format("message type {} where NEWPOLICY was expected", message.type)));
  }
  const auto info = netlink::read_struct<xfrm_userpolicy_info>(message.payload);
  if (!info) return fail(malformed("NEWPOLICY shorter than struct xfrm_userpolicy_info"));
  auto attributes = netlink::parse_attributes_after(message.payload, sizeof(xfrm_userpolicy_info));
  if (!attributes) return fail(std::move(attributes).error());
  return policy_info(*info, *attributes);
}

Result<PolicyExpireEvent> policy_expire(const netlink::Message& message) {
  const auto expire = netlink::read_struct<xfrm_user_polexpire>(message.payload);
  if (!expire) return fail(malformed("POLEXPIRE shorter than struct xfrm_user_polexpire"));
  auto attributes = netlink::parse_attributes_after(message.payload, sizeof(xfrm_user_polexpire));
  if (!attributes) return fail(std::move(attributes).error());
  auto info = policy_info(expire->pol, *attributes);
  if (!info) return fail(std::move(info).error());
  return PolicyExpireEvent{info->params.spid, info->params.selector, info->params.direction,
                           expire->hard != 0};
}

}  // namespace rc::kernel::xfrm::decode
