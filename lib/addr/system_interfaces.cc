#include "addr/system_interfaces.h"

#include <ifaddrs.h>
#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "addr/socket_address.h"

namespace rc::addr {

namespace {

struct IfaddrsDeleter {
  void operator()(ifaddrs* list) const noexcept { freeifaddrs(list); }
};

void note_interface(InterfaceSnapshot& snapshot, const char* name) {
  if (std::find(snapshot.interfaces.begin(), snapshot.interfaces.end(), name) ==
      snapshot.interfaces.end()) {
    snapshot.interfaces.emplace_back(name);
  }
}

}  // namespace

Result<InterfaceSnapshot> SystemInterfaceSource::snapshot() const {
  ifaddrs* raw = nullptr;
  if (getifaddrs(&raw) != 0) {
    return fail(Error::from_errno(errno, "cannot list the interface addresses (getifaddrs)"));
  }
  const std::unique_ptr<ifaddrs, IfaddrsDeleter> list(raw);

  InterfaceSnapshot snapshot;
  for (const ifaddrs* entry = list.get(); entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_name == nullptr) continue;
    note_interface(snapshot, entry->ifa_name);
    if (entry->ifa_addr == nullptr) continue;
    const int family = entry->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;  // AF_PACKET / AF_LINK entries
    const auto length =
        static_cast<socklen_t>(family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
    auto socket_address = SocketAddress::from_sockaddr(entry->ifa_addr, length);
    if (!socket_address) continue;

    InterfaceAddress address;
    address.ifname = entry->ifa_name;
    address.address = socket_address->address();
    // glibc fills sin6_scope_id for link-local addresses (the original's
    // workaround for glibc < 2.3.4 is no longer needed). Adding the name makes
    // log lines readable; the index stays what sockets use.
    if (address.address.is_v6() && address.address.is_link_local()) {
      if (auto named = address.address.with_scope_name(address.ifname)) {
        address.address = *named;
      }
    }
    address.up = (entry->ifa_flags & IFF_UP) != 0;
    address.loopback = (entry->ifa_flags & IFF_LOOPBACK) != 0;
    // duplicated/detached/anycast/tentative stay false: see interface_source.h.
    snapshot.addresses.push_back(std::move(address));
  }
  return snapshot;
}

}  // namespace rc::addr
