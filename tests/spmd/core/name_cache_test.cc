// The FQDN database and its cache: sources kept apart, nsswitch's order,
// DNS facts with their TTLs, the size bounds.
#include "spmd/core/name_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "support/addr_literals.h"

namespace rc::spmd {
namespace {

using rc::testing::ip;
using std::chrono::seconds;
using Kind = DnsFacts::Kind;
using Names = std::vector<std::string>;

std::vector<addr::IpAddress> ips(std::initializer_list<std::string_view> texts) {
  std::vector<addr::IpAddress> out;
  for (std::string_view text : texts) out.push_back(ip(text));
  return out;
}

DnsFacts addresses(std::initializer_list<std::string_view> texts, std::uint32_t ttl) {
  return DnsFacts{Kind::Addresses, ips(texts), ttl};
}

constexpr HostsOrder kDnsFirst{.files = true, .dns = true, .files_first = false};
constexpr HostsOrder kFilesFirst{.files = true, .dns = true, .files_first = true};
constexpr HostsOrder kFilesOnly{.files = true, .dns = false, .files_first = true};
constexpr HostsOrder kDnsOnly{.files = false, .dns = true, .files_first = false};

constexpr SteadyTime kStart = SteadyTime{} + std::chrono::hours(1);

// ---- the database ----

TEST(NameCacheTest, WatchNormalisesAndTellsWhy) {
  NameCache cache;
  EXPECT_EQ(cache.watch("b.example."), NameCache::WatchResult::Added);
  EXPECT_EQ(cache.watch("A.Example"), NameCache::WatchResult::Added);
  EXPECT_EQ(cache.watch("a.example."), NameCache::WatchResult::AlreadyWatched);
  EXPECT_EQ(cache.watch("bad!name.example."), NameCache::WatchResult::BadName);
  EXPECT_EQ(cache.watch("-dash.example."), NameCache::WatchResult::BadName);
  EXPECT_EQ(cache.watch(std::string(300, 'a')), NameCache::WatchResult::BadName);
  EXPECT_EQ(cache.watch(""), NameCache::WatchResult::BadName);
  EXPECT_TRUE(cache.watched("a.example."));
  EXPECT_TRUE(cache.watched("A.EXAMPLE"));
  EXPECT_FALSE(cache.watched("c.example."));
  EXPECT_EQ(cache.watched_names(), (Names{"b.example.", "a.example."}));
}

TEST(NameCacheTest, UnwatchDropsEverythingKnownOfTheName) {
  NameCache cache;
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("b.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.set_hosts(parse_hosts("192.0.2.1 a.example\n")), (Names{"a.example."}));
  ASSERT_TRUE(cache.learn_dns("a.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));

  EXPECT_TRUE(cache.unwatch("A.Example"));
  EXPECT_FALSE(cache.unwatch("a.example."));
  EXPECT_FALSE(cache.watched("a.example."));
  EXPECT_FALSE(cache.state("a.example."));
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
  EXPECT_TRUE(cache.names_of(ip("192.0.2.1")).empty());
  EXPECT_EQ(cache.cached_names(), 0U);
  EXPECT_EQ(cache.cached_addresses(), 0U);

  // Watched again, it starts with nothing and goes after the names that stayed.
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
  const std::optional<NameCache::NameState> state = cache.state("a.example.");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->hosts.empty());
  EXPECT_FALSE(state->v4);
  EXPECT_FALSE(state->v6);
  EXPECT_EQ(cache.watched_names(), (Names{"b.example.", "a.example."}));
}

TEST(NameCacheTest, FullAtMaxNames) {
  NameCache cache(kDnsFirst, NameCache::Limits{.max_names = 2, .max_addresses_per_name = 4});
  EXPECT_FALSE(cache.full());
  EXPECT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_EQ(cache.watch("b.example."), NameCache::WatchResult::Added);
  EXPECT_TRUE(cache.full());
  EXPECT_EQ(cache.watch("c.example."), NameCache::WatchResult::Full);
  EXPECT_FALSE(cache.watched("c.example."));
  // A name already there is still reported as such, and a bad one as bad.
  EXPECT_EQ(cache.watch("a.example."), NameCache::WatchResult::AlreadyWatched);
  EXPECT_EQ(cache.watch("bad!.example."), NameCache::WatchResult::BadName);
  // Answers about the refused name change nothing.
  EXPECT_FALSE(cache.learn_dns("c.example.", Family::V4, addresses({"192.0.2.3"}, 60), kStart));
  EXPECT_TRUE(cache.set_hosts(parse_hosts("192.0.2.3 c.example\n")).empty());
  EXPECT_EQ(cache.cached_addresses(), 0U);

  ASSERT_TRUE(cache.unwatch("a.example."));
  EXPECT_FALSE(cache.full());
  EXPECT_EQ(cache.watch("c.example."), NameCache::WatchResult::Added);
  EXPECT_EQ(cache.watched_names(), (Names{"b.example.", "c.example."}));
}

TEST(NameCacheTest, LookupsTakeStringViewsWithoutTerminator) {
  NameCache cache;
  ASSERT_EQ(cache.watch("host.example."), NameCache::WatchResult::Added);
  ASSERT_TRUE(cache.learn_dns("host.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  // A view into a larger buffer (as a name inside a DNS message would be).
  const std::string buffer = "xhost.example.host.example.y";
  const std::string_view name = std::string_view(buffer).substr(1, 13);
  ASSERT_EQ(name, "host.example.");
  EXPECT_TRUE(cache.watched(name));
  EXPECT_EQ(cache.addresses_of(name), ips({"192.0.2.1"}));
  EXPECT_TRUE(cache.learn_dns(name, Family::V4, addresses({"192.0.2.2"}, 60), kStart));
  // Not normalised: looked up as its normal form.
  EXPECT_EQ(cache.addresses_of("HOST.example"), ips({"192.0.2.2"}));
  EXPECT_TRUE(cache.watched(std::string_view(buffer).substr(1, 12)));   // "host.example"
  EXPECT_FALSE(cache.watched(std::string_view(buffer).substr(0, 14)));  // "xhost.example."
  EXPECT_FALSE(cache.watched("host.example.y"));
}

TEST(NameCacheTest, ManyNamesAllFoundAgain) {
  NameCache cache(kDnsFirst, NameCache::Limits{.max_names = 5000, .max_addresses_per_name = 4});
  for (int i = 0; i < 3000; ++i) {
    ASSERT_EQ(cache.watch("host" + std::to_string(i) + ".example."), NameCache::WatchResult::Added);
  }
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(cache.watched("host" + std::to_string(i) + ".example.")) << i;
  }
  EXPECT_FALSE(cache.watched("host3000.example."));
  const Names names = cache.watched_names();
  ASSERT_EQ(names.size(), 3000U);
  EXPECT_EQ(names.front(), "host0.example.");
  EXPECT_EQ(names.back(), "host2999.example.");
}

// ---- /etc/hosts ----

TEST(NameCacheTest, HostsMergeLinesForWatchedNamesAndAliases) {
  NameCache cache;
  ASSERT_EQ(cache.watch("gw.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("dns-only.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("alias."), NameCache::WatchResult::Added);
  ASSERT_TRUE(
      cache.learn_dns("dns-only.example.", Family::V4, addresses({"203.0.113.5"}, 60), kStart));
  const HostsFile hosts = parse_hosts(
      "192.0.2.1 gw.example\n"
      "2001:db8::1 GW.example. alias\n"
      "192.0.2.1 gw.example\n"
      "198.51.100.7 unwatched.example\n");
  ASSERT_EQ(hosts.malformed, 0U);

  // Changed names come back in watch order.
  EXPECT_EQ(cache.set_hosts(hosts), (Names{"gw.example.", "alias."}));
  EXPECT_EQ(cache.addresses_of("gw.example."), ips({"192.0.2.1", "2001:db8::1"}));
  EXPECT_EQ(cache.addresses_of("alias."), ips({"2001:db8::1"}));
  EXPECT_EQ(cache.addresses_of("dns-only.example."), ips({"203.0.113.5"}));
  EXPECT_TRUE(cache.addresses_of("unwatched.example.").empty());
  EXPECT_FALSE(cache.watched("unwatched.example."));
  EXPECT_EQ(cache.state("gw.example.")->hosts, ips({"192.0.2.1", "2001:db8::1"}));

  // The same file again changes nothing.
  EXPECT_TRUE(cache.set_hosts(hosts).empty());
}

TEST(NameCacheTest, HostsAreReplacedWhole) {
  // The old cache kept what a name had when the name left /etc/hosts.
  NameCache cache(kFilesFirst);
  ASSERT_EQ(cache.watch("gw.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("alias."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.set_hosts(parse_hosts("192.0.2.1 gw.example alias\n")),
            (Names{"gw.example.", "alias."}));

  EXPECT_EQ(cache.set_hosts(parse_hosts("192.0.2.99 alias\n")), (Names{"gw.example.", "alias."}));
  EXPECT_TRUE(cache.addresses_of("gw.example.").empty());
  EXPECT_EQ(cache.addresses_of("alias."), ips({"192.0.2.99"}));
  EXPECT_TRUE(cache.names_of(ip("192.0.2.1")).empty());

  EXPECT_EQ(cache.set_hosts(HostsFile{}), (Names{"alias."}));
  EXPECT_TRUE(cache.addresses_of("alias.").empty());
  EXPECT_EQ(cache.cached_addresses(), 0U);
}

TEST(NameCacheTest, HostsChangeHiddenByDnsIsNotReported) {
  // DNS first with an answer: a hosts edit does not move the name.
  NameCache cache(kDnsFirst);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  ASSERT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"203.0.113.1"}, 60), kStart));
  EXPECT_TRUE(cache.set_hosts(parse_hosts("192.0.2.1 a.example\n")).empty());
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"203.0.113.1"}));
  EXPECT_EQ(cache.state("a.example.")->hosts, ips({"192.0.2.1"}));  // kept for later
}

// ---- DNS ----

TEST(NameCacheTest, DnsFactsKeepTheirTtlAndExpiry) {
  NameCache cache(kDnsOnly);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4,
                              addresses({"192.0.2.9", "192.0.2.1", "192.0.2.9"}, 300), kStart));
  std::optional<NameCache::NameState> state = cache.state("a.example.");
  ASSERT_TRUE(state && state->v4);
  EXPECT_FALSE(state->v6);
  EXPECT_EQ(state->v4->kind, Kind::Addresses);
  EXPECT_EQ(state->v4->addresses, ips({"192.0.2.1", "192.0.2.9"}));  // sorted, unique
  EXPECT_EQ(state->v4->ttl, 300U);
  EXPECT_EQ(state->v4->learned, kStart);
  EXPECT_EQ(state->v4->expires, kStart + seconds(300));
  EXPECT_FALSE(state->v4->expired(kStart + seconds(299)));
  EXPECT_TRUE(state->v4->expired(kStart + seconds(300)));

  // The same addresses again: no change, but a new TTL and expiry.
  EXPECT_FALSE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1", "192.0.2.9"}, 30),
                               kStart + seconds(400)));
  state = cache.state("a.example.");
  EXPECT_EQ(state->v4->ttl, 30U);
  EXPECT_EQ(state->v4->expires, kStart + seconds(430));

  // Expired is not gone: the addresses stay until an answer changes them.
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1", "192.0.2.9"}));

  // AAAA adds to A; both families count.
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1", "192.0.2.9", "2001:db8::1"}));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.2"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.2", "2001:db8::1"}));
}

TEST(NameCacheTest, DnsAboutUnwatchedNamesIsIgnored) {
  NameCache cache;
  EXPECT_FALSE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  EXPECT_FALSE(cache.watched("a.example."));
  EXPECT_FALSE(cache.state("a.example."));
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
}

TEST(NameCacheTest, AddressesOfTheOtherFamilyAreNotBelieved) {
  NameCache cache;
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1", "2001:db8::1"}, 60),
                              kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1"}));
  // Only addresses of the other family: nothing of this one, i.e. NoData.
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"2001:db8::1"}, 60), kStart));
  EXPECT_EQ(cache.state("a.example.")->v4->kind, Kind::NoData);
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
}

TEST(NameCacheTest, NxDomainAndNoDataClearOnlyTheirFamily) {
  NameCache cache(kDnsOnly);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  ASSERT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  ASSERT_TRUE(cache.learn_dns("a.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));

  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V6, DnsFacts{Kind::NoData, {}, 30}, kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1"}));
  EXPECT_EQ(cache.state("a.example.")->v6->kind, Kind::NoData);
  EXPECT_EQ(cache.state("a.example.")->v6->ttl, 30U);
  EXPECT_TRUE(cache.state("a.example.")->v6->addresses.empty());

  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, DnsFacts{Kind::NxDomain, {}, 60}, kStart));
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
  EXPECT_EQ(cache.state("a.example.")->v4->kind, Kind::NxDomain);
  EXPECT_EQ(cache.cached_names(), 0U);
  // Still watched: a later answer brings it back.
  EXPECT_TRUE(cache.watched("a.example."));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.5"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.5"}));
}

// ---- nsswitch order ----

TEST(NameCacheTest, FilesFirstHostsWinWhenTheyHaveTheName) {
  NameCache cache(kFilesFirst);
  ASSERT_EQ(cache.watch("both.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("dns.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.set_hosts(parse_hosts("192.0.2.1 both.example\n")), (Names{"both.example."}));
  // DNS for a name /etc/hosts has does not change what is used.
  EXPECT_FALSE(
      cache.learn_dns("both.example.", Family::V4, addresses({"203.0.113.1"}, 60), kStart));
  EXPECT_FALSE(
      cache.learn_dns("both.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("both.example."), ips({"192.0.2.1"}));
  // Without a hosts line DNS answers.
  EXPECT_TRUE(cache.learn_dns("dns.example.", Family::V4, addresses({"203.0.113.2"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("dns.example."), ips({"203.0.113.2"}));
  // The hosts line goes: DNS takes over.
  EXPECT_EQ(cache.set_hosts(HostsFile{}), (Names{"both.example."}));
  EXPECT_EQ(cache.addresses_of("both.example."), ips({"203.0.113.1", "2001:db8::1"}));
}

TEST(NameCacheTest, DnsFirstDnsWinsAndHostsAreTheFallback) {
  NameCache cache(kDnsFirst);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.set_hosts(parse_hosts("192.0.2.1 a.example\n")), (Names{"a.example."}));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1"}));  // no DNS yet
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"2001:db8::1"}));  // any DNS address wins
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, addresses({"203.0.113.1"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"203.0.113.1", "2001:db8::1"}));
  // NXDOMAIN for both: glibc would go on to files.
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, DnsFacts{Kind::NxDomain, {}, 60}, kStart));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V6, DnsFacts{Kind::NxDomain, {}, 60}, kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1"}));
}

TEST(NameCacheTest, WithoutDnsInNsswitchDnsFactsAreIgnored) {
  NameCache cache(kFilesOnly);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_FALSE(cache.learn_dns("a.example.", Family::V4, addresses({"203.0.113.1"}, 60), kStart));
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
  EXPECT_FALSE(cache.wants_dns("a.example."));
  ASSERT_EQ(cache.set_hosts(parse_hosts("192.0.2.1 a.example\n")), (Names{"a.example."}));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1"}));
  // nsswitch.conf re-read with dns: what was learned applies.
  cache.set_order(kDnsFirst);
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"203.0.113.1"}));
}

TEST(NameCacheTest, WithoutFilesInNsswitchHostsAreIgnored) {
  NameCache cache(kDnsOnly);
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  EXPECT_TRUE(cache.set_hosts(parse_hosts("192.0.2.1 a.example\n")).empty());
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());
  EXPECT_TRUE(cache.wants_dns("a.example."));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4,
                              DnsFacts{Kind::Addresses, ips({"203.0.113.1"}), 60}, kStart));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V4, DnsFacts{Kind::NxDomain, {}, 60}, kStart));
  EXPECT_TRUE(cache.addresses_of("a.example.").empty());  // no fallback to files
}

TEST(NameCacheTest, WantsDnsFollowsTheOriginalsRule) {
  NameCache cache(kFilesFirst);
  ASSERT_EQ(cache.watch("hosts.example."), NameCache::WatchResult::Added);
  ASSERT_EQ(cache.watch("other.example."), NameCache::WatchResult::Added);
  ASSERT_FALSE(cache.set_hosts(parse_hosts("192.0.2.1 hosts.example\n")).empty());
  EXPECT_FALSE(cache.wants_dns("hosts.example."));  // files first and /etc/hosts has it
  EXPECT_TRUE(cache.wants_dns("other.example."));
  EXPECT_FALSE(cache.wants_dns("unwatched.example."));
  cache.set_order(kDnsFirst);
  EXPECT_TRUE(cache.wants_dns("hosts.example."));
  cache.set_order(kFilesOnly);
  EXPECT_FALSE(cache.wants_dns("other.example."));
}

// ---- bounds ----

TEST(NameCacheTest, AddressesPerSourceAndFamilyAreCapped) {
  NameCache cache(kDnsFirst, NameCache::Limits{.max_names = 8, .max_addresses_per_name = 2});
  ASSERT_EQ(cache.watch("a.example."), NameCache::WatchResult::Added);
  // Sorted and de-duplicated first, then cut: the lowest two stay.
  EXPECT_TRUE(cache.learn_dns(
      "a.example.", Family::V4,
      addresses({"192.0.2.4", "192.0.2.3", "192.0.2.1", "192.0.2.1", "192.0.2.2"}, 60), kStart));
  EXPECT_EQ(cache.addresses_of("a.example."), ips({"192.0.2.1", "192.0.2.2"}));
  EXPECT_TRUE(cache.learn_dns("a.example.", Family::V6,
                              addresses({"2001:db8::3", "2001:db8::2", "2001:db8::1"}, 60),
                              kStart));
  EXPECT_EQ(cache.addresses_of("a.example."),
            ips({"192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"}));

  // /etc/hosts: per family as well.
  ASSERT_EQ(cache.watch("h.example."), NameCache::WatchResult::Added);
  std::string file;
  for (int i = 9; i >= 1; --i) {
    file += "192.0.2." + std::to_string(i) + " h.example\n";
    file += "2001:db8::" + std::to_string(i) + " h.example\n";
  }
  EXPECT_EQ(cache.set_hosts(parse_hosts(file)), (Names{"h.example."}));
  EXPECT_EQ(cache.addresses_of("h.example."),
            ips({"192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"}));
}

// ---- reverse lookups and counters ----

TEST(NameCacheTest, NamesOfAnswersInWatchOrderAcrossSources) {
  NameCache cache(kDnsFirst);
  for (const char* name : {"z.example.", "a.example.", "m.example.", "n.example."}) {
    ASSERT_EQ(cache.watch(name), NameCache::WatchResult::Added);
  }
  ASSERT_FALSE(cache
                   .set_hosts(parse_hosts("192.0.2.1 z.example\n"
                                          "192.0.2.1 n.example\n"))
                   .empty());
  ASSERT_TRUE(
      cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1", "192.0.2.2"}, 60), kStart));
  ASSERT_TRUE(cache.learn_dns("m.example.", Family::V6, addresses({"2001:db8::1"}, 60), kStart));
  ASSERT_TRUE(cache.learn_dns("m.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  // n.example's hosts address is hidden by a DNS answer (DNS first).
  ASSERT_TRUE(cache.learn_dns("n.example.", Family::V4, addresses({"192.0.2.7"}, 60), kStart));

  EXPECT_EQ(cache.names_of(ip("192.0.2.1")), (Names{"z.example.", "a.example.", "m.example."}));
  EXPECT_EQ(cache.names_of(ip("192.0.2.2")), (Names{"a.example."}));
  EXPECT_EQ(cache.names_of(ip("2001:db8::1")), (Names{"m.example."}));
  EXPECT_EQ(cache.names_of(ip("192.0.2.7")), (Names{"n.example."}));
  EXPECT_TRUE(cache.names_of(ip("198.51.100.1")).empty());
}

TEST(NameCacheTest, CountersCountWhatIsInUse) {
  NameCache cache(kDnsFirst);
  EXPECT_EQ(cache.cached_addresses(), 0U);
  EXPECT_EQ(cache.cached_names(), 0U);
  EXPECT_EQ(cache.cached_pairs(), 0U);
  for (const char* name : {"a.example.", "b.example.", "c.example.", "d.example."}) {
    ASSERT_EQ(cache.watch(name), NameCache::WatchResult::Added);
  }
  ASSERT_TRUE(
      cache.learn_dns("a.example.", Family::V4, addresses({"192.0.2.1", "192.0.2.2"}, 60), kStart));
  ASSERT_FALSE(cache
                   .set_hosts(parse_hosts("192.0.2.2 b.example\n2001:db8::2 b.example\n"
                                          "192.0.2.9 d.example\n"))
                   .empty());
  // d.example's hosts address is hidden by DNS's; c.example never resolved.
  ASSERT_TRUE(cache.learn_dns("d.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  EXPECT_EQ(cache.cached_addresses(), 3U);  // .1 .2 and 2001:db8::2
  EXPECT_EQ(cache.cached_names(), 3U);      // a b d
  EXPECT_EQ(cache.cached_pairs(), 5U);      // a:2 b:2 d:1
  ASSERT_TRUE(cache.unwatch("b.example."));
  EXPECT_EQ(cache.cached_addresses(), 2U);
  EXPECT_EQ(cache.cached_names(), 2U);
  EXPECT_EQ(cache.cached_pairs(), 3U);
}

TEST(NameCacheTest, PlannerLooksUpThroughNameLookup) {
  NameCache cache;
  ASSERT_EQ(cache.watch("host.example."), NameCache::WatchResult::Added);
  ASSERT_TRUE(cache.learn_dns("host.example.", Family::V4, addresses({"192.0.2.1"}, 60), kStart));
  const NameLookup& lookup = cache;
  EXPECT_EQ(lookup.addresses_of("host.example."), ips({"192.0.2.1"}));
  EXPECT_TRUE(lookup.addresses_of("other.example.").empty());
}

}  // namespace
}  // namespace rc::spmd
