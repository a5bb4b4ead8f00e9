#include "tools/spmdctl/policy_view.h"

#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstdlib>
#include <ctime>

namespace spmdctl {
namespace {

namespace kernel = rc::kernel;
namespace rct = rc::rct;
namespace spmif = rc::spmif;

rc::addr::IpAddress ip(const char* text) {
  return rc::addr::IpAddress::parse(text).value();
}
rc::addr::Prefix prefix(const char* text) {
  return rc::addr::Prefix::parse(text).value();
}

// Dates in the expected texts are UTC.
class PolicyViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");  // NOLINT(concurrency-mt-unsafe)
    saved_tz_ = tz != nullptr ? std::optional<std::string>(tz) : std::nullopt;
    ::setenv("TZ", "UTC", 1);  // NOLINT(concurrency-mt-unsafe)
    ::tzset();
  }
  void TearDown() override {
    if (saved_tz_) {
      ::setenv("TZ", saved_tz_->c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    } else {
      ::unsetenv("TZ");  // NOLINT(concurrency-mt-unsafe)
    }
    ::tzset();
  }

 private:
  std::optional<std::string> saved_tz_;
};

// 2024-01-02 03:04:05 UTC and 2024-01-02 04:00:00 UTC.
constexpr std::uint64_t kCreated = 1704164645;
constexpr std::uint64_t kUsed = 1704168000;

kernel::PolicyInfo transport_out(kernel::Spid spid) {
  kernel::PolicyInfo info;
  kernel::PolicyParams& p = info.params;
  p.selector.src = prefix("192.0.2.1");
  p.selector.dst = prefix("192.0.2.2/32");
  p.selector.protocol = IPPROTO_UDP;
  p.selector.dst_port = 500;
  p.direction = rct::Direction::Outbound;
  p.templates.emplace_back();  // ESP, transport, require
  p.lifetimes.hard.add_seconds = 3600;
  p.lifetimes.soft.add_seconds = 2880;
  p.spid = spid;
  info.current.add_time = kCreated;
  return info;
}

kernel::PolicyInfo tunnel_in(kernel::Spid spid) {
  kernel::PolicyInfo info;
  kernel::PolicyParams& p = info.params;
  p.selector.src = prefix("10.1.0.0/16");
  p.selector.dst = prefix("10.0.0.0/24");
  p.direction = rct::Direction::Inbound;
  kernel::PolicyTemplate ipcomp;
  ipcomp.protocol = rct::SaType::Ipcomp;
  ipcomp.mode = rct::IpsecMode::Tunnel;
  ipcomp.level = rct::IpsecLevel::Use;
  ipcomp.tunnel_src = ip("192.0.2.2");
  ipcomp.tunnel_dst = ip("192.0.2.1");
  p.templates.push_back(ipcomp);
  kernel::PolicyTemplate esp;
  esp.level = rct::IpsecLevel::Use;
  esp.reqid = 7;
  p.templates.push_back(esp);
  p.spid = spid;
  info.current.add_time = kCreated;
  info.current.use_time = kUsed;
  return info;
}

kernel::PolicyInfo bypass_v6(kernel::Spid spid) {
  kernel::PolicyInfo info;
  kernel::PolicyParams& p = info.params;
  p.selector.src = prefix("2001:db8::/32");
  p.selector.dst = prefix("2001:db8:1::1");
  p.selector.protocol = 89;  // OSPF: no fixed name here, printed as a number
  p.selector.src_port = 0;
  p.direction = rct::Direction::Fwd;
  p.action = kernel::PolicyAction::Bypass;
  p.spid = spid;
  return info;
}

TEST(ParseBindings, ReadsSlidAndSpidPerLine) {
  auto bindings = parse_bindings(spmif::Reply{250, {"sel_out 8", "sel in 17"}});
  ASSERT_TRUE(bindings) << bindings.error().message;
  EXPECT_EQ(*bindings, (std::vector<Binding>{{"sel_out", 8}, {"sel in", 17}}));
}

TEST(ParseBindings, NoPolicyIsAnEmptyList) {
  auto bindings = parse_bindings(spmif::Reply{251, {"NO Policy Exists"}});
  ASSERT_TRUE(bindings);
  EXPECT_TRUE(bindings->empty());
}

TEST(ParseBindings, RefusesUnreadableLines) {
  for (const char* line : {"sel", "sel x", "sel 8x", " 8", "sel ", "sel -1", "sel 99999999999"}) {
    auto bindings = parse_bindings(spmif::Reply{250, {"good 1", line}});
    ASSERT_FALSE(bindings) << line;
    EXPECT_NE(bindings.error().message.find(line), std::string::npos) << bindings.error().message;
  }
}

TEST(JoinPolicies, KeepsSpmdOrderAndReportsMissingBindings) {
  const std::vector<kernel::PolicyInfo> engine{bypass_v6(3), tunnel_in(17), transport_out(8)};
  const PolicyListing listing =
      join_policies({{"sel_out", 8}, {"gone", 99}, {"sel_in", 17}}, engine, false);
  ASSERT_EQ(listing.policies.size(), 2U);
  EXPECT_EQ(listing.policies[0].slid, "sel_out");
  EXPECT_EQ(listing.policies[0].policy.params.spid, 8U);
  EXPECT_EQ(listing.policies[1].slid, "sel_in");
  EXPECT_EQ(listing.missing, (std::vector<Binding>{{"gone", 99}}));
}

TEST(JoinPolicies, AllAddsTheUnmanagedPoliciesInEngineOrder) {
  const std::vector<kernel::PolicyInfo> engine{bypass_v6(3), tunnel_in(17), transport_out(8),
                                               transport_out(4)};
  const PolicyListing listing = join_policies({{"sel_in", 17}}, engine, true);
  ASSERT_EQ(listing.policies.size(), 4U);
  EXPECT_EQ(listing.policies[0].slid, "sel_in");
  EXPECT_TRUE(listing.policies[0].managed());
  EXPECT_EQ(listing.policies[1].policy.params.spid, 3U);
  EXPECT_FALSE(listing.policies[1].managed());
  EXPECT_EQ(listing.policies[2].policy.params.spid, 8U);
  EXPECT_EQ(listing.policies[3].policy.params.spid, 4U);
}

TEST_F(PolicyViewTest, TransportBlockAsTheOriginal) {
  const PolicyListing listing = join_policies({{"sel_out", 8}}, {transport_out(8)}, false);
  EXPECT_EQ(render_policies_text(listing),
            "192.0.2.1/32[any] 192.0.2.2/32[500] udp\n"
            "\tout ipsec\n"
            "\tesp transport require\n"
            "\tcreated: Jan 02 03:04:05 2024 lastused: \n"
            "\tlifetime: 3600(s) validtime: 2880(s)\n"
            "\tselector=sel_out spid=8\n");
}

TEST_F(PolicyViewTest, TunnelBlockShowsTheBundleAndItsEndpoints) {
  const PolicyListing listing = join_policies({{"sel_in", 17}}, {tunnel_in(17)}, false);
  EXPECT_EQ(render_policies_text(listing),
            "10.1.0.0/16[any] 10.0.0.0/24[any] any\n"
            "\tin ipsec\n"
            "\tesp|ipcomp tunnel 192.0.2.2-192.0.2.1 use\n"
            "\tcreated: Jan 02 03:04:05 2024 lastused: Jan 02 04:00:00 2024\n"
            "\tlifetime: 0(s) validtime: 0(s)\n"
            "\tselector=sel_in spid=17\n");
}

TEST_F(PolicyViewTest, UnmanagedBypassHasAnEmptySelectorAndNoBundleLine) {
  const PolicyListing listing = join_policies({}, {bypass_v6(3)}, true);
  EXPECT_EQ(render_policies_text(listing),
            "2001:db8::/32[any] 2001:db8:1::1/128[any] 89\n"
            "\tfwd none\n"
            "\tcreated: 0 lastused: \n"
            "\tlifetime: 0(s) validtime: 0(s)\n"
            "\tselector= spid=3\n");
}

TEST_F(PolicyViewTest, NothingToShowIsNoText) {
  EXPECT_EQ(render_policies_text(join_policies({}, {bypass_v6(3)}, false)), "");
}

TEST(PolicyJson, EveryKeyForATransportPolicy) {
  const PolicyListing listing =
      join_policies({{"sel_out", 8}, {"gone", 99}}, {transport_out(8)}, false);
  EXPECT_EQ(render_policies_json(listing),
            R"({"ok":true,"command":"policy show","policies":[)"
            R"({"selector":"sel_out","managed":true,"spid":8,"direction":"out","action":"ipsec",)"
            R"("src":"192.0.2.1/32","src_port":0,"dst":"192.0.2.2/32","dst_port":500,)"
            R"("protocol":17,"satype":"esp","mode":"transport","level":"require",)"
            R"("tunnel_src":"","tunnel_dst":"",)"
            R"("templates":[{"protocol":"esp","mode":"transport","level":"require","reqid":0,)"
            R"("tunnel_src":"","tunnel_dst":""}],)"
            R"("created":1704164645,"lastused":0,"lifetime":3600,"validtime":2880}],)"
            R"("missing":[{"selector":"gone","spid":99}]})"
            "\n");
}

TEST(PolicyJson, TunnelAndUnmanagedPolicies) {
  const PolicyListing listing =
      join_policies({{"sel_in", 17}}, {tunnel_in(17), bypass_v6(3)}, true);
  const std::string json = render_policies_json(listing);
  EXPECT_NE(json.find(R"("satype":"esp|ipcomp","mode":"tunnel","level":"use",)"
                      R"("tunnel_src":"192.0.2.2","tunnel_dst":"192.0.2.1")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"({"protocol":"esp","mode":"transport","level":"use","reqid":7,)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"({"selector":"","managed":false,"spid":3,"direction":"fwd",)"
                      R"("action":"none","src":"2001:db8::/32")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("protocol":89,"satype":"","mode":"transport","level":"")"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("missing":[]})"), std::string::npos) << json;
}

}  // namespace
}  // namespace spmdctl
