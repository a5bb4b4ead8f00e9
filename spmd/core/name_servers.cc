#include "spmd/core/name_servers.h"

#include <algorithm>
#include <utility>

namespace rc::spmd {

NameServers::NameServers(const std::vector<addr::IpAddress>& servers) {
  for (const auto& server : servers) {
    if (!contains(server)) servers_.push_back(server);
  }
}

NameServers::NameServers(const std::vector<NameServerEntry>& servers) {
  for (const NameServerEntry& server : servers) {
    if (contains(server.address)) continue;
    servers_.push_back(server.address);
    if (server.port != kDnsPort) ports_[server.address] = server.port;
  }
}

std::uint16_t NameServers::port_of(const addr::IpAddress& server) const {
  const auto found = ports_.find(server);
  return found == ports_.end() ? kDnsPort : found->second;
}

std::vector<addr::IpAddress> NameServers::list() const {
  std::vector<addr::IpAddress> ordered;
  ordered.reserve(servers_.size());
  for (std::size_t i = 0; i < servers_.size(); ++i) {
    ordered.push_back(servers_[(live_ + i) % servers_.size()]);
  }
  return ordered;
}

std::optional<addr::IpAddress> NameServers::current() const {
  if (servers_.empty()) return std::nullopt;
  return servers_[live_];
}

bool NameServers::contains(const addr::IpAddress& server) const {
  return std::find(servers_.begin(), servers_.end(), server) != servers_.end();
}

bool NameServers::add(const addr::IpAddress& server) {
  if (contains(server)) return false;
  servers_.push_back(server);
  live_ = servers_.size() - 1;
  return true;
}

NameServers::RemoveResult NameServers::remove(const addr::IpAddress& server) {
  const auto found = std::find(servers_.begin(), servers_.end(), server);
  if (found == servers_.end()) return RemoveResult::Missing;
  if (servers_.size() == 1) return RemoveResult::Last;
  const auto index = static_cast<std::size_t>(found - servers_.begin());
  servers_.erase(found);
  ports_.erase(server);
  // The live server keeps being live; if it was the one removed, its
  // successor takes over.
  if (index < live_) {
    --live_;
  } else if (live_ >= servers_.size()) {
    live_ = 0;
  }
  return RemoveResult::Removed;
}

bool NameServers::make_current(const addr::IpAddress& server) {
  const auto found = std::find(servers_.begin(), servers_.end(), server);
  if (found == servers_.end()) return false;
  live_ = static_cast<std::size_t>(found - servers_.begin());
  return true;
}

void NameServers::advance() {
  if (!servers_.empty()) live_ = (live_ + 1) % servers_.size();
}

}  // namespace rc::spmd
