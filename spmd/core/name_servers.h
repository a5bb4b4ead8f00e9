// The upstream DNS servers spmd's proxy forwards to (reference §3.4 NS
// commands, §3.5): the configured `nameserver` list with one "live" server
// that answers first. spmif NS ADD makes the new server live, NS CHANGE
// picks another, NS DELETE keeps at least one. The proxy itself (issue #7)
// reads current() and port_of().
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "addr/ip_address.h"

namespace rc::spmd {

inline constexpr std::uint16_t kDnsPort = 53;

struct NameServerEntry {
  addr::IpAddress address;
  std::uint16_t port = kDnsPort;  // racoon2.conf's `nameserver ADDR port N`
};

class NameServers {
 public:
  NameServers() = default;
  explicit NameServers(const std::vector<addr::IpAddress>& servers);
  explicit NameServers(const std::vector<NameServerEntry>& servers);

  // The live server first, then the others in fail-over order.
  [[nodiscard]] std::vector<addr::IpAddress> list() const;
  [[nodiscard]] std::optional<addr::IpAddress> current() const;
  [[nodiscard]] bool contains(const addr::IpAddress& server) const;
  [[nodiscard]] std::size_t size() const { return servers_.size(); }
  // The port queries go to (53 unless racoon2.conf gave one).
  [[nodiscard]] std::uint16_t port_of(const addr::IpAddress& server) const;

  // False if already listed. The new server becomes live.
  bool add(const addr::IpAddress& server);
  enum class RemoveResult : std::uint8_t { Removed, Missing, Last };
  RemoveResult remove(const addr::IpAddress& server);
  // False if not listed.
  bool make_current(const addr::IpAddress& server);
  // Fail-over: the next server becomes live.
  void advance();

 private:
  std::vector<addr::IpAddress> servers_;
  std::map<addr::IpAddress, std::uint16_t> ports_;  // only those not 53
  std::size_t live_ = 0;
};

}  // namespace rc::spmd
