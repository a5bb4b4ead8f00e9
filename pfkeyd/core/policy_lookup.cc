#include "policy_lookup.h"

#include <algorithm>
#include <tuple>

#include "spd.h"

namespace rc::pfkeyd {
namespace {

// The first `length` bits of the address, the rest (and the scope) gone.
std::array<std::uint8_t, 16> masked(const addr::IpAddress& address, unsigned length) {
  std::array<std::uint8_t, 16> out{};
  const auto bytes = address.bytes();
  const unsigned bits = std::min<unsigned>(length, address.max_prefix_length());
  const std::size_t full = bits / 8;
  std::copy_n(bytes.begin(), full, out.begin());
  if (const unsigned rest = bits % 8; rest != 0) {
    out[full] = static_cast<std::uint8_t>(bytes[full] & (0xffU << (8 - rest)));
  }
  return out;
}

auto rank(const PolicyEntry& entry) {
  return std::tuple(entry.params.priority, entry.position, entry.params.spid);
}

}  // namespace

PolicyLookup::Shape PolicyLookup::shape_of(const PolicyEntry& entry) {
  const kernel::Selector& s = entry.params.selector;
  Shape shape;
  shape.direction = static_cast<int>(entry.params.direction);
  shape.family = s.src.family();
  shape.src_length = static_cast<std::uint8_t>(s.src.length());
  shape.dst_length = static_cast<std::uint8_t>(s.dst.length());
  shape.protocol = s.protocol != kernel::kAnyProtocol;
  shape.src_port = s.src_port != 0;
  shape.dst_port = s.dst_port != 0;
  shape.ifindex = s.ifindex != 0;
  return shape;
}

PolicyLookup::Cut PolicyLookup::cut(const kernel::Selector& selector, const Shape& shape) {
  Cut out;
  out.src = masked(selector.src.address(), shape.src_length);
  out.dst = masked(selector.dst.address(), shape.dst_length);
  if (shape.protocol) out.protocol = selector.protocol;
  if (shape.src_port) out.src_port = selector.src_port;
  if (shape.dst_port) out.dst_port = selector.dst_port;
  if (shape.ifindex) out.ifindex = selector.ifindex;
  return out;
}

void PolicyLookup::insert(PolicyEntry& entry) {
  const Shape shape = shape_of(entry);
  groups_[shape].emplace(cut(entry.params.selector, shape), &entry);
}

void PolicyLookup::erase(const PolicyEntry& entry) {
  const Shape shape = shape_of(entry);
  auto group = groups_.find(shape);
  if (group == groups_.end()) return;
  auto [first, last] = group->second.equal_range(cut(entry.params.selector, shape));
  for (auto it = first; it != last; ++it) {
    if (it->second == &entry) {
      group->second.erase(it);
      break;
    }
  }
  if (group->second.empty()) groups_.erase(group);
}

PolicyEntry* PolicyLookup::lookup(const kernel::Selector& packet, rct::Direction direction) const {
  // A selector's family is its source's (policy_check refuses mixed ones);
  // a packet's addresses share one family (process() checks).
  Shape first_shape;
  first_shape.direction = static_cast<int>(direction);
  first_shape.family = packet.src.family();
  PolicyEntry* best = nullptr;
  for (auto group = groups_.lower_bound(first_shape);
       group != groups_.end() && group->first.direction == first_shape.direction &&
       group->first.family == first_shape.family;
       ++group) {
    auto [first, last] = group->second.equal_range(cut(packet, group->first));
    for (auto it = first; it != last; ++it) {
      if (best == nullptr || rank(*it->second) < rank(*best)) best = it->second;
    }
  }
  return best;
}

}  // namespace rc::pfkeyd
