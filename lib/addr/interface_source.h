// InterfaceSource: where the MY_* macros learn this host's addresses. The
// system implementation reads getifaddrs(3) (system_interfaces.h); tests use
// FixedInterfaceSource so every macro and filter rule runs on known data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "addr/ip_address.h"
#include "base/result.h"

namespace rc::addr {

// One address configured on one interface.
struct InterfaceAddress {
  std::string ifname;     // on Linux an IPv4 alias carries its label, e.g. "eth0:1"
  IpAddress address;      // IPv6 link-local addresses carry their scope
  bool up = false;        // IFF_UP of the interface
  bool loopback = false;  // IFF_LOOPBACK of the interface
  // IPv6 address states BSD reports with SIOCGIFAFLAG_IN6. Linux getifaddrs
  // cannot report them (they live in netlink's IFA_F_* flags), so the
  // system source leaves them false on Linux, as the original did.
  bool duplicated = false;  // duplicate address detection failed
  bool detached = false;    // the prefix's router went away
  bool anycast = false;     // an anycast address, not ours to send from
  bool tentative = false;   // duplicate address detection still running
};

// Everything one listing returned. `interfaces` names every interface, also
// those without an IP address, so "%eth1" can be told apart from a typo.
struct InterfaceSnapshot {
  std::vector<std::string> interfaces;
  std::vector<InterfaceAddress> addresses;

  [[nodiscard]] bool has_interface(std::string_view name) const noexcept;
};

class InterfaceSource {
 public:
  InterfaceSource() = default;
  InterfaceSource(const InterfaceSource&) = delete;
  InterfaceSource& operator=(const InterfaceSource&) = delete;
  virtual ~InterfaceSource() = default;

  // The host's interfaces as of now; called at each expansion, because
  // addresses come and go while the daemons run.
  [[nodiscard]] virtual Result<InterfaceSnapshot> snapshot() const = 0;
};

// A fixed list, for tests and for tools that get their addresses elsewhere.
class FixedInterfaceSource final : public InterfaceSource {
 public:
  // Interfaces named by an address are added to `snapshot.interfaces`.
  explicit FixedInterfaceSource(InterfaceSnapshot snapshot);
  explicit FixedInterfaceSource(std::vector<InterfaceAddress> addresses);

  [[nodiscard]] Result<InterfaceSnapshot> snapshot() const override;
  // How often snapshot() ran, so tests can check what needs no listing.
  [[nodiscard]] std::size_t snapshot_count() const noexcept { return snapshot_count_; }

 private:
  InterfaceSnapshot snapshot_;
  mutable std::size_t snapshot_count_ = 0;
};

}  // namespace rc::addr
