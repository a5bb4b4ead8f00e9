#include "kernel/xfrm/xfrm_wire.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>

#include <fmt/format.h>

#include "addr/prefix.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm::wire {

static_assert(sizeof(AlgoHead) == sizeof(xfrm_algo));
static_assert(offsetof(AlgoHead, alg_key_len) == offsetof(xfrm_algo, alg_key_len));
static_assert(sizeof(AlgoAuthHead) == sizeof(xfrm_algo_auth));
static_assert(offsetof(AlgoAuthHead, alg_trunc_len) == offsetof(xfrm_algo_auth, alg_trunc_len));
static_assert(sizeof(AlgoAeadHead) == sizeof(xfrm_algo_aead));
static_assert(offsetof(AlgoAeadHead, alg_icv_len) == offsetof(xfrm_algo_aead, alg_icv_len));
static_assert(sizeof(ReplayEsnHead) == sizeof(xfrm_replay_state_esn));
static_assert(offsetof(ReplayEsnHead, replay_window) ==
              offsetof(xfrm_replay_state_esn, replay_window));

namespace {

constexpr std::uint16_t kAllPorts = 0xffff;

std::uint64_t to_limit(std::uint64_t value) noexcept {
  return value == 0 ? XFRM_INF : value;
}
std::uint64_t from_limit(std::uint64_t value) noexcept {
  return value == XFRM_INF ? 0 : value;
}

std::uint16_t port_mask(std::uint16_t port) noexcept {
  return port == 0 ? 0 : htons(kAllPorts);
}
std::uint16_t port_of(std::uint16_t port, std::uint16_t mask) noexcept {
  return mask == 0 ? 0 : ntohs(port);
}

}  // namespace

Error invalid(std::string message) {
  return Error{EINVAL, std::move(message)};
}
Error malformed(std::string message) {
  return Error{EBADMSG, "malformed XFRM message: " + std::move(message)};
}

std::uint16_t kernel_family(addr::Family family) noexcept {
  return family == addr::Family::v4 ? AF_INET : AF_INET6;
}

Result<addr::Family> family_of(std::uint16_t af) {
  if (af == AF_INET) return addr::Family::v4;
  if (af == AF_INET6) return addr::Family::v6;
  return fail(malformed(fmt::format("address family {}", af)));
}

// memset, not `{}`: value-initialising a union zeroes only its first member
// (a4) under clang, and the other 12 bytes of an IPv4 address would reach
// the kernel, which stores them and reports them back.
xfrm_address_t zero_address() noexcept {
  xfrm_address_t out;
  std::memset(&out, 0, sizeof out);
  return out;
}

xfrm_address_t to_address(const addr::IpAddress& address) noexcept {
  xfrm_address_t out = zero_address();
  const auto bytes = address.bytes();
  std::memcpy(&out, bytes.data(), bytes.size());
  return out;
}

addr::IpAddress from_address(const xfrm_address_t& address, addr::Family family) noexcept {
  if (family == addr::Family::v4) {
    std::array<std::uint8_t, 4> bytes{};
    std::memcpy(bytes.data(), &address, bytes.size());
    return addr::IpAddress::from_bytes(bytes);
  }
  std::array<std::uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), &address, bytes.size());
  return addr::IpAddress::from_bytes(bytes);
}

// Only the family's bytes count: the kernel keeps (and reports back) the
// other 12 bytes of an IPv4 address as it was given them.
bool is_zero(const xfrm_address_t& address, std::uint16_t af) noexcept {
  return same_address(address, zero_address(), af);
}

bool same_address(const xfrm_address_t& a, const xfrm_address_t& b, std::uint16_t af) noexcept {
  const std::size_t words = af == AF_INET ? 1 : 4;
  for (std::size_t i = 0; i < words; ++i) {
    if (a.a6[i] != b.a6[i]) return false;
  }
  return true;
}

Result<xfrm_selector> to_selector(const Selector& selector) {
  if (selector.src.family() != selector.dst.family()) {
    return fail(
        invalid(fmt::format("selector {} -> {} mixes IPv4 and IPv6", selector.src, selector.dst)));
  }
  if (selector.ifindex > static_cast<std::uint32_t>(INT_MAX)) {
    return fail(invalid(fmt::format("interface index {} is out of range", selector.ifindex)));
  }
  xfrm_selector out{};
  out.family = kernel_family(selector.src.family());
  out.saddr = to_address(selector.src.address());
  out.daddr = to_address(selector.dst.address());
  out.prefixlen_s = static_cast<std::uint8_t>(selector.src.length());
  out.prefixlen_d = static_cast<std::uint8_t>(selector.dst.length());
  out.proto = selector.protocol == kAnyProtocol ? 0 : selector.protocol;
  out.sport = htons(selector.src_port);
  out.sport_mask = port_mask(selector.src_port);
  out.dport = htons(selector.dst_port);
  out.dport_mask = port_mask(selector.dst_port);
  out.ifindex = static_cast<int>(selector.ifindex);
  return out;
}

Result<Selector> from_selector(const xfrm_selector& selector) {
  auto family = family_of(selector.family);
  if (!family) return fail(std::move(family).error());
  auto src = addr::Prefix::make(from_address(selector.saddr, *family), selector.prefixlen_s);
  auto dst = addr::Prefix::make(from_address(selector.daddr, *family), selector.prefixlen_d);
  if (!src || !dst) {
    return fail(malformed(fmt::format("selector prefix lengths /{} and /{}", selector.prefixlen_s,
                                      selector.prefixlen_d)));
  }
  if (selector.ifindex < 0) {
    return fail(malformed(fmt::format("selector interface index {}", selector.ifindex)));
  }
  Selector out;
  out.src = *src;
  out.dst = *dst;
  out.protocol = selector.proto == 0 ? kAnyProtocol : selector.proto;
  out.src_port = port_of(selector.sport, selector.sport_mask);
  out.dst_port = port_of(selector.dport, selector.dport_mask);
  out.ifindex = static_cast<std::uint32_t>(selector.ifindex);
  return out;
}

xfrm_lifetime_cfg to_lifetime(const Lifetimes& lifetimes) noexcept {
  xfrm_lifetime_cfg out{};
  out.soft_byte_limit = to_limit(lifetimes.soft.bytes);
  out.hard_byte_limit = to_limit(lifetimes.hard.bytes);
  out.soft_packet_limit = to_limit(lifetimes.soft.packets);
  out.hard_packet_limit = to_limit(lifetimes.hard.packets);
  out.soft_add_expires_seconds = lifetimes.soft.add_seconds;
  out.hard_add_expires_seconds = lifetimes.hard.add_seconds;
  out.soft_use_expires_seconds = lifetimes.soft.use_seconds;
  out.hard_use_expires_seconds = lifetimes.hard.use_seconds;
  return out;
}

Lifetimes from_lifetime(const xfrm_lifetime_cfg& lifetime) noexcept {
  Lifetimes out;
  out.soft.bytes = from_limit(lifetime.soft_byte_limit);
  out.hard.bytes = from_limit(lifetime.hard_byte_limit);
  out.soft.packets = from_limit(lifetime.soft_packet_limit);
  out.hard.packets = from_limit(lifetime.hard_packet_limit);
  out.soft.add_seconds = from_limit(lifetime.soft_add_expires_seconds);
  out.hard.add_seconds = from_limit(lifetime.hard_add_expires_seconds);
  out.soft.use_seconds = from_limit(lifetime.soft_use_expires_seconds);
  out.hard.use_seconds = from_limit(lifetime.hard_use_expires_seconds);
  return out;
}

LifetimeCurrent from_current(const xfrm_lifetime_cur& current) noexcept {
  return LifetimeCurrent{current.bytes, current.packets, current.add_time, current.use_time};
}

Result<std::uint8_t> to_protocol(rct::SaType type) {
  auto proto = rct::xfrm::to_protocol(type);
  if (!proto) return fail(invalid(proto.error().message + " (one ESP, AH or IPComp per SA)"));
  return *proto;
}

Result<rct::SaType> from_protocol(std::uint8_t proto) {
  if (auto type = rct::xfrm::from_protocol(proto)) return *type;
  return fail(malformed(fmt::format("IPsec protocol {}", proto)));
}

Result<std::uint8_t> to_mode(rct::IpsecMode mode) {
  auto number = rct::xfrm::to_mode(mode);
  if (!number) return fail(invalid(number.error().message));
  return *number;
}

Result<rct::IpsecMode> from_mode(std::uint8_t mode) {
  if (auto neutral = rct::xfrm::from_mode(mode)) return *neutral;
  return fail(malformed(fmt::format("IPsec mode {} (only transport and tunnel are used)", mode)));
}

Result<xfrm_user_tmpl> to_template(const PolicyTemplate& tmpl, addr::Family policy_family) {
  auto proto = to_protocol(tmpl.protocol);
  if (!proto) return fail(std::move(proto).error());
  auto mode = to_mode(tmpl.mode);
  if (!mode) return fail(std::move(mode).error());
  xfrm_user_tmpl out{};
  out.id.proto = *proto;
  out.mode = *mode;
  out.reqid = tmpl.reqid;
  out.family = kernel_family(policy_family);
  if (tmpl.mode == rct::IpsecMode::Tunnel) {
    if (!tmpl.tunnel_src || !tmpl.tunnel_dst) {
      return fail(invalid("a tunnel-mode template needs both tunnel endpoints"));
    }
    if (tmpl.tunnel_src->family() != tmpl.tunnel_dst->family()) {
      return fail(invalid(fmt::format("tunnel endpoints {} and {} mix IPv4 and IPv6",
                                      *tmpl.tunnel_src, *tmpl.tunnel_dst)));
    }
    out.family = kernel_family(tmpl.tunnel_src->family());
    out.saddr = to_address(*tmpl.tunnel_src);
    out.id.daddr = to_address(*tmpl.tunnel_dst);
  } else if (tmpl.tunnel_src || tmpl.tunnel_dst) {
    return fail(invalid("a transport-mode template takes no tunnel endpoints"));
  }
  switch (tmpl.level) {
    case rct::IpsecLevel::Use:
      out.optional = 1;
      break;
    case rct::IpsecLevel::Unique:
      out.share = XFRM_SHARE_UNIQUE;
      break;
    case rct::IpsecLevel::Require:
      break;
    default:
      return fail(invalid("a template needs an IPsec level (require, use or unique)"));
  }
  // Any algorithm: the SA decides, as racoon2 negotiates it.
  out.aalgos = out.ealgos = out.calgos = ~std::uint32_t{0};
  return out;
}

Result<PolicyTemplate> from_template(const xfrm_user_tmpl& tmpl, addr::Family policy_family) {
  auto protocol = from_protocol(tmpl.id.proto);
  if (!protocol) return fail(std::move(protocol).error());
  auto mode = from_mode(tmpl.mode);
  if (!mode) return fail(std::move(mode).error());
  PolicyTemplate out;
  out.protocol = *protocol;
  out.mode = *mode;
  out.reqid = tmpl.reqid;
  if (out.mode == rct::IpsecMode::Tunnel) {
    addr::Family family = policy_family;
    if (tmpl.family != 0) {
      auto own = family_of(tmpl.family);
      if (!own) return fail(std::move(own).error());
      family = *own;
    }
    out.tunnel_src = from_address(tmpl.saddr, family);
    out.tunnel_dst = from_address(tmpl.id.daddr, family);
  }
  if (tmpl.optional != 0) {
    out.level = rct::IpsecLevel::Use;
  } else if (tmpl.share == XFRM_SHARE_UNIQUE) {
    out.level = rct::IpsecLevel::Unique;
  } else {
    out.level = rct::IpsecLevel::Require;
  }
  return out;
}

Result<xfrm_usersa_id> to_sa_id(const SaId& id) {
  auto proto = to_protocol(id.type);
  if (!proto) return fail(std::move(proto).error());
  if (id.src.family() != id.dst.family()) {
    return fail(invalid(fmt::format("SA {} -> {} mixes IPv4 and IPv6", id.src, id.dst)));
  }
  xfrm_usersa_id out{};
  out.daddr = to_address(id.dst);
  out.spi = htonl(id.spi);
  out.family = kernel_family(id.dst.family());
  out.proto = *proto;
  return out;
}

}  // namespace rc::kernel::xfrm::wire
