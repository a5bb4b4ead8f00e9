// The pieces every XFRM message shares, converted both ways between our
// neutral structs and the kernel's <linux/xfrm.h> layouts: addresses,
// selectors, lifetimes, policy templates and SA ids. Pure and table-driven
// (rct::xfrm); invalid requests are EINVAL, malformed kernel data EBADMSG.
#pragma once

#include <linux/xfrm.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "addr/ip_address.h"
#include "base/result.h"
#include "kernel/lifetime.h"
#include "kernel/policy.h"
#include "kernel/sa.h"
#include "kernel/selector.h"

namespace rc::kernel::xfrm::wire {

// The fixed heads of the kernel structs that end in a flexible array (the
// key, the replay bitmap): C++ cannot hold those in optional or pair. Same
// layout, checked in xfrm_wire.cc.
struct AlgoHead {  // struct xfrm_algo
  char alg_name[64];
  unsigned int alg_key_len;  // bits
};
struct AlgoAuthHead {  // struct xfrm_algo_auth
  char alg_name[64];
  unsigned int alg_key_len;
  unsigned int alg_trunc_len;
};
struct AlgoAeadHead {  // struct xfrm_algo_aead
  char alg_name[64];
  unsigned int alg_key_len;
  unsigned int alg_icv_len;
};
struct ReplayEsnHead {   // struct xfrm_replay_state_esn
  unsigned int bmp_len;  // 32-bit words of bitmap after the head
  std::uint32_t oseq;
  std::uint32_t seq;
  std::uint32_t oseq_hi;
  std::uint32_t seq_hi;
  std::uint32_t replay_window;
};

// Templates per policy and SAs per migration: the kernel's XFRM_MAX_DEPTH
// (include/net/xfrm.h, not exported to userspace).
inline constexpr std::size_t kMaxDepth = 6;

Error invalid(std::string message);    // EINVAL: we were asked for something wrong
Error malformed(std::string message);  // EBADMSG: the kernel sent something we cannot read

// AF_INET / AF_INET6 of a family, and back (other values are an error).
std::uint16_t kernel_family(addr::Family family) noexcept;
Result<addr::Family> family_of(std::uint16_t af);

// All 16 bytes zero (see the .cc for why not `{}`).
xfrm_address_t zero_address() noexcept;
xfrm_address_t to_address(const addr::IpAddress& address) noexcept;
addr::IpAddress from_address(const xfrm_address_t& address, addr::Family family) noexcept;
// Compared as addresses of family `af` (AF_INET: the first 4 bytes only).
bool is_zero(const xfrm_address_t& address, std::uint16_t af) noexcept;
bool same_address(const xfrm_address_t& a, const xfrm_address_t& b, std::uint16_t af) noexcept;

// Ports: host order in Selector, network order with a 0/0xffff mask in the
// kernel. Protocol: kAnyProtocol (255) here, 0 there. Both prefixes must
// have the same family.
Result<xfrm_selector> to_selector(const Selector& selector);
Result<Selector> from_selector(const xfrm_selector& selector);

// 0 ("no limit") is XFRM_INF for byte and packet limits.
xfrm_lifetime_cfg to_lifetime(const Lifetimes& lifetimes) noexcept;
Lifetimes from_lifetime(const xfrm_lifetime_cfg& lifetime) noexcept;
LifetimeCurrent from_current(const xfrm_lifetime_cur& current) noexcept;

// IPPROTO_ESP / AH / COMP; a bundle type is EINVAL.
Result<std::uint8_t> to_protocol(rct::SaType type);
Result<rct::SaType> from_protocol(std::uint8_t proto);
Result<std::uint8_t> to_mode(rct::IpsecMode mode);
Result<rct::IpsecMode> from_mode(std::uint8_t mode);

// Level: require = neither flag, use = `optional`, unique = share
// XFRM_SHARE_UNIQUE (the kernel keeps it and reports it back). Transport
// templates take the policy's family and no endpoints; tunnel templates need
// both endpoints of one family.
Result<xfrm_user_tmpl> to_template(const PolicyTemplate& tmpl, addr::Family policy_family);
Result<PolicyTemplate> from_template(const xfrm_user_tmpl& tmpl, addr::Family policy_family);

// (daddr, spi in network order, family, proto) of an SA; src and dst must
// have the same family.
Result<xfrm_usersa_id> to_sa_id(const SaId& id);

}  // namespace rc::kernel::xfrm::wire
