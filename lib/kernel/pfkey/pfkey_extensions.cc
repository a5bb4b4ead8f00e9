#include "kernel/pfkey/pfkey_extensions.h"

#include <arpa/inet.h>
#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstddef>
#include <string>

#include <fmt/format.h>

namespace rc::kernel::pfkey {
namespace {

// The sizes RFC 2367 gives, checked against the kernel's header.
static_assert(sizeof(sadb_sa) == 16);
static_assert(offsetof(sadb_sa, sadb_sa_spi) == 4);
static_assert(offsetof(sadb_sa, sadb_sa_flags) == 12);
static_assert(sizeof(sadb_lifetime) == 32);
static_assert(offsetof(sadb_lifetime, sadb_lifetime_bytes) == 8);
static_assert(sizeof(sadb_address) == 8);
static_assert(offsetof(sadb_address, sadb_address_proto) == 4);
static_assert(offsetof(sadb_address, sadb_address_prefixlen) == 5);
static_assert(sizeof(sadb_key) == 8);
static_assert(offsetof(sadb_key, sadb_key_bits) == 4);
static_assert(sizeof(sadb_spirange) == 16);
static_assert(sizeof(sadb_x_sa2) == 16);
static_assert(offsetof(sadb_x_sa2, sadb_x_sa2_reqid) == 12);
static_assert(sizeof(sadb_x_nat_t_type) == 8);
static_assert(sizeof(sadb_x_nat_t_port) == 8);
static_assert(sizeof(sadb_x_policy) == 16);
static_assert(sizeof(sadb_x_ipsecrequest) == 16);
static_assert(IPSEC_ULPROTO_ANY == 255);

Error malformed(const Extension& extension, const std::string& what) {
  return Error{EBADMSG, fmt::format("malformed PF_KEY extension {}: {}", extension.type, what)};
}

// The kernel struct at the start of the extension, or a "too short" error.
template <class T>
Result<T> fixed(const Extension& extension) {
  auto value = read_struct<T>(extension.bytes);
  if (!value) {
    return fail(
        malformed(extension, fmt::format("{} bytes, needs {}", extension.bytes.size(), sizeof(T))));
  }
  return *value;
}

// sockaddr_in or sockaddr_in6 of an address and a port (host order).
void append_sockaddr(WipedBuffer& out, const addr::IpAddress& address, std::uint16_t port) {
  if (address.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr = address.to_in_addr();
    append_struct(out, sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    sin6.sin6_addr = address.to_in6_addr();
    sin6.sin6_scope_id = address.scope_id();
    append_struct(out, sin6);
  }
}

struct SocketAddress {
  addr::IpAddress address;
  std::uint16_t port = 0;
  std::size_t size = 0;  // bytes the sockaddr took
};

// The sockaddr_in or sockaddr_in6 at the start of `bytes`.
Result<SocketAddress> read_sockaddr(const Extension& extension,
                                    std::span<const std::uint8_t> bytes) {
  const auto family = read_struct<sa_family_t>(bytes);
  if (!family) return fail(malformed(extension, "no sockaddr"));
  if (*family == AF_INET) {
    const auto sin = read_struct<sockaddr_in>(bytes);
    if (!sin) return fail(malformed(extension, "short sockaddr_in"));
    return SocketAddress{addr::IpAddress::from_in_addr(sin->sin_addr), ntohs(sin->sin_port),
                         sizeof(sockaddr_in)};
  }
  if (*family == AF_INET6) {
    const auto sin6 = read_struct<sockaddr_in6>(bytes);
    if (!sin6) return fail(malformed(extension, "short sockaddr_in6"));
    return SocketAddress{addr::IpAddress::from_in6_addr(sin6->sin6_addr, sin6->sin6_scope_id),
                         ntohs(sin6->sin6_port), sizeof(sockaddr_in6)};
  }
  return fail(malformed(extension, fmt::format("address family {}", *family)));
}

}  // namespace

void add_sa(MessageBuilder& builder, const SaExtension& sa) {
  sadb_sa ext{};
  ext.sadb_sa_spi = htonl(sa.spi);
  ext.sadb_sa_replay = sa.replay;
  ext.sadb_sa_state = sa.state;
  ext.sadb_sa_auth = sa.auth;
  ext.sadb_sa_encrypt = sa.encrypt;
  ext.sadb_sa_flags = sa.flags;
  builder.extension(SADB_EXT_SA, ext);
}

Result<SaExtension> read_sa(const Extension& extension) {
  auto ext = fixed<sadb_sa>(extension);
  if (!ext) return fail(std::move(ext).error());
  return SaExtension{ntohl(ext->sadb_sa_spi), ext->sadb_sa_replay,  ext->sadb_sa_state,
                     ext->sadb_sa_auth,       ext->sadb_sa_encrypt, ext->sadb_sa_flags};
}

void add_lifetime(MessageBuilder& builder, std::uint16_t type, const LifetimeExtension& lifetime) {
  sadb_lifetime ext{};
  ext.sadb_lifetime_allocations = lifetime.allocations;
  ext.sadb_lifetime_bytes = lifetime.bytes;
  ext.sadb_lifetime_addtime = lifetime.add_time;
  ext.sadb_lifetime_usetime = lifetime.use_time;
  builder.extension(type, ext);
}

Result<LifetimeExtension> read_lifetime(const Extension& extension) {
  auto ext = fixed<sadb_lifetime>(extension);
  if (!ext) return fail(std::move(ext).error());
  return LifetimeExtension{ext->sadb_lifetime_allocations, ext->sadb_lifetime_bytes,
                           ext->sadb_lifetime_addtime, ext->sadb_lifetime_usetime};
}

AddressExtension host_address(const addr::IpAddress& address) {
  return AddressExtension{address, 0, static_cast<std::uint8_t>(address.max_prefix_length()),
                          IPSEC_ULPROTO_ANY};
}

void add_address(MessageBuilder& builder, std::uint16_t type, const AddressExtension& address) {
  sadb_address ext{};
  ext.sadb_address_proto = address.protocol;
  ext.sadb_address_prefixlen = address.prefix_length;
  WipedBuffer sockaddr_bytes;
  append_sockaddr(sockaddr_bytes, address.address, address.port);
  builder.extension(type, ext, sockaddr_bytes.view());
}

Result<AddressExtension> read_address(const Extension& extension) {
  auto ext = fixed<sadb_address>(extension);
  if (!ext) return fail(std::move(ext).error());
  auto socket_address = read_sockaddr(extension, extension.bytes.subspan(sizeof(sadb_address)));
  if (!socket_address) return fail(std::move(socket_address).error());
  AddressExtension result{socket_address->address, socket_address->port,
                          ext->sadb_address_prefixlen, ext->sadb_address_proto};
  if (result.prefix_length > result.address.max_prefix_length()) {
    return fail(malformed(extension, fmt::format("prefix length {}", result.prefix_length)));
  }
  return result;
}

void add_key(MessageBuilder& builder, std::uint16_t type, std::span<const std::uint8_t> key) {
  sadb_key ext{};
  // Keys are at most a few hundred bytes.
  ext.sadb_key_bits = static_cast<std::uint16_t>(key.size() * 8);
  builder.extension(type, ext, key);
}

Result<std::span<const std::uint8_t>> read_key(const Extension& extension) {
  auto ext = fixed<sadb_key>(extension);
  if (!ext) return fail(std::move(ext).error());
  const unsigned bits = ext->sadb_key_bits;  // a copy: the struct is packed
  if (bits % 8 != 0) return fail(malformed(extension, fmt::format("{} key bits", bits)));
  const auto key = extension.bytes.subspan(sizeof(sadb_key));
  const std::size_t size = bits / 8U;
  if (size > key.size()) {
    return fail(malformed(extension, fmt::format("{} key bits in {} bytes", bits, key.size())));
  }
  return key.first(size);
}

void add_spi_range(MessageBuilder& builder, const SpiRange& range) {
  sadb_spirange ext{};
  ext.sadb_spirange_min = range.min;
  ext.sadb_spirange_max = range.max;
  builder.extension(SADB_EXT_SPIRANGE, ext);
}

Result<SpiRange> read_spi_range(const Extension& extension) {
  auto ext = fixed<sadb_spirange>(extension);
  if (!ext) return fail(std::move(ext).error());
  if (ext->sadb_spirange_min > ext->sadb_spirange_max) {
    return fail(malformed(extension, "min above max"));
  }
  return SpiRange{ext->sadb_spirange_min, ext->sadb_spirange_max};
}

void add_sa2(MessageBuilder& builder, const Sa2Extension& sa2) {
  sadb_x_sa2 ext{};
  ext.sadb_x_sa2_mode = sa2.mode;
  ext.sadb_x_sa2_sequence = sa2.sequence;
  ext.sadb_x_sa2_reqid = sa2.reqid;
  builder.extension(SADB_X_EXT_SA2, ext);
}

Result<Sa2Extension> read_sa2(const Extension& extension) {
  auto ext = fixed<sadb_x_sa2>(extension);
  if (!ext) return fail(std::move(ext).error());
  return Sa2Extension{ext->sadb_x_sa2_mode, ext->sadb_x_sa2_sequence, ext->sadb_x_sa2_reqid};
}

void add_nat_type(MessageBuilder& builder, std::uint8_t type) {
  sadb_x_nat_t_type ext{};
  ext.sadb_x_nat_t_type_type = type;
  builder.extension(SADB_X_EXT_NAT_T_TYPE, ext);
}

Result<std::uint8_t> read_nat_type(const Extension& extension) {
  auto ext = fixed<sadb_x_nat_t_type>(extension);
  if (!ext) return fail(std::move(ext).error());
  return ext->sadb_x_nat_t_type_type;
}

void add_nat_port(MessageBuilder& builder, std::uint16_t type, std::uint16_t port) {
  sadb_x_nat_t_port ext{};
  ext.sadb_x_nat_t_port_port = htons(port);
  builder.extension(type, ext);
}

Result<std::uint16_t> read_nat_port(const Extension& extension) {
  auto ext = fixed<sadb_x_nat_t_port>(extension);
  if (!ext) return fail(std::move(ext).error());
  return static_cast<std::uint16_t>(ntohs(ext->sadb_x_nat_t_port_port));
}

void add_policy(MessageBuilder& builder, const PolicyExtension& policy) {
  sadb_x_policy ext{};
  ext.sadb_x_policy_type = policy.type;
  ext.sadb_x_policy_dir = policy.direction;
  ext.sadb_x_policy_id = policy.id;
  ext.sadb_x_policy_priority = policy.priority;
  WipedBuffer requests;
  for (const IpsecRequest& request : policy.requests) {
    const std::size_t at = requests.size();
    sadb_x_ipsecrequest head{};
    head.sadb_x_ipsecrequest_proto = request.protocol;
    head.sadb_x_ipsecrequest_mode = request.mode;
    head.sadb_x_ipsecrequest_level = request.level;
    head.sadb_x_ipsecrequest_reqid = request.reqid;
    append_struct(requests, head);
    if (request.tunnel) {
      append_sockaddr(requests, request.tunnel->first, 0);
      append_sockaddr(requests, request.tunnel->second, 0);
    }
    requests.append_zeros(align(requests.size()) - requests.size());
    // sadb_x_ipsecrequest_len counts bytes, not words (KAME).
    const auto length = static_cast<std::uint16_t>(requests.size() - at);
    std::memcpy(requests.writable().data() + at, &length, sizeof length);
  }
  builder.extension(SADB_X_EXT_POLICY, ext, requests.view());
}

Result<PolicyExtension> read_policy(const Extension& extension) {
  auto ext = fixed<sadb_x_policy>(extension);
  if (!ext) return fail(std::move(ext).error());
  PolicyExtension policy{ext->sadb_x_policy_type,
                         ext->sadb_x_policy_dir,
                         ext->sadb_x_policy_id,
                         ext->sadb_x_policy_priority,
                         {}};
  std::span<const std::uint8_t> rest = extension.bytes.subspan(sizeof(sadb_x_policy));
  while (!rest.empty()) {
    const auto head = read_struct<sadb_x_ipsecrequest>(rest);
    if (!head) return fail(malformed(extension, fmt::format("{} bytes left", rest.size())));
    const std::size_t length = head->sadb_x_ipsecrequest_len;
    if (length < sizeof(sadb_x_ipsecrequest) || length > rest.size() || length % kAlignment != 0) {
      return fail(malformed(extension, fmt::format("ipsecrequest length {} with {} bytes left",
                                                   length, rest.size())));
    }
    IpsecRequest request{head->sadb_x_ipsecrequest_proto,
                         head->sadb_x_ipsecrequest_mode,
                         head->sadb_x_ipsecrequest_level,
                         head->sadb_x_ipsecrequest_reqid,
                         {}};
    const auto endpoints =
        rest.subspan(sizeof(sadb_x_ipsecrequest), length - sizeof(sadb_x_ipsecrequest));
    if (!endpoints.empty()) {
      auto src = read_sockaddr(extension, endpoints);
      if (!src) return fail(std::move(src).error());
      auto dst = read_sockaddr(extension, endpoints.subspan(src->size));
      if (!dst) return fail(std::move(dst).error());
      if (src->address.family() != dst->address.family()) {
        return fail(malformed(extension, "tunnel endpoints of two families"));
      }
      request.tunnel.emplace(src->address, dst->address);
    }
    policy.requests.push_back(std::move(request));
    rest = rest.subspan(length);
  }
  return policy;
}

}  // namespace rc::kernel::pfkey
