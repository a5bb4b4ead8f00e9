// spmd's answers to authenticated spmif commands (reference §3.4), with the
// original's codes and texts. The session (lib/spmif) has already checked
// the login and the syntax; this class looks things up and acts through
// the PolicyService.
#pragma once

#include "policy_service.h"
#include "spmd/core/dns_counters.h"
#include "spmd/core/name_servers.h"
#include "spmif/session.h"

namespace rc::spmd {

class SpmdCommands final : public spmif::CommandHandler {
 public:
  // `name_servers` is empty when the resolver is off; `dns` the proxy's
  // counters (all zero while it does not run).
  SpmdCommands(PolicyService& policies, NameServers& name_servers, bool resolver_on,
               const DnsCounters& dns)
      : policies_(policies), name_servers_(name_servers), resolver_on_(resolver_on), dns_(dns) {}

  spmif::Reply handle(const spmif::Command& command) override;

  void set_resolver_on(bool on) { resolver_on_ = on; }

 private:
  spmif::Reply ns(const spmif::NsCommand& command);
  spmif::Reply fqdn(const spmif::FqdnCommand& command);
  spmif::Reply slid(const spmif::SlidCommand& command);
  spmif::Reply policy_add(const spmif::PolicyAddCommand& command);
  spmif::Reply policy_delete(const spmif::PolicyDeleteCommand& command);
  spmif::Reply policy_dump();
  spmif::Reply migrate(const spmif::MigrateCommand& command);
  spmif::Reply stat();

  PolicyService& policies_;
  NameServers& name_servers_;
  bool resolver_on_;
  const DnsCounters& dns_;
};

}  // namespace rc::spmd
