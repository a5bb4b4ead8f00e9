#include "addr/interface_source.h"

#include <algorithm>
#include <utility>

namespace rc::addr {

bool InterfaceSnapshot::has_interface(std::string_view name) const noexcept {
  return std::find(interfaces.begin(), interfaces.end(), name) != interfaces.end() ||
         std::any_of(addresses.begin(), addresses.end(),
                     [name](const InterfaceAddress& a) { return a.ifname == name; });
}

FixedInterfaceSource::FixedInterfaceSource(InterfaceSnapshot snapshot)
    : snapshot_(std::move(snapshot)) {
  for (const auto& address : snapshot_.addresses) {
    if (std::find(snapshot_.interfaces.begin(), snapshot_.interfaces.end(), address.ifname) ==
        snapshot_.interfaces.end()) {
      snapshot_.interfaces.push_back(address.ifname);
    }
  }
}

FixedInterfaceSource::FixedInterfaceSource(std::vector<InterfaceAddress> addresses)
    : FixedInterfaceSource(InterfaceSnapshot{{}, std::move(addresses)}) {}

Result<InterfaceSnapshot> FixedInterfaceSource::snapshot() const {
  ++snapshot_count_;
  return snapshot_;
}

}  // namespace rc::addr
