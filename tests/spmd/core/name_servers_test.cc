// The NS list spmif's NS commands edit: the live server first, fail-over
// order kept, never empty once configured.
#include "spmd/core/name_servers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spmd/core/dns_counters.h"
#include "support/addr_literals.h"

namespace rc::spmd {
namespace {

using rc::testing::ip;

using ::testing::ElementsAre;

TEST(NameServersTest, ConfiguredOrderWithTheFirstLive) {
  NameServers servers({ip("192.0.2.53"), ip("192.0.2.54"), ip("192.0.2.53")});
  EXPECT_THAT(servers.list(), ElementsAre(ip("192.0.2.53"), ip("192.0.2.54")));
  EXPECT_EQ(servers.current(), ip("192.0.2.53"));
  EXPECT_FALSE(NameServers().current().has_value());
}

TEST(NameServersTest, AddMakesTheNewServerLive) {
  NameServers servers({ip("192.0.2.53"), ip("192.0.2.54")});
  EXPECT_TRUE(servers.add(ip("2001:db8::53")));
  EXPECT_FALSE(servers.add(ip("192.0.2.54")));
  EXPECT_THAT(servers.list(), ElementsAre(ip("2001:db8::53"), ip("192.0.2.53"), ip("192.0.2.54")));
}

TEST(NameServersTest, ChangeAndAdvanceRotate) {
  NameServers servers({ip("192.0.2.53"), ip("192.0.2.54"), ip("192.0.2.55")});
  EXPECT_TRUE(servers.make_current(ip("192.0.2.54")));
  EXPECT_FALSE(servers.make_current(ip("192.0.2.99")));
  EXPECT_THAT(servers.list(), ElementsAre(ip("192.0.2.54"), ip("192.0.2.55"), ip("192.0.2.53")));
  servers.advance();
  servers.advance();
  EXPECT_EQ(servers.current(), ip("192.0.2.53"));
}

TEST(NameServersTest, RemoveKeepsTheLiveOneOrItsSuccessor) {
  NameServers servers({ip("192.0.2.53"), ip("192.0.2.54"), ip("192.0.2.55")});
  ASSERT_TRUE(servers.make_current(ip("192.0.2.55")));
  // Removing one before the live server keeps the live one live.
  EXPECT_EQ(servers.remove(ip("192.0.2.53")), NameServers::RemoveResult::Removed);
  EXPECT_EQ(servers.current(), ip("192.0.2.55"));
  // Removing the live server hands over to the next one (wrapping round).
  EXPECT_EQ(servers.remove(ip("192.0.2.55")), NameServers::RemoveResult::Removed);
  EXPECT_EQ(servers.current(), ip("192.0.2.54"));
  EXPECT_EQ(servers.remove(ip("192.0.2.99")), NameServers::RemoveResult::Missing);
  EXPECT_EQ(servers.remove(ip("192.0.2.54")), NameServers::RemoveResult::Last);
  EXPECT_THAT(servers.list(), ElementsAre(ip("192.0.2.54")));
}

TEST(DnsCountersTest, StatLinesInTheOriginalOrder) {
  NameCache names;
  names.watch("peer.example.test.");
  names.watch("other.example.test.");
  names.watch("alias.example.test.");
  names.set_hosts(
      parse_hosts("192.0.2.7 peer.example.test alias.example.test\n"
                  "2001:db8::7 peer.example.test\n"));
  DnsCounters dns;
  dns.query = 3;
  dns.dup_query = 1;
  dns.drop_malformed = 4;
  dns.drop_spoofed = 5;
  dns.drop_late = 6;
  dns.tcp_retry = 7;
  dns.refresh = 8;
  // Two distinct addresses, three names watched, three (name, address) pairs.
  EXPECT_THAT(stat_lines(dns, names),
              ElementsAre("DNS QUERY = 3", "DNS RESPONSE = 0", "DNS QUERY PROXY = 0",
                          "DNS RESPONSE PROXY = 0", "DNS EXPIRED QUERY = 0", "DNS DUP QUERY = 1",
                          "CACHE IP ADDRESS = 2", "CACHE FQDN = 3", "CACHE TOTAL FQDN = 3",
                          "DNS DROP MALFORMED = 4", "DNS DROP SPOOFED = 5", "DNS DROP LATE = 6",
                          "DNS TCP RETRY = 7", "DNS REFRESH = 8"));
}

}  // namespace
}  // namespace rc::spmd
