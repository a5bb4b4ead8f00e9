// The SPD's packet lookup index (tuple space search) against the rule it
// replaces: try every policy of the direction in (priority, position)
// order and take the first whose selector takes the packet. Random
// policies of many shapes, random packets, adds, updates and deletes; the
// index must agree with the scan on every packet.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <random>
#include <vector>

#include "core/selector_match.h"
#include "core/spd.h"
#include "core_testing.h"

namespace rc::pfkeyd::testing {
namespace {

using rct::Direction;

constexpr Direction kDirections[] = {Direction::Outbound, Direction::Inbound, Direction::Fwd};

// Addresses from a small pool so that prefixes overlap and packets match.
class RandomSelectors {
 public:
  explicit RandomSelectors(std::uint32_t seed) : rng_(seed) {}

  addr::IpAddress address(bool v6) {
    const auto a = static_cast<std::uint8_t>(pick(0, 3));
    const auto b = static_cast<std::uint8_t>(pick(0, 3));
    if (!v6) return addr::IpAddress::from_bytes(std::array<std::uint8_t, 4>{10, a, 0, b});
    std::array<std::uint8_t, 16> bytes{0x20, 0x01, 0x0d, 0xb8};
    bytes[7] = a;
    bytes[15] = b;
    return addr::IpAddress::from_bytes(bytes);
  }

  addr::Prefix prefix(bool v6) {
    static constexpr unsigned kV4[] = {0, 8, 16, 23, 24, 31, 32};
    static constexpr unsigned kV6[] = {0, 32, 64, 120, 127, 128};
    const unsigned length =
        v6 ? kV6[pick(0, std::size(kV6) - 1)] : kV4[pick(0, std::size(kV4) - 1)];
    return *addr::Prefix::make(address(v6), length);
  }

  kernel::Selector selector() {
    const bool v6 = pick(0, 3) == 0;
    kernel::Selector s;
    s.src = prefix(v6);
    s.dst = prefix(v6);
    s.protocol = pick(0, 1) == 0 ? kernel::kAnyProtocol : (pick(0, 1) == 0 ? 6 : 17);
    s.src_port = pick(0, 2) == 0 ? static_cast<std::uint16_t>(pick(1, 3)) : 0;
    s.dst_port = pick(0, 2) == 0 ? static_cast<std::uint16_t>(pick(1, 3)) : 0;
    s.ifindex = pick(0, 5) == 0 ? static_cast<std::uint32_t>(pick(1, 2)) : 0;
    return s;
  }

  kernel::Selector packet() {
    const bool v6 = pick(0, 3) == 0;
    kernel::Selector p;
    p.src = addr::Prefix::host(address(v6));
    p.dst = addr::Prefix::host(address(v6));
    p.protocol = pick(0, 1) == 0 ? 6 : 17;
    p.src_port = static_cast<std::uint16_t>(pick(1, 3));
    p.dst_port = static_cast<std::uint16_t>(pick(1, 3));
    p.ifindex = static_cast<std::uint32_t>(pick(1, 2));
    return p;
  }

  std::size_t pick(std::size_t low, std::size_t high) {
    return std::uniform_int_distribution<std::size_t>(low, high)(rng_);
  }

 private:
  std::mt19937 rng_;
};

// The rule as Linux states it, by brute force.
const PolicyEntry* scan(const Spd& spd, const kernel::Selector& packet, Direction direction) {
  const PolicyEntry* best = nullptr;
  for (const PolicyEntry* entry : spd.in_order()) {
    if (entry->params.direction != direction) continue;
    if (!selector_matches(entry->params.selector, packet)) continue;
    if (best == nullptr || entry->params.priority < best->params.priority) best = entry;
  }
  return best;  // in_order() is by position: the first of equal priority is the oldest
}

void expect_lookups_agree(Spd& spd, RandomSelectors& random, int packets) {
  int matched = 0;
  for (int i = 0; i < packets; ++i) {
    const kernel::Selector packet = random.packet();
    for (Direction direction : kDirections) {
      const PolicyEntry* want = scan(spd, packet, direction);
      const PolicyEntry* got = spd.lookup(packet, direction);
      ASSERT_EQ(got, want) << "packet " << packet.src.to_string() << " -> "
                           << packet.dst.to_string() << " proto " << int{packet.protocol}
                           << " ports " << packet.src_port << "/" << packet.dst_port << " if "
                           << packet.ifindex;
      matched += want != nullptr ? 1 : 0;
    }
  }
  EXPECT_GT(matched, packets / 4) << "the random policies should catch many packets";
}

TEST(PolicyLookupTest, AgreesWithTryingEveryPolicyThroughAddsUpdatesAndDeletes) {
  RandomSelectors random(20261129);
  Spd spd;
  const MonoTime now{};
  std::vector<kernel::Spid> live;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 150; ++i) {
      kernel::PolicyParams policy;
      policy.selector = random.selector();
      policy.direction = kDirections[random.pick(0, 2)];
      policy.action = kernel::PolicyAction::Bypass;
      policy.priority = static_cast<std::uint32_t>(random.pick(0, 3));
      if (auto spid = spd.add(policy, now, 0)) live.push_back(*spid);
    }
    // Updates: some keep their priority (and place), some change it.
    for (int i = 0; i < 40 && !live.empty(); ++i) {
      const kernel::Spid spid = live[random.pick(0, live.size() - 1)];
      const PolicyEntry* entry = spd.find(spid);
      ASSERT_NE(entry, nullptr);
      kernel::PolicyParams policy = entry->params;
      if (random.pick(0, 1) == 0) policy.priority = static_cast<std::uint32_t>(random.pick(0, 3));
      EXPECT_EQ(spd.update(policy, now, 0), spid);
    }
    for (int i = 0; i < 60 && !live.empty(); ++i) {
      const std::size_t at = random.pick(0, live.size() - 1);
      ASSERT_TRUE(spd.erase(live[at]).has_value());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(at));
    }
    ASSERT_EQ(spd.size(), live.size());
    expect_lookups_agree(spd, random, 300);
  }
  spd.clear();
  EXPECT_EQ(spd.lookup(random.packet(), Direction::Outbound), nullptr);
}

TEST(PolicyLookupTest, AScopeDoesNotHideAPolicy) {
  // selector_matches() ignores scopes; two selectors that differ only in
  // one share an index slot, and the older of equal priority wins.
  Spd spd;
  kernel::PolicyParams first;
  first.selector.src = *addr::Prefix::make(ip("fe80::1%2"), 128);
  first.selector.dst = *addr::Prefix::make(ip("fe80::2"), 128);
  first.action = kernel::PolicyAction::Bypass;
  first.priority = 5;
  kernel::PolicyParams second = first;
  second.selector.src = *addr::Prefix::make(ip("fe80::1%3"), 128);
  auto older = spd.add(first, MonoTime{}, 0);
  auto newer = spd.add(second, MonoTime{}, 0);
  ASSERT_OK(older);
  ASSERT_OK(newer);
  kernel::Selector packet;
  packet.src = addr::Prefix::host(ip("fe80::1"));
  packet.dst = addr::Prefix::host(ip("fe80::2"));
  ASSERT_NE(spd.lookup(packet, Direction::Outbound), nullptr);
  EXPECT_EQ(spd.lookup(packet, Direction::Outbound)->params.spid, *older);
  ASSERT_TRUE(spd.erase(*older).has_value());
  ASSERT_NE(spd.lookup(packet, Direction::Outbound), nullptr);
  EXPECT_EQ(spd.lookup(packet, Direction::Outbound)->params.spid, *newer);
}

TEST(PolicyLookupTest, TenThousandHostPairsAreOneShape) {
  // What a concentrator installs: a lookup is one search, not 10,000 tests.
  Spd spd;
  for (std::uint32_t i = 0; i < 10000; ++i) {
    kernel::PolicyParams policy;
    policy.selector.src = addr::Prefix::host(addr::IpAddress::v4(0xcb007100U + (i / 250 + 1)));
    policy.selector.dst = addr::Prefix::host(addr::IpAddress::v4(0xc6336400U + (i % 250 + 1)));
    policy.action = kernel::PolicyAction::Bypass;
    ASSERT_OK(spd.add(policy, MonoTime{}, 0));
  }
  kernel::Selector packet;
  packet.src = addr::Prefix::host(addr::IpAddress::v4(0xcb007100U + 7));
  packet.dst = addr::Prefix::host(addr::IpAddress::v4(0xc6336400U + 9));
  EXPECT_EQ(spd.lookup_shapes(), 1U);
  const PolicyEntry* found = spd.lookup(packet, Direction::Outbound);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->params.selector.src, packet.src);
  EXPECT_EQ(found->params.selector.dst, packet.dst);
  EXPECT_EQ(spd.lookup(packet, Direction::Inbound), nullptr);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
