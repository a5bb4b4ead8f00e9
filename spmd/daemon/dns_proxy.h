// spmd's DNS proxy (reference §3.5, issue #7), put together: applications'
// queries (DnsClients) and spmd's own (NameRefresher) go upstream through
// one Forwarder; every answer it believes is snooped (snoop_answer) and
// what it teaches about watched names goes to the PolicyService, which
// moves the FQDN selectors' policies when a name's addresses change.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "addr/socket_address.h"
#include "base/result.h"
#include "dns_clients.h"
#include "dns_forwarder.h"
#include "event/loop.h"
#include "name_refresher.h"
#include "policy_service.h"
#include "spmd/core/dns_counters.h"
#include "spmd/core/name_servers.h"

namespace rc::spmd {

class DnsProxy {
 public:
  DnsProxy(event::Loop& loop, NameServers& servers, DnsCounters& counters, PolicyService& policies,
           Forwarder::Settings settings);
  DnsProxy(const DnsProxy&) = delete;
  DnsProxy& operator=(const DnsProxy&) = delete;

  // Listens on every dns_query address, then asks about the watched names.
  Result<void> start(const std::vector<addr::SocketAddress>& listen);
  // The watched names (or /etc/hosts) changed.
  void names_changed();

  [[nodiscard]] const Forwarder& forwarder() const { return forwarder_; }
  [[nodiscard]] const NameRefresher& refresher() const { return refresher_; }

 private:
  bool forward(std::span<const std::uint8_t> query, const dns::Question& question,
               Forwarder::Done done);
  void snoop(const dns::Message& answer);

  PolicyService& policies_;
  Forwarder forwarder_;
  DnsClients clients_;
  NameRefresher refresher_;
};

}  // namespace rc::spmd
