// SADB_X_SPDEXPIRE and SADB_X_MIGRATE: the policy messages that are
// events (pfkey_policy.h).
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_extensions.h"
#include "kernel/pfkey/pfkey_mapping.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_selector.h"
#include "rct/pfkey.h"

namespace rc::kernel::pfkey {
namespace {

constexpr std::string_view kExpire = "X_SPDEXPIRE";
constexpr std::string_view kMigrate = "X_MIGRATE";

// Linux marks a migrating SA's request unique when it has a reqid, as its
// own policy dumps do.
std::uint8_t level_of(std::uint32_t reqid) {
  return reqid != 0 ? IPSEC_LEVEL_UNIQUE : IPSEC_LEVEL_REQUIRE;
}

Result<MigrateEntry> entry_of(const IpsecRequest& old_request, const IpsecRequest& new_request) {
  if (old_request.protocol != new_request.protocol || old_request.mode != new_request.mode ||
      old_request.reqid != new_request.reqid) {
    return fail(mapping::malformed(kMigrate, "old and new request of one SA disagree"));
  }
  if (!old_request.tunnel || !new_request.tunnel) {
    return fail(mapping::malformed(kMigrate, "a request without its endpoints"));
  }
  const auto protocol = mapping::sa_type_from_ip_protocol(old_request.protocol);
  if (!protocol) {
    return fail(mapping::malformed(kMigrate, fmt::format("protocol {}", old_request.protocol)));
  }
  const auto mode = rct::pfkey::from_mode(old_request.mode);
  if (!mode) return fail(mapping::malformed(kMigrate, fmt::format("mode {}", old_request.mode)));
  return MigrateEntry{*protocol,
                      *mode,
                      old_request.reqid,
                      old_request.tunnel->first,
                      old_request.tunnel->second,
                      new_request.tunnel->first,
                      new_request.tunnel->second};
}

}  // namespace

Result<PolicyExpireEvent> decode_policy_expire(const Message& message) {
  auto policy = decode_policy(message);
  if (!policy) return fail(std::move(policy).error());
  // The limit reached comes along: HARD when the policy is gone, SOFT when
  // it is only a warning (KAME sends HARD only). Both: the hard one counts.
  const bool hard = message.find(SADB_EXT_LIFETIME_HARD) != nullptr;
  if (!hard && message.find(SADB_EXT_LIFETIME_SOFT) == nullptr) {
    return fail(mapping::malformed(kExpire, "neither LIFETIME_HARD nor LIFETIME_SOFT"));
  }
  return PolicyExpireEvent{policy->params.spid, policy->params.selector, policy->params.direction,
                           hard};
}

Result<WipedBuffer> encode_policy_expire(const PolicyExpireEvent& event, const PolicyInfo& policy) {
  PolicyParams params = policy.params;
  params.spid = event.spid;
  params.selector = event.selector;
  params.direction = event.direction;
  auto extension = mapping::policy_extension_of(params);
  if (!extension) return fail(std::move(extension).error());
  auto limit = mapping::lifetime_of(event.hard ? params.lifetimes.hard : params.lifetimes.soft);
  if (!limit) return fail(std::move(limit).error());
  MessageBuilder builder(Header{SADB_X_SPDEXPIRE, 0, SADB_SATYPE_UNSPEC, 0, 0});
  if (auto selector = add_selector(builder, params.selector); !selector) {
    return fail(std::move(selector).error());
  }
  add_policy(builder, *extension);
  add_lifetime(builder, SADB_EXT_LIFETIME_CURRENT, mapping::lifetime_of(policy.current));
  add_lifetime(builder, event.hard ? SADB_EXT_LIFETIME_HARD : SADB_EXT_LIFETIME_SOFT, *limit);
  return std::move(builder).finish();
}

Result<WipedBuffer> encode_migrate(const MigrateParams& migration, std::uint32_t seq) {
  if (migration.entries.empty()) return fail(mapping::invalid("a MIGRATE without SAs"));
  auto direction = rct::pfkey::to_direction(migration.direction);
  if (!direction) return fail(mapping::invalid(direction.error().message));
  PolicyExtension policy{IPSEC_POLICY_IPSEC, *direction, 0, 0, {}};
  for (const MigrateEntry& entry : migration.entries) {
    auto protocol = mapping::ip_protocol_of(entry.protocol);
    if (!protocol) return fail(std::move(protocol).error());
    auto mode = rct::pfkey::to_mode(entry.mode);
    if (!mode) return fail(mapping::invalid(mode.error().message));
    if (entry.old_src.family() != entry.old_dst.family() ||
        entry.new_src.family() != entry.new_dst.family()) {
      return fail(mapping::invalid("SA endpoints of two families"));
    }
    const IpsecRequest old_request{*protocol, *mode, level_of(entry.reqid), entry.reqid,
                                   std::pair{entry.old_src, entry.old_dst}};
    IpsecRequest new_request = old_request;
    new_request.tunnel.emplace(entry.new_src, entry.new_dst);
    policy.requests.push_back(old_request);
    policy.requests.push_back(std::move(new_request));
  }
  auto satype = mapping::satype_of(migration.entries.front().protocol);
  if (!satype) return fail(std::move(satype).error());
  MessageBuilder builder(Header{SADB_X_MIGRATE, 0, *satype, seq, 0});
  if (auto selector = add_selector(builder, migration.selector); !selector) {
    return fail(std::move(selector).error());
  }
  add_policy(builder, policy);
  return std::move(builder).finish();
}

Result<MigrateEvent> decode_migrate(const Message& message) {
  // SADB_X_EXT_KMADDRESS (the addresses IKE should use) may come too;
  // MigrateParams has no place for it.
  auto selector = read_selector(message);
  if (!selector) return fail(std::move(selector).error());
  auto extension = mapping::require(message, SADB_X_EXT_POLICY, kMigrate);
  if (!extension) return fail(std::move(extension).error());
  auto policy = read_policy(**extension);
  if (!policy) return fail(std::move(policy).error());
  const auto direction = rct::pfkey::from_direction(policy->direction);
  if (!direction) {
    return fail(mapping::malformed(kMigrate, fmt::format("direction {}", policy->direction)));
  }
  if (policy->requests.empty() || policy->requests.size() % 2 != 0) {
    return fail(mapping::malformed(
        kMigrate, fmt::format("{} requests, not old/new pairs", policy->requests.size())));
  }
  MigrateEvent event;
  event.params.selector = *selector;
  event.params.direction = *direction;
  for (std::size_t i = 0; i < policy->requests.size(); i += 2) {
    auto entry = entry_of(policy->requests[i], policy->requests[i + 1]);
    if (!entry) return fail(std::move(entry).error());
    event.params.entries.push_back(*entry);
  }
  return event;
}

}  // namespace rc::kernel::pfkey
