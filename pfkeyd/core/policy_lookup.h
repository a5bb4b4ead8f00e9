// PolicyLookup: which policy a packet meets, without testing every policy.
//
// Policies are grouped by the shape of their selector: direction, address
// family, both prefix lengths, and which of protocol, source port,
// destination port and interface it names (the rest are wildcards). Within
// a group, a packet's fields cut to that shape (addresses masked to the
// lengths, wildcard fields set to their wildcard value) equal a policy's
// selector exactly when selector_matches() says the selector takes the
// packet. So a lookup is one search per shape in use (tuple space search):
// O(shapes × log n) instead of n selector tests, and a configuration has
// a handful of shapes (host pairs, a few subnet sizes). Among the policies
// that match, the lowest (priority, position) wins, as in Linux.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>

#include "addr/ip_address.h"
#include "kernel/selector.h"
#include "rct/types.h"

namespace rc::pfkeyd {

struct PolicyEntry;

class PolicyLookup {
 public:
  // `entry` stays where it is until erase(): the index keeps its address.
  void insert(PolicyEntry& entry);
  void erase(const PolicyEntry& entry);
  void clear() { groups_.clear(); }

  // The lowest priority number, then the oldest position (then the lowest
  // SPID, which only a damaged table could need), among the policies of
  // `direction` whose selector takes `packet`.
  [[nodiscard]] PolicyEntry* lookup(const kernel::Selector& packet, rct::Direction direction) const;

  // How many shapes are in use: the number of searches per lookup.
  [[nodiscard]] std::size_t shapes() const { return groups_.size(); }

 private:
  struct Shape {
    int direction = 0;
    addr::Family family = addr::Family::v4;
    std::uint8_t src_length = 0;
    std::uint8_t dst_length = 0;
    bool protocol = false;  // named (not kAnyProtocol)
    bool src_port = false;  // named (not 0)
    bool dst_port = false;
    bool ifindex = false;

    auto operator<=>(const Shape&) const = default;
  };
  // A selector, or a packet cut to a shape. Addresses without their scope:
  // selector_matches() does not compare scopes either.
  struct Cut {
    std::array<std::uint8_t, 16> src{};
    std::array<std::uint8_t, 16> dst{};
    std::uint8_t protocol = kernel::kAnyProtocol;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint32_t ifindex = 0;

    auto operator<=>(const Cut&) const = default;
  };
  static Shape shape_of(const PolicyEntry& entry);
  static Cut cut(const kernel::Selector& selector, const Shape& shape);

  // Selectors differing only in an address scope share a cut, hence multi.
  std::map<Shape, std::multimap<Cut, PolicyEntry*>> groups_;
};

}  // namespace rc::pfkeyd
