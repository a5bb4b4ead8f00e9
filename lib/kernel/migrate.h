// MIGRATE (RFC 2367 extension SADB_X_MIGRATE, XFRM_MSG_MIGRATE): move the SAs
// and the policy of one selector to new endpoints (Mobile IPv6, MOBIKE).
#pragma once

#include <cstdint>
#include <vector>

#include "addr/ip_address.h"
#include "kernel/selector.h"
#include "rct/types.h"

namespace rc::kernel {

struct MigrateEntry {
  rct::SaType protocol = rct::SaType::Esp;
  rct::IpsecMode mode = rct::IpsecMode::Tunnel;
  std::uint32_t reqid = 0;
  addr::IpAddress old_src;
  addr::IpAddress old_dst;
  addr::IpAddress new_src;
  addr::IpAddress new_dst;

  bool operator==(const MigrateEntry&) const = default;
};

struct MigrateParams {
  Selector selector;
  rct::Direction direction = rct::Direction::Outbound;
  std::vector<MigrateEntry> entries;

  bool operator==(const MigrateParams&) const = default;
};

}  // namespace rc::kernel
