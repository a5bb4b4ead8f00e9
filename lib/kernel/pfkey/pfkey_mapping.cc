#include "kernel/pfkey/pfkey_mapping.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "rct/pfkey.h"

namespace rc::kernel::pfkey::mapping {
namespace {

// rct's "not supported by PF_KEY" errors carry no errno; an encoder asked
// for what PF_KEY cannot say answers EINVAL.
template <class T>
Result<T> as_invalid(Result<T> result) {
  if (result) return result;
  return fail(invalid(result.error().message));
}

}  // namespace

Error malformed(std::string_view message_kind, std::string_view detail) {
  return Error{EBADMSG, fmt::format("malformed PF_KEY {} message: {}", message_kind, detail)};
}

Error invalid(std::string_view detail) {
  return Error{EINVAL, std::string(detail)};
}

Error unsupported(std::string_view what) {
  return Error{ENOTSUP, fmt::format("PF_KEY cannot express {}", what)};
}

Result<const Extension*> require(const Message& message, std::uint16_t type,
                                 std::string_view message_kind) {
  const Extension* extension = message.find(type);
  if (extension == nullptr) {
    return fail(malformed(message_kind, fmt::format("extension {} missing", type)));
  }
  return extension;
}

Result<AddressPair> read_address_pair(const Message& message, std::string_view message_kind) {
  auto src_extension = require(message, SADB_EXT_ADDRESS_SRC, message_kind);
  if (!src_extension) return fail(std::move(src_extension).error());
  auto dst_extension = require(message, SADB_EXT_ADDRESS_DST, message_kind);
  if (!dst_extension) return fail(std::move(dst_extension).error());
  auto src = read_address(**src_extension);
  if (!src) return fail(std::move(src).error());
  auto dst = read_address(**dst_extension);
  if (!dst) return fail(std::move(dst).error());
  if (src->address.family() != dst->address.family()) {
    return fail(malformed(message_kind, "source and destination of two families"));
  }
  return AddressPair{*src, *dst};
}

Result<std::uint8_t> satype_of(rct::SaType type) {
  return as_invalid(rct::pfkey::to_sa_type(type));
}

Result<rct::SaType> sa_type_of(const Header& header, std::string_view message_kind) {
  const auto type = rct::pfkey::from_sa_type(header.satype);
  if (!type) return fail(malformed(message_kind, fmt::format("SA type {}", header.satype)));
  return *type;
}

Result<std::uint16_t> ip_protocol_of(rct::SaType type) {
  switch (type) {
    case rct::SaType::Esp:
      return std::uint16_t{IPPROTO_ESP};
    case rct::SaType::Ah:
      return std::uint16_t{IPPROTO_AH};
    case rct::SaType::Ipcomp:
      return std::uint16_t{IPPROTO_COMP};
    default:
      return fail(
          invalid(fmt::format("SA type {} is a bundle, not one protocol", static_cast<int>(type))));
  }
}

std::optional<rct::SaType> sa_type_from_ip_protocol(std::uint16_t protocol) {
  switch (protocol) {
    case IPPROTO_ESP:
      return rct::SaType::Esp;
    case IPPROTO_AH:
      return rct::SaType::Ah;
    case IPPROTO_COMP:
      return rct::SaType::Ipcomp;
    default:
      return std::nullopt;
  }
}

Result<LifetimeExtension> lifetime_of(const LifetimeLimit& limit) {
  if (limit.packets != 0) return fail(unsupported("packet lifetimes"));
  return LifetimeExtension{0, limit.bytes, limit.add_seconds, limit.use_seconds};
}

LifetimeLimit limit_of(const LifetimeExtension& lifetime) {
  return LifetimeLimit{lifetime.bytes, 0, lifetime.add_time, lifetime.use_time};
}

LifetimeExtension lifetime_of(const LifetimeCurrent& current) {
  // The counter is 32 bits on the wire; a count beyond it saturates.
  const auto packets = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(current.packets, std::numeric_limits<std::uint32_t>::max()));
  return LifetimeExtension{packets, current.bytes, current.add_time, current.use_time};
}

LifetimeCurrent current_of(const LifetimeExtension& lifetime) {
  return LifetimeCurrent{lifetime.bytes, lifetime.allocations, lifetime.add_time,
                         lifetime.use_time};
}

Result<LifetimeCurrent> read_current(const Message& message) {
  const Extension* extension = message.find(SADB_EXT_LIFETIME_CURRENT);
  if (extension == nullptr) return LifetimeCurrent{};
  auto lifetime = read_lifetime(*extension);
  if (!lifetime) return fail(std::move(lifetime).error());
  return current_of(*lifetime);
}

Result<Lifetimes> read_limits(const Message& message) {
  Lifetimes lifetimes;
  for (const auto& [type, limit] : {std::pair{SADB_EXT_LIFETIME_HARD, &lifetimes.hard},
                                    std::pair{SADB_EXT_LIFETIME_SOFT, &lifetimes.soft}}) {
    if (const Extension* extension = message.find(static_cast<std::uint16_t>(type))) {
      auto lifetime = read_lifetime(*extension);
      if (!lifetime) return fail(std::move(lifetime).error());
      *limit = limit_of(*lifetime);
    }
  }
  return lifetimes;
}

Result<void> add_limits(MessageBuilder& builder, const Lifetimes& lifetimes) {
  auto hard = lifetime_of(lifetimes.hard);
  if (!hard) return fail(std::move(hard).error());
  auto soft = lifetime_of(lifetimes.soft);
  if (!soft) return fail(std::move(soft).error());
  add_lifetime(builder, SADB_EXT_LIFETIME_HARD, *hard);
  add_lifetime(builder, SADB_EXT_LIFETIME_SOFT, *soft);
  return ok();
}

namespace {

Result<std::uint16_t> policy_type_of(PolicyAction action) {
  switch (action) {
    case PolicyAction::Ipsec:
      return std::uint16_t{IPSEC_POLICY_IPSEC};
    case PolicyAction::Bypass:
      // Linux af_key and KAME's SPD both say "none" for plain traffic;
      // IPSEC_POLICY_BYPASS is for per-socket policies only.
      return std::uint16_t{IPSEC_POLICY_NONE};
    case PolicyAction::Discard:
      return std::uint16_t{IPSEC_POLICY_DISCARD};
  }
  return fail(invalid(fmt::format("policy action {}", static_cast<int>(action))));
}

Result<IpsecRequest> request_of(const PolicyTemplate& tmpl) {
  auto protocol = ip_protocol_of(tmpl.protocol);
  if (!protocol) return fail(std::move(protocol).error());
  auto mode = as_invalid(rct::pfkey::to_mode(tmpl.mode));
  if (!mode) return fail(std::move(mode).error());
  auto level = as_invalid(rct::pfkey::to_level(tmpl.level));
  if (!level) return fail(std::move(level).error());
  IpsecRequest request{*protocol, *mode, *level, tmpl.reqid, std::nullopt};
  if (tmpl.tunnel_src.has_value() != tmpl.tunnel_dst.has_value()) {
    return fail(invalid("a template with one tunnel endpoint: PF_KEY carries both or none"));
  }
  if (tmpl.tunnel_src) {
    if (tmpl.tunnel_src->family() != tmpl.tunnel_dst->family()) {
      return fail(invalid("tunnel endpoints of two families"));
    }
    request.tunnel.emplace(*tmpl.tunnel_src, *tmpl.tunnel_dst);
  } else if (tmpl.mode == rct::IpsecMode::Tunnel) {
    return fail(invalid("a tunnel-mode template without its endpoints"));
  }
  return request;
}

}  // namespace

Result<PolicyExtension> policy_extension_of(const PolicyParams& params) {
  auto type = policy_type_of(params.action);
  if (!type) return fail(std::move(type).error());
  auto direction = as_invalid(rct::pfkey::to_direction(params.direction));
  if (!direction) return fail(std::move(direction).error());
  PolicyExtension policy{*type, *direction, params.spid, params.priority, {}};
  if (params.action != PolicyAction::Ipsec && !params.templates.empty()) {
    return fail(invalid("templates on a policy that does not apply IPsec"));
  }
  for (const PolicyTemplate& tmpl : params.templates) {
    auto request = request_of(tmpl);
    if (!request) return fail(std::move(request).error());
    policy.requests.push_back(std::move(*request));
  }
  return policy;
}

Result<void> read_policy_extension(const PolicyExtension& policy, PolicyParams& params) {
  constexpr std::string_view kKind = "policy";
  switch (policy.type) {
    case IPSEC_POLICY_IPSEC:
      params.action = PolicyAction::Ipsec;
      break;
    case IPSEC_POLICY_NONE:
    case IPSEC_POLICY_BYPASS:
      params.action = PolicyAction::Bypass;
      break;
    case IPSEC_POLICY_DISCARD:
      params.action = PolicyAction::Discard;
      break;
    default:
      return fail(malformed(kKind, fmt::format("policy type {}", policy.type)));
  }
  const auto direction = rct::pfkey::from_direction(policy.direction);
  if (!direction) return fail(malformed(kKind, fmt::format("direction {}", policy.direction)));
  params.direction = *direction;
  params.spid = policy.id;
  params.priority = policy.priority;
  params.templates.clear();
  // The kernels ignore the requests of a policy that applies no IPsec.
  if (params.action != PolicyAction::Ipsec) return ok();
  for (const IpsecRequest& request : policy.requests) {
    PolicyTemplate tmpl;
    const auto protocol = sa_type_from_ip_protocol(request.protocol);
    if (!protocol) return fail(malformed(kKind, fmt::format("protocol {}", request.protocol)));
    const auto mode = rct::pfkey::from_mode(request.mode);
    if (!mode) return fail(malformed(kKind, fmt::format("mode {}", request.mode)));
    const auto level = rct::pfkey::from_level(request.level);
    if (!level) return fail(malformed(kKind, fmt::format("level {}", request.level)));
    tmpl.protocol = *protocol;
    tmpl.mode = *mode;
    tmpl.level = *level;
    tmpl.reqid = request.reqid;
    if (request.tunnel) {
      tmpl.tunnel_src = request.tunnel->first;
      tmpl.tunnel_dst = request.tunnel->second;
    } else if (tmpl.mode == rct::IpsecMode::Tunnel) {
      return fail(malformed(kKind, "a tunnel-mode request without its endpoints"));
    }
    params.templates.push_back(tmpl);
  }
  return ok();
}

}  // namespace rc::kernel::pfkey::mapping
