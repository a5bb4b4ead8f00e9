#include "spmd/core/plan_selector.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "rct/names.h"
#include "spmd/core/plan_notes.h"
#include "spmd/core/plan_sides.h"
#include "spmd/core/plan_templates.h"

namespace rc::spmd::planning {
namespace {

bool uses_ipsec(rct::Action action) {
  return action == rct::Action::AutoIpsec || action == rct::Action::StaticIpsec;
}

void remember_name(std::vector<std::string>& list, const std::string& name) {
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// Every name a selector uses is worth resolving, whatever then happens to
// the selector: the original filled its FQDN database before any other
// check, and a later reload may need the answer.
void collect_names(const conf::Selector& selector, Plan& plan) {
  for (const auto* side : {&selector.src, &selector.dst}) {
    if (!*side) continue;
    if (const auto* name = (*side)->as_fqdn())
      remember_name(plan.fqdns, normalise_fqdn(name->name));
  }
}

// Fields the validator requires; without it (tests, a model built by hand)
// the selector is skipped instead of guessed.
bool complete(const conf::Selector& selector, const Notes& notes) {
  std::vector<std::string_view> missing;
  if (!selector.direction) missing.emplace_back("direction");
  if (!selector.src) missing.emplace_back("src");
  if (!selector.dst) missing.emplace_back("dst");
  if (!selector.policy_index) missing.emplace_back("policy_index");
  if (missing.empty()) return true;
  notes.warning(fmt::format("has no {}; selector skipped", fmt::join(missing, ", ")));
  return false;
}

// The remote a policy names, or nullptr. A dangling or missing remote_index
// is reported but does not stop the kernel policy: for an ipsec policy the
// policy keeps the traffic from leaving in clear (fail closed) even if no
// KMP can negotiate its SAs; bypass and discard never need a remote.
const conf::Remote* find_remote(const conf::Config& config, const conf::Policy& policy,
                                const Notes& notes) {
  const bool ipsec = uses_ipsec(*policy.action);
  if (!policy.remote_index) {
    if (*policy.action == rct::Action::AutoIpsec) {
      notes.warning(
          fmt::format("policy '{}' uses auto_ipsec without remote_index; no KMP will "
                      "know which remote negotiates its SAs",
                      policy.index));
    }
    return nullptr;
  }
  const conf::Remote* remote = config.remote(policy.remote_index->name);
  if (remote == nullptr) {
    notes.warning(
        fmt::format("policy '{}' remote_index '{}' ({}) names no remote section{}", policy.index,
                    policy.remote_index->name, policy.remote_index->location,
                    ipsec ? "; the policy is installed but no KMP can negotiate its SAs" : ""));
  }
  return remote;
}

// The IKEv2 addresspool the selector's peers get their addresses from, as
// the original decided it: the policy's remote when it exists (its ikev2
// block, with default { remote { ikev2 } } filling what it leaves out, as
// iked resolves it); otherwise the default remote, which is what iked uses
// for a peer no remote names. A remote without an ikev2 block (IKEv1- or
// KINK-only) has no pool: the original dereferenced remote->ikev2 here and
// crashed on such configurations (reference §9 item 14).
struct PoolOwner {
  std::string remote;  // for the administrator: "remote 'x'" or "the default remote"
  std::string pool;
};

std::optional<PoolOwner> addresspool_of(const conf::Config& config, const conf::Remote* remote) {
  if (remote != nullptr) {
    if (!remote->ikev2) return std::nullopt;
    const conf::KmpParams ikev2 = config.resolve_kmp(remote, rct::Kmp::Ikev2);
    if (!ikev2.provide || !ikev2.provide->addresspool) return std::nullopt;
    return PoolOwner{fmt::format("remote '{}'", remote->index), ikev2.provide->addresspool->name};
  }
  const conf::Remote* fallback = config.default_remote();
  if (fallback == nullptr || !fallback->ikev2 || !fallback->ikev2->provide ||
      !fallback->ikev2->provide->addresspool) {
    return std::nullopt;
  }
  return PoolOwner{"the default remote", fallback->ikev2->provide->addresspool->name};
}

// Tunnel ends in this policy's direction and the templates; nullopt when
// the selector is skipped.
std::optional<std::vector<kernel::PolicyTemplate>> templates_for(
    const conf::Config& config, const conf::Selector& selector, const conf::Policy& policy,
    const addr::InterfaceSource& interfaces, const Notes& notes) {
  TemplateSettings settings;
  settings.mode = policy.ipsec_mode.value_or(rct::IpsecMode::Transport);
  settings.level = policy.ipsec_level.value_or(rct::IpsecLevel::Require);
  // The selector's reqid binds all SAs of the bundle (shared SAs for
  // MIPv6); 0 lets a unique-level policy get its own from the engine.
  settings.reqid = selector.reqid.value_or(0);
  if (settings.mode == rct::IpsecMode::Tunnel) {
    auto ends = tunnel_ends(policy, interfaces, notes);
    if (!ends) return std::nullopt;
    const bool outbound = *selector.direction == rct::Direction::Outbound;
    settings.tunnel_src = outbound ? ends->mine : ends->peers;
    settings.tunnel_dst = outbound ? ends->peers : ends->mine;
  }
  return ipsec_templates(config, policy, settings, notes);
}

// Adds one policy unless the kernel would already hold one with that
// selector and direction: the first selector in file order keeps it.
void add_policy(Plan& plan, const conf::Selector& selector, kernel::PolicyParams params,
                const Notes& notes) {
  for (const PlannedPolicy& planned : plan.policies) {
    if (planned.params.selector != params.selector ||
        planned.params.direction != params.direction) {
      continue;
    }
    if (planned.slid != selector.index) {
      notes.warning(
          fmt::format("{} -> {} ({}) is also planned by selector '{}'; the kernel holds "
                      "one policy per selector and direction, so the first one stays",
                      params.selector.src, params.selector.dst, rct::display_name(params.direction),
                      planned.slid));
    }
    return;
  }
  plan.policies.push_back(PlannedPolicy{selector.index, std::move(params)});
}

void defer(Plan& plan, const conf::Selector& selector, std::vector<std::string> fqdns,
           const Notes& notes) {
  notes.info(fmt::format("waits for the addresses of {}", fmt::join(fqdns, ", ")));
  plan.deferred.push_back(DeferredSelector{selector.index, std::move(fqdns)});
}

}  // namespace

std::optional<kernel::PolicyParams> base_params(const conf::Selector& selector,
                                                const conf::Policy& policy, const Notes& notes) {
  kernel::PolicyParams params;
  if (*selector.direction != rct::Direction::Outbound &&
      *selector.direction != rct::Direction::Inbound) {
    notes.warning(fmt::format("direction {} is not inbound or outbound; selector skipped",
                              rct::display_name(*selector.direction)));
    return std::nullopt;
  }
  params.direction = *selector.direction;
  switch (*policy.action) {
    case rct::Action::None:
      params.action = kernel::PolicyAction::Bypass;
      break;
    case rct::Action::Discard:
      params.action = kernel::PolicyAction::Discard;
      break;
    case rct::Action::AutoIpsec:
    case rct::Action::StaticIpsec:
      params.action = kernel::PolicyAction::Ipsec;
      break;
  }
  // `tagged` (BSD pf tags) and `next_header_including` have no effect,
  // as the config loader already warns: our engines cannot match either.

  // `order` was parsed but unused in the original. We give it the meaning
  // its name suggests: the kernel policy priority, lower first; unset or 0
  // leaves the engine's default.
  if (selector.order) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();
    if (*selector.order > kMax) {
      notes.warning(fmt::format("order {} is above {}; using {}", *selector.order, kMax, kMax));
    }
    params.priority = static_cast<std::uint32_t>(std::min(*selector.order, kMax));
  }
  // Static policies never expire (the original sent hard lifetime 0).
  params.lifetimes = {};

  kernel::Selector& traffic = params.selector;
  traffic.src_port = selector.src->port();
  traffic.dst_port = selector.dst->port();
  if (const auto& upper = selector.upper_layer_protocol) {
    traffic.protocol = upper->protocol;  // 255 = any, as kernel::kAnyProtocol
    // ICMP type/code and the MH type ride in the port fields; they replace
    // any port written after the addresses, which those protocols lack.
    if (upper->src_port || upper->dst_port) {
      if (traffic.src_port != 0 || traffic.dst_port != 0) {
        notes.warning(
            fmt::format("upper_layer_protocol {} has no ports; the port after src or "
                        "dst is replaced by its type and code",
                        upper->written));
      }
      traffic.src_port = upper->src_port.value_or(0);
      traffic.dst_port = upper->dst_port.value_or(0);
    }
  }
  return params;
}

void plan_selector(const conf::Config& config, const conf::Selector& selector,
                   const addr::InterfaceSource& interfaces, const NameLookup& names, Plan& plan) {
  const Notes notes(plan, selector);
  collect_names(selector, plan);
  if (!complete(selector, notes)) return;

  const conf::Policy* written = config.policy(selector.policy_index->name);
  if (written == nullptr) {
    notes.warning(fmt::format("policy_index '{}' names no policy section; selector skipped",
                              selector.policy_index->name));
    return;
  }
  const conf::Policy policy = config.resolve_policy(*written);
  if (!policy.action) {
    notes.warning(fmt::format("policy '{}' has no action; selector skipped", policy.index));
    return;
  }
  // Fatal in the original whatever the policy says, and the validator
  // agrees: the product of two address sets is not what anyone meant.
  if (selector.src->as_macro() != nullptr && selector.dst->as_macro() != nullptr) {
    notes.error(fmt::format("src {} and dst {} are both macros; at most one side may be a macro",
                            *selector.src, *selector.dst));
    return;
  }
  if (!policy.install.value_or(true)) {
    notes.info(fmt::format("policy '{}' has install off; not installed", policy.index));
    return;
  }

  const bool ipsec = uses_ipsec(*policy.action);
  const conf::Remote* remote = find_remote(config, policy, notes);
  if (ipsec) {
    // IP_RW tunnels are road warriors: iked adds their policies (POLICY
    // ADD) once it knows the peer's address. In transport mode IP_RW acts
    // as IP_ANY (the validator warns), as the original since 2020.
    const bool rw_end = (policy.my_sa_ipaddr && policy.my_sa_ipaddr->is_rw()) ||
                        (policy.peers_sa_ipaddr && policy.peers_sa_ipaddr->is_rw());
    if (policy.ipsec_mode == rct::IpsecMode::Tunnel && rw_end) {
      notes.info(
          fmt::format("policy '{}' is a tunnel to IP_RW; iked installs its policies when "
                      "a peer connects",
                      policy.index));
      return;
    }
    // Only ipsec policies: a pool only decides which addresses iked
    // protects, never whether other traffic bypasses or is dropped.
    if (auto owner = addresspool_of(config, remote)) {
      notes.info(
          fmt::format("{} (of policy '{}') hands out addresses from addresspool '{}'; "
                      "iked installs its policies per lease",
                      owner->remote, policy.index, owner->pool));
      return;
    }
  }

  auto params = base_params(selector, policy, notes);
  if (!params) return;
  if (ipsec) {
    auto templates = templates_for(config, selector, policy, interfaces, notes);
    if (!templates) return;
    params->templates = std::move(*templates);
  }

  const Side src = resolve_side(*selector.src, names);
  const Side dst = resolve_side(*selector.dst, names);
  for (const auto& [name, side] : {std::pair{"src", &src}, std::pair{"dst", &dst}}) {
    if (side->kind == Side::Kind::Refused) {
      notes.warning(fmt::format("{} {}; selector skipped", name, side->problem));
      return;
    }
  }
  if (ipsec && config.reverse_selector(selector) == nullptr) {
    notes.warning(
        "has no reverse selector (opposite direction, src and dst swapped, a policy "
        "with the same remote_index); its return traffic is not protected");
  }

  std::vector<std::string> waiting;
  for (const Side* side : {&src, &dst}) {
    if (side->kind == Side::Kind::Waiting) waiting.push_back(side->fqdn);
  }
  if (!waiting.empty()) {
    defer(plan, selector, std::move(waiting), notes);
    return;
  }
  const std::vector<PrefixPair> pairs = pair_sides(src, dst);
  if (pairs.empty()) {
    // A name known only in the other family may gain addresses later.
    std::vector<std::string> fqdns;
    for (const Side* side : {&src, &dst}) {
      if (!side->fqdn.empty()) fqdns.push_back(side->fqdn);
    }
    if (!fqdns.empty()) {
      defer(plan, selector, std::move(fqdns), notes);
      return;
    }
    notes.warning(fmt::format("src {} and dst {} have no address of one family; selector skipped",
                              *selector.src, *selector.dst));
    return;
  }
  for (const PrefixPair& pair : pairs) {
    kernel::PolicyParams one = *params;
    one.selector.src = pair.src;
    one.selector.dst = pair.dst;
    add_policy(plan, selector, std::move(one), notes);
  }
}

}  // namespace rc::spmd::planning
