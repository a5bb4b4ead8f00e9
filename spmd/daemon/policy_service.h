// What spmd does to the SPD, in one place: the configuration in force, the
// names it knows, and the policies it installed (Spd). Start-up, HUP, FQDN
// changes and spmif's POLICY commands all come through here, so every path
// plans with the same rules and applies only differences.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "addr/interface_source.h"
#include "base/result.h"
#include "conf/config.h"
#include "kernel/engine.h"
#include "spmd/core/dns_snoop.h"
#include "spmd/core/name_cache.h"
#include "spmd/core/names.h"
#include "spmd/core/spd.h"
#include "spmif/command.h"

namespace rc::spmd {

struct HostsSource {
  HostsOrder order;        // nsswitch.conf's hosts line
  std::string hosts_path;  // /etc/hosts
};

class PolicyService {
 public:
  PolicyService(kernel::KeyEngine& engine, const addr::InterfaceSource& interfaces,
                HostsSource hosts);

  // Start-up and HUP: plans `config` and brings the SPD to it. A plan with
  // errors (macros on both sides of a selector) changes nothing and is
  // returned as the error; the configuration in force stays.
  Result<ApplyReport> use_config(std::shared_ptr<const conf::Config> config);
  // Re-reads the hosts file (if nsswitch says files) and applies what the
  // names now resolve to (deferred FQDN selectors appear, moved ones move).
  ApplyReport refresh_names();

  // What the DNS proxy learned from a believed answer (snoop_answer): when
  // a watched name's addresses change, its selectors' policies move as on
  // HUP (planned again, applied by difference), and the log says so.
  ApplyReport learn_dns(const std::vector<SnoopedName>& learned);
  // Called after anything that may change which names DNS should be asked
  // about: a configuration, /etc/hosts read again, FQDN ADD/DELETE.
  void on_names_changed(std::function<void()> callback) { names_changed_ = std::move(callback); }

  // spmif FQDN ADD/DELETE: false when already there / not there (ADD:
  // also when the name is refused or the database is full; names().full()
  // tells which).
  bool watch_name(const std::string& fqdn);
  bool unwatch_name(const std::string& fqdn);

  // spmif POLICY ADD: both directions through the reverse selector. The
  // error's message is the spmif reply text.
  Result<std::string> add_policy(const spmif::PolicyAddCommand& command);
  Result<std::size_t> delete_policy(const spmif::PolicyDeleteCommand& command);
  Result<void> migrate(const spmif::MigrateCommand& command);

  // The engine removed a policy (its lifetime ended).
  void policy_expired(kernel::Spid spid) { spd_.forget(spid); }
  // TERM/INT/QUIT.
  ApplyReport remove_all() { return spd_.remove_all(); }

  [[nodiscard]] const Spd& spd() const { return spd_; }
  [[nodiscard]] const NameCache& names() const { return names_; }
  [[nodiscard]] const HostsOrder& hosts_order() const { return hosts_.order; }
  [[nodiscard]] const std::shared_ptr<const conf::Config>& config() const { return config_; }
  [[nodiscard]] std::size_t deferred_selectors() const { return deferred_; }

 private:
  ApplyReport apply(const Plan& plan);
  void learn_hosts();
  void watch_config_names(const Plan& plan);

  kernel::KeyEngine& engine_;
  const addr::InterfaceSource& interfaces_;
  HostsSource hosts_;
  std::shared_ptr<const conf::Config> config_;
  NameCache names_;
  Spd spd_;
  std::set<std::string> config_names_;  // watched because a selector names them
  std::set<std::string> admin_names_;   // watched because of FQDN ADD
  std::size_t deferred_ = 0;
  std::function<void()> names_changed_;
};

}  // namespace rc::spmd
