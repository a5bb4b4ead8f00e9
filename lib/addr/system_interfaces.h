// SystemInterfaceSource: the host's interface addresses from getifaddrs(3),
// the production InterfaceSource behind the MY_* macros.
#pragma once

#include "addr/interface_source.h"

namespace rc::addr {

class SystemInterfaceSource final : public InterfaceSource {
 public:
  // Lists every interface and every IPv4/IPv6 address, including loopback
  // and interfaces that are down: the original's getifaddrlist() filtered
  // neither, and configs such as local tests over ::1 rely on loopback.
  // Callers that care can look at InterfaceAddress::up / loopback.
  [[nodiscard]] Result<InterfaceSnapshot> snapshot() const override;
};

}  // namespace rc::addr
