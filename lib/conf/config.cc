#include "conf/config.h"

#include "addr/expand.h"
#include "conf/builtin.h"
#include "conf/fields.h"

namespace rc::conf {

template <class S>
Config::Index Config::make_index(const std::vector<S>& list) {
  Index index;
  index.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) index.emplace(list[i].index, i);  // first wins
  return index;
}

template <class S>
const S* Config::find(const Index& index, const std::vector<S>& list, std::string_view name) {
  const auto it = index.find(std::string(name));
  return it == index.end() ? nullptr : &list[it->second];
}

Config::Config(Model model) : model_(std::move(model)) {
  remotes_ = make_index(model_.remotes);
  selectors_ = make_index(model_.selectors);
  policies_ = make_index(model_.policies);
  ipsecs_ = make_index(model_.ipsecs);
  sas_ = make_index(model_.sas);
  pools_ = make_index(model_.addresspools);
  for (std::size_t i = 0; i < model_.selectors.size(); ++i) {
    const auto& ref = model_.selectors[i].policy_index;
    if (ref) selectors_by_policy_[ref->name].push_back(i);
  }
}

const Remote* Config::remote(std::string_view index) const {
  return find(remotes_, model_.remotes, index);
}
const Selector* Config::selector(std::string_view index) const {
  return find(selectors_, model_.selectors, index);
}
const Policy* Config::policy(std::string_view index) const {
  return find(policies_, model_.policies, index);
}
const Ipsec* Config::ipsec(std::string_view index) const {
  return find(ipsecs_, model_.ipsecs, index);
}
const Sa* Config::sa(std::string_view index) const {
  return find(sas_, model_.sas, index);
}
const AddressPool* Config::addresspool(std::string_view index) const {
  return find(pools_, model_.addresspools, index);
}

const Remote* Config::default_remote() const {
  return model_.defaults && model_.defaults->remote ? &*model_.defaults->remote : nullptr;
}

const Remote* Config::remote_by_peer_address(const addr::IpAddress& peer, rct::Kmp kmp,
                                             const addr::InterfaceSource& interfaces) const {
  for (const auto& remote : model_.remotes) {
    const auto& params = remote.kmp(kmp);
    if (!params || !params->peers_ipaddr) continue;
    auto matched = addr::match(*params->peers_ipaddr, peer, interfaces);
    if (matched && *matched) return &remote;
  }
  return nullptr;
}

const Remote* Config::remote_by_peer_id(rct::Kmp kmp, rct::IdType type,
                                        std::string_view value) const {
  for (const auto& remote : model_.remotes) {
    const auto& params = remote.kmp(kmp);
    if (!params || !params->peers_id) continue;
    for (const auto& id : *params->peers_id) {
      if (id.type == type && id.value == value) return &remote;
    }
  }
  return nullptr;
}

std::vector<const Selector*> Config::selectors_of_policy(std::string_view policy_index) const {
  std::vector<const Selector*> list;
  const auto it = selectors_by_policy_.find(std::string(policy_index));
  if (it == selectors_by_policy_.end()) return list;
  for (const auto i : it->second) list.push_back(&model_.selectors[i]);
  return list;
}

const Selector* Config::reverse_selector(const Selector& selector) const {
  if (!selector.direction || !selector.policy_index || !selector.src || !selector.dst) {
    return nullptr;
  }
  const Policy* own = policy(selector.policy_index->name);
  const std::string remote_name = own && own->remote_index ? own->remote_index->name : "";
  for (const auto& candidate : model_.selectors) {
    if (&candidate == &selector || !candidate.direction || !candidate.src || !candidate.dst ||
        !candidate.policy_index) {
      continue;
    }
    if (*candidate.direction == *selector.direction) continue;
    if (!(*candidate.src == *selector.dst) || !(*candidate.dst == *selector.src)) continue;
    const Policy* theirs = policy(candidate.policy_index->name);
    const std::string their_remote =
        theirs && theirs->remote_index ? theirs->remote_index->name : "";
    if (their_remote == remote_name) return &candidate;
  }
  return nullptr;
}

KmpParams Config::resolve_kmp(const Remote* remote, rct::Kmp kmp) const {
  KmpParams params;
  const auto table = kmp_fields(kmp);
  if (remote != nullptr && remote->kmp(kmp)) params = *remote->kmp(kmp);
  if (const Remote* fallback = default_remote(); fallback != nullptr && fallback->kmp(kmp)) {
    merge_fields<KmpParams>(params, *fallback->kmp(kmp), table);
  }
  merge_fields<KmpParams>(params, builtin_kmp(kmp), table);
  return params;
}

namespace {

// The section's own values, then default { }'s block, then the built-ins.
template <class S>
S resolve_section(const S& own, const std::optional<S>& fallback, const S& builtin,
                  std::span<const Field<S>> table) {
  S resolved = own;
  if (fallback) merge_fields<S>(resolved, *fallback, table);
  merge_fields<S>(resolved, builtin, table);
  return resolved;
}

}  // namespace

Policy Config::resolve_policy(const Policy& policy) const {
  return resolve_section(policy, model_.defaults ? model_.defaults->policy : std::nullopt,
                         builtin_policy(), policy_fields());
}

Ipsec Config::resolve_ipsec(const Ipsec& ipsec) const {
  return resolve_section(ipsec, model_.defaults ? model_.defaults->ipsec : std::nullopt,
                         builtin_ipsec(), ipsec_fields());
}

Sa Config::resolve_sa(const Sa& sa) const {
  return resolve_section(sa, model_.defaults ? model_.defaults->sa : std::nullopt, builtin_sa(),
                         sa_fields());
}

Interface Config::resolve_interface() const {
  return resolve_section(model_.interface.value_or(Interface{}), std::optional<Interface>{},
                         builtin_interface(), interface_fields());
}

Resolver Config::resolve_resolver() const {
  return resolve_section(model_.resolver.value_or(Resolver{}), std::optional<Resolver>{},
                         builtin_resolver(), resolver_fields());
}

const std::optional<KmpParams>& Remote::kmp(rct::Kmp which) const {
  switch (which) {
    case rct::Kmp::Ikev1:
      return ikev1;
    case rct::Kmp::Kink:
      return kink;
    case rct::Kmp::Ikev2:
      break;
  }
  return ikev2;
}

std::optional<KmpParams>& Remote::kmp(rct::Kmp which) {
  switch (which) {
    case rct::Kmp::Ikev1:
      return ikev1;
    case rct::Kmp::Kink:
      return kink;
    case rct::Kmp::Ikev2:
      break;
  }
  return ikev2;
}

}  // namespace rc::conf
