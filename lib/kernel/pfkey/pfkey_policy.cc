#include "kernel/pfkey/pfkey_policy.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <utility>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "kernel/pfkey/pfkey_selector.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kKind = "policy";
// Linux numbers its policies so that the low 3 bits of the index are the
// XFRM direction (xfrm_policy_id2dir): 0 in, 1 out, 2 forward.
constexpr std::uint32_t kLinuxDirectionBits = 7;
constexpr std::uint32_t kLinuxDirections = 3;

// Selector, X_POLICY and both limits: what every whole-policy message has.
Result<MessageBuilder> build_policy(const Header& header, const PolicyParams& params) {
  auto policy = mapping::policy_extension_of(params);
  if (!policy) return fail(std::move(policy).error());
  MessageBuilder builder(header);
  if (auto selector = add_selector(builder, params.selector); !selector) {
    return fail(std::move(selector).error());
  }
  add_policy(builder, *policy);
  if (auto limits = mapping::add_limits(builder, params.lifetimes); !limits) {
    return fail(std::move(limits).error());
  }
  return builder;
}

}  // namespace

Result<WipedBuffer> encode_policy(std::uint8_t type, const PolicyParams& policy,
                                  std::uint32_t seq) {
  auto builder = build_policy(Header{type, 0, SADB_SATYPE_UNSPEC, seq, 0}, policy);
  if (!builder) return fail(std::move(builder).error());
  return std::move(*builder).finish();
}

WipedBuffer encode_policy_by_spid(std::uint8_t type, Spid spid, std::uint32_t seq) {
  // Linux finds the policy by its index alone but wants a direction in
  // every X_POLICY: the one its index encodes, or "any" for an index that
  // is not Linux's.
  const std::uint32_t linux_direction = spid & kLinuxDirectionBits;
  const auto direction = static_cast<std::uint8_t>(
      linux_direction < kLinuxDirections ? linux_direction + 1 : std::uint32_t{IPSEC_DIR_ANY});
  MessageBuilder builder(Header{type, 0, SADB_SATYPE_UNSPEC, seq, 0});
  add_policy(builder, PolicyExtension{IPSEC_POLICY_IPSEC, direction, spid, 0, {}});
  return std::move(builder).finish();
}

Result<PolicyInfo> decode_policy(const Message& message) {
  auto selector = read_selector(message);
  if (!selector) return fail(std::move(selector).error());
  auto extension = mapping::require(message, SADB_X_EXT_POLICY, kKind);
  if (!extension) return fail(std::move(extension).error());
  auto policy = read_policy(**extension);
  if (!policy) return fail(std::move(policy).error());
  PolicyInfo info;
  info.params.selector = *selector;
  if (auto read = mapping::read_policy_extension(*policy, info.params); !read) {
    return fail(std::move(read).error());
  }
  auto limits = mapping::read_limits(message);
  if (!limits) return fail(std::move(limits).error());
  info.params.lifetimes = *limits;
  auto current = mapping::read_current(message);
  if (!current) return fail(std::move(current).error());
  info.current = *current;
  return info;
}

Result<WipedBuffer> encode_policy_reply(const Header& header, const PolicyInfo& policy) {
  auto builder = build_policy(header, policy.params);
  if (!builder) return fail(std::move(builder).error());
  add_lifetime(*builder, SADB_EXT_LIFETIME_CURRENT, mapping::lifetime_of(policy.current));
  return std::move(*builder).finish();
}

Result<Spid> decode_policy_spid(const Message& message) {
  auto extension = mapping::require(message, SADB_X_EXT_POLICY, kKind);
  if (!extension) return fail(std::move(extension).error());
  auto policy = read_policy(**extension);
  if (!policy) return fail(std::move(policy).error());
  return Spid{policy->id};
}

}  // namespace rc::kernel::pfkey
