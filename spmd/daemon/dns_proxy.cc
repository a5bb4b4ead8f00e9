#include "dns_proxy.h"

#include <utility>

#include "log/log.h"
#include "spmd/core/dns_snoop.h"

namespace rc::spmd {

DnsProxy::DnsProxy(event::Loop& loop, NameServers& servers, DnsCounters& counters,
                   PolicyService& policies, Forwarder::Settings settings)
    : policies_(policies),
      forwarder_(loop, servers, counters, settings),
      clients_(
          loop,
          [this](std::span<const std::uint8_t> query, const dns::Question& question,
                 Forwarder::Done done) { return forward(query, question, std::move(done)); },
          counters),
      refresher_(
          loop,
          [this](std::span<const std::uint8_t> query, const dns::Question& question,
                 Forwarder::Done done) { return forward(query, question, std::move(done)); },
          counters) {}

Result<void> DnsProxy::start(const std::vector<addr::SocketAddress>& listen) {
  for (const addr::SocketAddress& address : listen) {
    if (auto listening = clients_.listen(address); !listening) return listening;
    log::info("spmd: DNS proxy listening on {} (UDP and TCP)", address);
  }
  names_changed();
  return ok();
}

void DnsProxy::names_changed() {
  refresher_.sync(policies_.names());
}

bool DnsProxy::forward(std::span<const std::uint8_t> query, const dns::Question& question,
                       Forwarder::Done done) {
  return forwarder_.forward(query, question,
                            [this, done = std::move(done)](const ForwardOutcome& outcome) {
                              if (outcome.answered && outcome.message != nullptr) {
                                snoop(*outcome.message);
                              }
                              done(outcome);
                            });
}

void DnsProxy::snoop(const dns::Message& answer) {
  std::vector<SnoopedName> learned = snoop_answer(answer);
  if (learned.empty()) return;
  policies_.learn_dns(learned);
  for (const SnoopedName& name : learned) {
    refresher_.learned(name.name, name.family, name.facts.ttl);
  }
}

}  // namespace rc::spmd
