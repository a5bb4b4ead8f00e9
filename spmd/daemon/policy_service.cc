#include "policy_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "log/log.h"
#include "spmd/core/policy_plan.h"

namespace rc::spmd {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text;
}

void log_plan(const Plan& plan) {
  for (const std::string& line : plan.infos) log::info("spmd: {}", line);
  // plan.infos already say which selectors wait for which names.
  for (const std::string& line : plan.warnings) log::internal_warn("spmd: {}", line);
}

PolicyEndpoints endpoints_of(const spmif::PolicyAddresses& addresses, std::uint64_t lifetime) {
  PolicyEndpoints endpoints{addresses.sp_src, addresses.sp_dst, std::nullopt, std::nullopt,
                            lifetime};
  if (addresses.mode == rct::IpsecMode::Tunnel) {
    endpoints.tunnel_src = addresses.sa_src;
    endpoints.tunnel_dst = addresses.sa_dst;
  }
  return endpoints;
}

// The same endpoints seen from the other side: the reverse selector's.
PolicyEndpoints reversed(const PolicyEndpoints& endpoints) {
  return PolicyEndpoints{endpoints.dst, endpoints.src, endpoints.tunnel_dst, endpoints.tunnel_src,
                         endpoints.hard_lifetime};
}

// For the log line of a name whose addresses changed.
std::string addresses_text(const NameCache& names, const std::string& fqdn) {
  std::string text;
  for (const addr::IpAddress& address : names.addresses_of(fqdn)) {
    text += fmt::format("{}{}", text.empty() ? "" : " ", address);
  }
  return text.empty() ? "no address" : text;
}

}  // namespace

PolicyService::PolicyService(kernel::KeyEngine& engine, const addr::InterfaceSource& interfaces,
                             HostsSource hosts)
    : engine_(engine),
      interfaces_(interfaces),
      hosts_(std::move(hosts)),
      names_(hosts_.order),
      spd_(engine) {}

Result<ApplyReport> PolicyService::use_config(std::shared_ptr<const conf::Config> config) {
  // A first plan finds the names the selectors use and any error that
  // makes the configuration unusable, before anything changes.
  const Plan names_needed = plan_policies(*config, interfaces_, names_);
  if (!names_needed.errors.empty()) {
    return fail(Error{EINVAL, joined(names_needed.errors)});
  }
  config_ = std::move(config);
  watch_config_names(names_needed);
  learn_hosts();
  ApplyReport report = apply(plan_policies(*config_, interfaces_, names_));
  if (names_changed_) names_changed_();
  return report;
}

ApplyReport PolicyService::refresh_names() {
  learn_hosts();
  if (names_changed_) names_changed_();
  if (!config_) return {};
  return apply(plan_policies(*config_, interfaces_, names_));
}

ApplyReport PolicyService::learn_dns(const std::vector<SnoopedName>& learned) {
  const SteadyTime now = std::chrono::steady_clock::now();
  bool changed = false;
  for (const SnoopedName& name : learned) {
    if (!names_.watched(name.name)) continue;
    const std::string before = addresses_text(names_, name.name);
    if (!names_.learn_dns(name.name, name.family, name.facts, now)) continue;
    log::info("spmd: DNS: {} is now {} (was {}; TTL {} s)", name.name,
              addresses_text(names_, name.name), before, name.facts.ttl);
    changed = true;
  }
  if (!changed || !config_) return {};
  return apply(plan_policies(*config_, interfaces_, names_));
}

void PolicyService::watch_config_names(const Plan& plan) {
  const std::set<std::string> wanted(plan.fqdns.begin(), plan.fqdns.end());
  for (const std::string& name : config_names_) {
    if (!wanted.contains(name) && !admin_names_.contains(name)) names_.unwatch(name);
  }
  for (const std::string& name : wanted) {
    if (names_.watch(name) == NameCache::WatchResult::Full) {
      log::internal_warn("spmd: {} names are watched already; {} is not", names_.limits().max_names,
                         name);
    }
  }
  config_names_ = wanted;
}

void PolicyService::learn_hosts() {
  if (!hosts_.order.files) return;
  auto hosts = read_hosts(hosts_.hosts_path);
  if (!hosts) {
    if (hosts.error().code != ENOENT) {
      log::internal_warn("spmd: cannot read {}: {}", hosts_.hosts_path, hosts.error().message);
    }
    return;
  }
  if (hosts->malformed > 0) {
    log::internal_warn("spmd: {}: {} malformed lines ignored", hosts_.hosts_path, hosts->malformed);
  }
  for (const std::string& name : names_.set_hosts(*hosts)) {
    log::info("spmd: {} now resolves to {} (from {})", name, addresses_text(names_, name),
              hosts_.hosts_path);
  }
}

ApplyReport PolicyService::apply(const Plan& plan) {
  log_plan(plan);
  deferred_ = plan.deferred.size();
  ApplyReport report = spd_.apply(plan.policies);
  for (const std::string& failure : report.failures) log::internal_err("spmd: {}", failure);
  log::info(
      "spmd: SPD: {} added, {} updated, {} removed, {} unchanged{}", report.added, report.updated,
      report.removed, report.unchanged,
      deferred_ == 0 ? std::string() : fmt::format("; {} selectors wait for names", deferred_));
  return report;
}

bool PolicyService::watch_name(const std::string& fqdn) {
  if (names_.watch(fqdn) != NameCache::WatchResult::Added) return false;
  admin_names_.insert(fqdn);
  refresh_names();
  return true;
}

bool PolicyService::unwatch_name(const std::string& fqdn) {
  if (!admin_names_.contains(fqdn)) return false;
  admin_names_.erase(fqdn);
  // A name a selector uses stays watched: its policies depend on it.
  if (!config_names_.contains(fqdn)) names_.unwatch(fqdn);
  if (names_changed_) names_changed_();
  return true;
}

Result<std::string> PolicyService::add_policy(const spmif::PolicyAddCommand& command) {
  const conf::Selector* selector = config_ ? config_->selector(command.slid) : nullptr;
  if (selector == nullptr) return fail(Error{ENOENT, "Operation Failed, selector not found"});
  const conf::Selector* reverse = config_->reverse_selector(*selector);
  if (reverse == nullptr) {
    return fail(Error{ENOENT, "Operation Failed, reverse selector not found"});
  }
  const PolicyEndpoints forward = endpoints_of(command.addresses, command.lifetime);
  auto outbound = selector_policy(*config_, *selector, forward);
  auto inbound = selector_policy(*config_, *reverse, reversed(forward));
  if (!outbound || !inbound) {
    log::internal_err("spmd: POLICY ADD {}: {}", command.slid,
                      (!outbound ? outbound.error() : inbound.error()).message);
    return fail(Error{EINVAL, fmt::format("Operation Failed(sl_index={})", command.slid)});
  }
  if (auto added = spd_.add_dynamic(selector->index, *outbound); !added) {
    log::internal_err("spmd: POLICY ADD {}: {}", command.slid, added.error().message);
    return fail(
        Error{added.error().code, fmt::format("Operation Failed(sl_index={})", selector->index)});
  }
  if (auto added = spd_.add_dynamic(reverse->index, *inbound); !added) {
    log::internal_err("spmd: POLICY ADD {} (reverse {}): {}", command.slid, reverse->index,
                      added.error().message);
    // Half a pair protects one direction only: take the first one back.
    (void)spd_.remove(selector->index, outbound->selector);
    return fail(
        Error{added.error().code, fmt::format("Operation Failed(sl_index={})", reverse->index)});
  }
  return fmt::format("Policy Added {} and {}", selector->index, reverse->index);
}

Result<std::size_t> PolicyService::delete_policy(const spmif::PolicyDeleteCommand& command) {
  if (!command.addresses) {
    auto removed = spd_.remove(command.slid, std::nullopt);
    if (!removed) return fail(Error{removed.error().code, "Operation Failed"});
    return removed;
  }
  const conf::Selector* selector = config_ ? config_->selector(command.slid) : nullptr;
  if (selector == nullptr) return fail(Error{ENOENT, "Operation Failed, selector not found"});
  const PolicyEndpoints forward = endpoints_of(*command.addresses, 0);
  auto outbound = selector_policy(*config_, *selector, forward);
  if (!outbound) return fail(Error{EINVAL, "Operation Failed"});
  std::size_t count = 0;
  if (auto removed = spd_.remove(selector->index, outbound->selector); removed) count += *removed;
  // POLICY ADD installed the reverse selector's twin too; it goes with it.
  if (const conf::Selector* reverse = config_->reverse_selector(*selector); reverse != nullptr) {
    if (auto inbound = selector_policy(*config_, *reverse, reversed(forward)); inbound) {
      if (auto removed = spd_.remove(reverse->index, inbound->selector); removed) {
        count += *removed;
      }
    }
  }
  if (count == 0) return fail(Error{ENOENT, "Operation Failed"});
  return count;
}

Result<void> PolicyService::migrate(const spmif::MigrateCommand& command) {
  const conf::Selector* selector = config_ ? config_->selector(command.slid) : nullptr;
  if (selector == nullptr) return fail(Error{ENOENT, "Operation Failed, selector not found"});
  const std::string failed = fmt::format("Operation Failed(sl_index={})", selector->index);
  std::size_t moved = 0;
  for (const InstalledPolicy& policy : spd_.installed()) {
    if (policy.slid != selector->index) continue;
    kernel::MigrateParams migration{policy.params.selector, policy.params.direction, {}};
    for (const kernel::PolicyTemplate& tmpl : policy.params.templates) {
      migration.entries.push_back(kernel::MigrateEntry{tmpl.protocol, tmpl.mode, tmpl.reqid,
                                                       command.old_src, command.old_dst,
                                                       command.new_src, command.new_dst});
    }
    if (migration.entries.empty()) continue;
    if (auto done = engine_.migrate(migration); !done) {
      log::internal_err("spmd: MIGRATE {}: {}", selector->index, done.error().message);
      return fail(Error{done.error().code, failed});
    }
    ++moved;
  }
  if (moved == 0) return fail(Error{ENOENT, failed});
  return ok();
}

}  // namespace rc::spmd
