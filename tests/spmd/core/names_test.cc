// nsswitch.conf and /etc/hosts parsing (the cache that uses them:
// name_cache_test.cc).
#include "spmd/core/names.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <string>
#include <vector>

#include "support/addr_literals.h"
#include "support/temp_dir.h"

namespace rc::spmd {
namespace {

using rc::testing::ip;

void write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

constexpr HostsOrder kGlibcDefault{.files = true, .dns = true, .files_first = false};
constexpr HostsOrder kFilesThenDns{.files = true, .dns = true, .files_first = true};

// ---- nsswitch.conf ----

TEST(NsswitchTest, DebianDefaultLineIgnoresOtherSourcesAndActions) {
  const HostsOrder order = parse_nsswitch(
      "passwd:         files\n"
      "hosts:          files myhostname mdns4_minimal [NOTFOUND=return] dns\n"
      "networks:       files\n");
  EXPECT_EQ(order, kFilesThenDns);
}

TEST(NsswitchTest, DnsBeforeFiles) {
  EXPECT_EQ(parse_nsswitch("hosts: dns files\n"), kGlibcDefault);
}

TEST(NsswitchTest, MissingHostsLineMeansGlibcDefault) {
  EXPECT_EQ(parse_nsswitch("passwd: files\ngroup: files\n"), kGlibcDefault);
  EXPECT_EQ(parse_nsswitch(""), kGlibcDefault);
  // A hosts line naming no source at all is glibc's default too.
  EXPECT_EQ(parse_nsswitch("hosts: [NOTFOUND=return]\n"), kGlibcDefault);
}

TEST(NsswitchTest, CommentsAreIgnored) {
  EXPECT_EQ(parse_nsswitch("# hosts: files\nhosts: dns # files\n"),
            (HostsOrder{.files = false, .dns = true, .files_first = false}));
}

TEST(NsswitchTest, TabsBlanksCaseAndNoSpaceAfterColon) {
  EXPECT_EQ(parse_nsswitch("  HOSTS\t:\tfiles\tdns\r\n"), kFilesThenDns);
  EXPECT_EQ(parse_nsswitch("Hosts:dns"),
            (HostsOrder{.files = false, .dns = true, .files_first = false}));
}

TEST(NsswitchTest, ActionGroupsWithBlanksAreSkipped) {
  // "dns" inside the brackets is no source; the unterminated group ends the list.
  EXPECT_EQ(parse_nsswitch("hosts: files [ !UNAVAIL=return dns=continue ] resolve\n"),
            (HostsOrder{.files = true, .dns = false, .files_first = true}));
  EXPECT_EQ(parse_nsswitch("hosts: files [NOTFOUND=return dns\n"),
            (HostsOrder{.files = true, .dns = false, .files_first = true}));
  EXPECT_EQ(parse_nsswitch("hosts: files[NOTFOUND=return]dns\n"), kFilesThenDns);
}

TEST(NsswitchTest, OnlyOtherSources) {
  EXPECT_EQ(parse_nsswitch("hosts: resolve [!UNAVAIL=return] myhostname\n"),
            (HostsOrder{.files = false, .dns = false, .files_first = false}));
  // Sources are library names: glibc would look for libnss_DNS.
  EXPECT_EQ(parse_nsswitch("hosts: DNS Files\n"),
            (HostsOrder{.files = false, .dns = false, .files_first = false}));
}

TEST(NsswitchTest, FilesAloneHasPriority) {
  EXPECT_EQ(parse_nsswitch("hosts: files\n"),
            (HostsOrder{.files = true, .dns = false, .files_first = true}));
}

TEST(NsswitchTest, FirstHostsLineWinsAndOtherDatabasesDoNotMatch) {
  EXPECT_EQ(parse_nsswitch("hostsx: files\nhosts: dns\nhosts: files\n"),
            (HostsOrder{.files = false, .dns = true, .files_first = false}));
}

TEST(NsswitchTest, OverlongLineIsIgnored) {
  const std::string text = "hosts: files " + std::string(5000, 'x') + "\nhosts: dns\n";
  EXPECT_EQ(parse_nsswitch(text), (HostsOrder{.files = false, .dns = true, .files_first = false}));
}

TEST(NsswitchTest, ReadsFileAndDefaultsWhenMissing) {
  const testing::TempDir dir("nsswitch");
  write_file(dir.path("nsswitch.conf"), "hosts: files dns\n");
  Result<HostsOrder> order = read_nsswitch(dir.path("nsswitch.conf"));
  ASSERT_TRUE(order) << order.error().message;
  EXPECT_EQ(*order, kFilesThenDns);

  Result<HostsOrder> missing = read_nsswitch(dir.path("absent.conf"));
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(*missing, kGlibcDefault);
}

TEST(NsswitchTest, OtherReadErrorsAreReturned) {
  const testing::TempDir dir("nsswitch");
  // A directory opens but cannot be read as a file.
  Result<HostsOrder> order = read_nsswitch(dir.root().string());
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message.find(dir.root().string()), std::string::npos);

  // ENOTDIR: a path through a regular file.
  write_file(dir.path("file"), "");
  Result<HostsOrder> through_file = read_nsswitch(dir.path("file") + "/nsswitch.conf");
  ASSERT_FALSE(through_file);
  EXPECT_EQ(through_file.error().code, ENOTDIR);

  // A FIFO must neither hang nor count as a missing file.
  ASSERT_EQ(::mkfifo(dir.path("fifo").c_str(), 0600), 0);
  EXPECT_FALSE(read_nsswitch(dir.path("fifo")));
}

// ---- /etc/hosts ----

TEST(HostsTest, AddressNameAndAliasesNormalised) {
  const HostsFile hosts = parse_hosts(
      "127.0.0.1\tlocalhost\n"
      "192.0.2.10  Gateway.Example.COM gw GW. # the router\n"
      "2001:db8::1 v6host.example.\n");
  EXPECT_EQ(hosts.malformed, 0U);
  ASSERT_EQ(hosts.entries.size(), 3U);
  EXPECT_EQ(hosts.entries[0].address, ip("127.0.0.1"));
  EXPECT_EQ(hosts.entries[0].names, (std::vector<std::string>{"localhost."}));
  EXPECT_EQ(hosts.entries[1].address, ip("192.0.2.10"));
  // "gw" and "GW." are one name.
  EXPECT_EQ(hosts.entries[1].names, (std::vector<std::string>{"gateway.example.com.", "gw."}));
  EXPECT_EQ(hosts.entries[2].address, ip("2001:db8::1"));
  EXPECT_TRUE(hosts.entries[2].address.is_v6());
  EXPECT_EQ(hosts.entries[2].names, (std::vector<std::string>{"v6host.example."}));
}

TEST(HostsTest, CommentsBlankLinesAndCrlfAreNotEntries) {
  const HostsFile hosts = parse_hosts(
      "# The following lines are desirable for IPv6 capable hosts\n"
      "\n"
      "   \t  \n"
      "#192.0.2.1 commented.example\n"
      "192.0.2.2 crlf.example\r\n"
      "192.0.2.3 last.example");  // no final newline
  EXPECT_EQ(hosts.malformed, 0U);
  ASSERT_EQ(hosts.entries.size(), 2U);
  EXPECT_EQ(hosts.entries[0].names, (std::vector<std::string>{"crlf.example."}));
  EXPECT_EQ(hosts.entries[1].names, (std::vector<std::string>{"last.example."}));
}

TEST(HostsTest, ScopedLinkLocalKeepsItsScope) {
  const HostsFile hosts = parse_hosts("fe80::1%eth0 router.local\n");
  ASSERT_EQ(hosts.entries.size(), 1U);
  EXPECT_EQ(hosts.entries[0].address.scope_name(), "eth0");
  EXPECT_EQ(hosts.entries[0].address.to_string(), "fe80::1%eth0");
}

TEST(HostsTest, MalformedLinesAreCounted) {
  const HostsFile hosts = parse_hosts(
      "192.0.2.300 bad-address.example\n"    // not an address
      "host.example 192.0.2.1\n"             // fields swapped
      "192.0.2.4\n"                          // no name
      "192.0.2.5 # only a comment\n"         // no name either
      "192.0.2.6 bad!name -dash.example\n"   // no valid name left
      "192.0.2.0/24 net.example\n"           // a prefix is no address
      "192.0.2.7 good.example bad!name\n");  // one valid name is enough
  EXPECT_EQ(hosts.malformed, 6U);
  ASSERT_EQ(hosts.entries.size(), 1U);
  EXPECT_EQ(hosts.entries[0].address, ip("192.0.2.7"));
  EXPECT_EQ(hosts.entries[0].names, (std::vector<std::string>{"good.example."}));
}

TEST(HostsTest, OversizedNamesAndLinesAreRejected) {
  const std::string long_label(64, 'a');
  std::string long_name;
  while (long_name.size() < 260) long_name += "abcdefghi.";
  const std::string long_line = "192.0.2.9 " + std::string(4100, 'b') + "\n";
  const HostsFile hosts = parse_hosts("192.0.2.1 " + long_label + ".example\n" +  //
                                      "192.0.2.2 " + long_name + " ok.example\n" + long_line);
  EXPECT_EQ(hosts.malformed, 2U);
  ASSERT_EQ(hosts.entries.size(), 1U);
  EXPECT_EQ(hosts.entries[0].names, (std::vector<std::string>{"ok.example."}));
}

TEST(HostsTest, ReadsFileAndReportsMissingOne) {
  const testing::TempDir dir("hosts");
  write_file(dir.path("hosts"), "192.0.2.1 a.example\nnonsense\n");
  Result<HostsFile> hosts = read_hosts(dir.path("hosts"));
  ASSERT_TRUE(hosts) << hosts.error().message;
  EXPECT_EQ(hosts->entries.size(), 1U);
  EXPECT_EQ(hosts->malformed, 1U);

  Result<HostsFile> missing = read_hosts(dir.path("absent"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ENOENT);
  EXPECT_NE(missing.error().message.find("absent"), std::string::npos);
}

}  // namespace
}  // namespace rc::spmd
