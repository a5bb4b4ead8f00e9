#include "name_refresher.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "dns/message.h"
#include "dns_sockets.h"
#include "log/log.h"
#include "spmd/core/dns_snoop.h"

namespace rc::spmd {
namespace {

dns::RrType rr_type(Family family) {
  return family == Family::V4 ? dns::RrType::A : dns::RrType::AAAA;
}

std::string_view family_name(Family family) {
  return family == Family::V4 ? "A" : "AAAA";
}

}  // namespace

NameRefresher::NameRefresher(event::Loop& loop, ForwardQuery forward, DnsCounters& counters)
    : loop_(loop), forward_(std::move(forward)), counters_(counters) {}

void NameRefresher::sync(const NameCache& names) {
  const SteadyTime now = loop_.now();
  std::vector<std::string> wanted;
  for (const std::string& name : names.watched_names()) {
    if (names.wants_dns(name)) wanted.push_back(name);
  }
  for (const std::string& name : names_) {
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
      schedule_.remove(name);
      failing_.erase("A " + name);
      failing_.erase("AAAA " + name);
    }
  }
  for (const std::string& name : wanted) {
    schedule_.add(name, Family::V4, now);
    schedule_.add(name, Family::V6, now);
  }
  names_ = std::move(wanted);
  run_due();
}

void NameRefresher::learned(std::string_view name, Family family, std::uint32_t ttl) {
  if (!schedule_.scheduled(name, family)) return;
  schedule_.answered(name, family, ttl, loop_.now());
  arm();
}

void NameRefresher::run_due() {
  for (const RefreshSchedule::Item& item : schedule_.due(loop_.now())) ask(item);
  arm();
}

void NameRefresher::arm() {
  const std::optional<SteadyTime> next = schedule_.next_due();
  if (!next) {
    timer_.reset();
    return;
  }
  const auto delay = std::max(SteadyTime::duration::zero(), *next - loop_.now());
  timer_ = loop_.add_timer(delay, [this] { run_due(); });
}

void NameRefresher::ask(const RefreshSchedule::Item& item) {
  auto query = dns::build_query(dns_io::random_id(), item.name, rr_type(item.family));
  if (!query) {
    schedule_.failed(item.name, item.family, loop_.now());
    return;
  }
  const dns::Question question{item.name, static_cast<std::uint16_t>(rr_type(item.family)),
                               dns::kClassIn};
  auto done = [this, item](const ForwardOutcome& outcome) {
    // The proxy has already let the cache learn from the answer (and
    // called learned()); here only a failure needs noting.
    bool taught = false;
    if (outcome.answered && outcome.message != nullptr) {
      for (const SnoopedName& snooped : snoop_answer(*outcome.message)) {
        taught = taught || (snooped.name == item.name && snooped.family == item.family);
      }
    }
    const std::string key = std::string(family_name(item.family)) + " " + item.name;
    if (taught) {
      if (failing_.erase(key) > 0) log::info("spmd: DNS: {} answers again", key);
      return;
    }
    if (!schedule_.scheduled(item.name, item.family)) return;
    // Said once per failing name: the back-off retries would fill the log.
    const bool first = failing_.insert(key).second;
    const std::string why = outcome.failure.empty() ? "" : " (" + outcome.failure + ")";
    if (first) {
      log::info("spmd: DNS: no usable answer for {}{}; asking again with back-off", key, why);
    } else {
      log::debug("spmd: DNS: still no usable answer for {}{}", key, why);
    }
    schedule_.failed(item.name, item.family, loop_.now());
    arm();
  };
  ++counters_.refresh;
  if (!forward_(*query, question, done)) {
    schedule_.failed(item.name, item.family, loop_.now());
  }
}

}  // namespace rc::spmd
