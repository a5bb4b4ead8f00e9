// plan_policies: racoon2.conf text (through the real loader) to the kernel
// policies spmd wants, with every skip, warning and error rule of
// policy_plan.h. Configurations the validator refuses (the planner must
// still cope with them) are built by the reader and builder alone.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "addr/prefix.h"
#include "conf/conf_test_support.h"
#include "conf/config.h"
#include "conf/loader.h"
#include "kernel/policy.h"
#include "spmd/core/policy_plan.h"
#include "support/addr_literals.h"

namespace rc::spmd {
namespace {

using rc::testing::ip;
using rc::testing::net;

using kernel::PolicyAction;
using kernel::PolicyParams;
using kernel::PolicyTemplate;
using rct::Direction;
using rct::IpsecLevel;
using rct::IpsecMode;
using rct::SaType;

// Everything the validator wants of remotes, so each test writes only the
// sections it is about. Appended after the test's text, so the test's
// line numbers are the file's; `extra` goes into default { remote { ikev2 } }.
std::string common(std::string_view extra) {
  return std::string(R"(
default {
  remote {
    ikev2 { my_id fqdn "me.example"; kmp_auth_method { psk; }; pre_shared_key "/psk"; )") +
         std::string(extra) + R"(};
    ikev1 {
      my_id ipaddr 192.0.2.1; peers_id ipaddr 198.51.100.1; peers_ipaddr 198.51.100.1;
      kmp_enc_alg aes128_cbc; kmp_hash_alg sha1; kmp_dh_group modp2048;
      kmp_auth_method { psk; }; pre_shared_key "/psk";
    };
    kink { my_principal "kink/me.example@EXAMPLE"; };
  };
};
remote r2 { acceptable_kmp { ikev2; }; ikev2 { peers_ipaddr 198.51.100.1; }; };
ipsec esp { sa_index esp_sa; };
sa esp_sa { sa_protocol esp; esp_enc_alg aes128_cbc; esp_auth_alg hmac_sha1; };
sa ah_sa { sa_protocol ah; ah_auth_alg hmac_sha1; };
sa comp_sa { sa_protocol ipcomp; ipcomp_alg deflate; };
)";
}

class Names final : public NameLookup {
 public:
  void add(const std::string& fqdn, std::string_view address) {
    known_[fqdn].push_back(*addr::IpAddress::parse(address));
  }
  [[nodiscard]] std::vector<addr::IpAddress> addresses_of(std::string_view fqdn) const override {
    const auto it = known_.find(std::string(fqdn));
    return it == known_.end() ? std::vector<addr::IpAddress>{} : it->second;
  }

 private:
  std::map<std::string, std::vector<addr::IpAddress>> known_;
};

class PlanTest : public ::testing::Test {
 protected:
  // Loaded and validated as spmd loads it; validation errors fail the test.
  Plan plan(std::string_view text, std::string_view default_ikev2 = {}) {
    conf::LoadOptions options;
    options.read.allow_include = false;
    options.validate.check_secret_files = false;
    auto loaded = conf::load_text(std::string(text) + common(default_ikev2), "test.conf", options);
    EXPECT_TRUE(loaded.config) << loaded.diagnostics.to_string();
    if (!loaded.config) return {};
    config_ = loaded.config;
    return plan_policies(*config_, interfaces_, names_);
  }

  // Read and built only: what the validator would refuse.
  Plan plan_unvalidated(std::string_view text, std::string_view default_ikev2 = {}) {
    auto parsed = conf::testing::parse(std::string(text) + common(default_ikev2));
    EXPECT_EQ(parsed.diagnostics.error_count(), 0U) << parsed.diagnostics.to_string();
    config_ = std::make_shared<const conf::Config>(std::move(parsed.model));
    return plan_policies(*config_, interfaces_, names_);
  }

  Names names_;
  addr::FixedInterfaceSource interfaces_{std::vector<addr::InterfaceAddress>{
      {.ifname = "eth0", .address = ip("192.0.2.1"), .up = true},
      {.ifname = "eth0", .address = ip("192.0.2.9"), .up = true},
      {.ifname = "eth0", .address = ip("2001:db8::1"), .up = true},
  }};
  std::shared_ptr<const conf::Config> config_;
};

PolicyTemplate esp_transport(IpsecLevel level = IpsecLevel::Require, std::uint32_t reqid = 0) {
  PolicyTemplate tmpl;
  tmpl.protocol = SaType::Esp;
  tmpl.mode = IpsecMode::Transport;
  tmpl.level = level;
  tmpl.reqid = reqid;
  return tmpl;
}

PolicyParams policy(std::string_view src, std::string_view dst, Direction direction,
                    std::vector<PolicyTemplate> templates) {
  PolicyParams params;
  params.selector.src = net(src);
  params.selector.dst = net(dst);
  params.direction = direction;
  params.action = templates.empty() ? PolicyAction::Bypass : PolicyAction::Ipsec;
  params.templates = std::move(templates);
  return params;
}

using Strings = std::vector<std::string>;

TEST_F(PlanTest, TransportPairBecomesOnePolicyPerDirection) {
  const Plan p = plan(
      R"(selector out { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index tp; };
selector in { direction inbound; src 198.51.100.1; dst 192.0.2.1; policy_index tp; };
policy tp { action auto_ipsec; remote_index r2; ipsec_index esp; };
)");
  ASSERT_EQ(p.policies.size(), 2U);
  EXPECT_EQ(p.policies[0], (PlannedPolicy{"out", policy("192.0.2.1/32", "198.51.100.1/32",
                                                        Direction::Outbound, {esp_transport()})}));
  EXPECT_EQ(p.policies[1], (PlannedPolicy{"in", policy("198.51.100.1/32", "192.0.2.1/32",
                                                       Direction::Inbound, {esp_transport()})}));
  EXPECT_EQ(p.errors, Strings{});
  EXPECT_EQ(p.warnings, Strings{});
  EXPECT_EQ(p.infos, Strings{});
  EXPECT_TRUE(p.deferred.empty());
  EXPECT_TRUE(p.fqdns.empty());
}

TEST_F(PlanTest, TunnelBundleIsInnermostFirstWithEndsSwappedInbound) {
  const Plan p = plan(
      R"(selector out { direction outbound; src 10.1.0.0/16; dst 10.2.0.0/16; policy_index tun; };
selector in { direction inbound; src 10.2.0.0/16; dst 10.1.0.0/16; policy_index tun; };
policy tun { action auto_ipsec; remote_index r2; ipsec_index bundle; ipsec_mode tunnel;
             my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr 198.51.100.1; };
ipsec bundle { sa_index { ah_sa; esp_sa; comp_sa; }; };
)");
  ASSERT_EQ(p.policies.size(), 2U) << ::testing::PrintToString(p.warnings);
  const auto bundle = [](const char* from, const char* to) {
    PolicyTemplate comp;
    comp.protocol = SaType::Ipcomp;
    comp.mode = IpsecMode::Tunnel;
    comp.tunnel_src = ip(from);
    comp.tunnel_dst = ip(to);
    PolicyTemplate esp = esp_transport();
    PolicyTemplate ah = esp_transport();
    ah.protocol = SaType::Ah;
    return std::vector<PolicyTemplate>{comp, esp, ah};
  };
  EXPECT_EQ(p.policies[0].params, policy("10.1.0.0/16", "10.2.0.0/16", Direction::Outbound,
                                         bundle("192.0.2.1", "198.51.100.1")));
  EXPECT_EQ(p.policies[1].params, policy("10.2.0.0/16", "10.1.0.0/16", Direction::Inbound,
                                         bundle("198.51.100.1", "192.0.2.1")));
  EXPECT_EQ(p.warnings, Strings{});
}

TEST_F(PlanTest, TunnelEndMacroTakesThePeersFamily) {
  const Plan p = plan(
      R"(selector out { direction outbound; src 2001:db8:1::/48; dst 2001:db8:2::/48; policy_index tun; };
selector in { direction inbound; src 2001:db8:2::/48; dst 2001:db8:1::/48; policy_index tun; };
policy tun { action auto_ipsec; remote_index r2; ipsec_index esp; ipsec_mode tunnel;
             my_sa_ipaddr MY_IP; peers_sa_ipaddr 198.51.100.1; };
)");
  ASSERT_EQ(p.policies.size(), 2U);
  EXPECT_EQ(p.policies[0].params.templates.at(0).tunnel_src, ip("192.0.2.1"));
  EXPECT_EQ(p.policies[0].params.templates.at(0).tunnel_dst, ip("198.51.100.1"));
  // Two IPv4 addresses on this host: the first is used, and the admin told.
  EXPECT_EQ(p.warnings,
            (Strings{"test.conf:1:1: selector 'out': policy 'tun' my_sa_ipaddr MY_IP stands for 2 "
                     "IPv4 addresses; the tunnel uses 192.0.2.1",
                     "test.conf:2:1: selector 'in': policy 'tun' my_sa_ipaddr MY_IP stands for 2 "
                     "IPv4 addresses; the tunnel uses 192.0.2.1"}));
}

TEST_F(PlanTest, BypassAndDiscardNeedNoRemoteAndHaveNoTemplates) {
  const Plan p = plan(
      R"(selector b { direction outbound; src 192.0.2.1 port 500; dst 0.0.0.0/0; upper_layer_protocol udp; policy_index pass; };
selector d { direction inbound; src 203.0.113.0/24; dst 192.0.2.1; policy_index drop; };
policy pass { action none; };
policy drop { action discard; };
)");
  ASSERT_EQ(p.policies.size(), 2U);
  PolicyParams bypass = policy("192.0.2.1/32", "0.0.0.0/0", Direction::Outbound, {});
  bypass.selector.protocol = 17;
  bypass.selector.src_port = 500;
  EXPECT_EQ(p.policies[0].params, bypass);
  PolicyParams discard = policy("203.0.113.0/24", "192.0.2.1/32", Direction::Inbound, {});
  discard.action = PolicyAction::Discard;
  EXPECT_EQ(p.policies[1].params, discard);
  // No reverse-selector warning either: only ipsec policies protect return traffic.
  EXPECT_EQ(p.warnings, Strings{});
  EXPECT_EQ(p.infos, Strings{});
}

TEST_F(PlanTest, InstallOffIsReportedAndNotPlanned) {
  const Plan p =
      plan(R"(selector s { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index off; };
policy off { action auto_ipsec; remote_index r2; ipsec_index esp; install off; };
)");
  EXPECT_TRUE(p.policies.empty());
  EXPECT_EQ(p.infos,
            Strings{"test.conf:1:1: selector 's': policy 'off' has install off; not installed"});
  EXPECT_EQ(p.warnings, Strings{});
}

TEST_F(PlanTest, SingleSideWildcardTakesTheOtherFamilyAndKeepsItsPort) {
  const Plan p = plan(
      R"(selector v4 { direction outbound; src IP_ANY port 500; dst 198.51.100.0/24 port 4500; upper_layer_protocol udp; policy_index pass; };
selector v6 { direction inbound; src 2001:db8::/32; dst IP_RW; policy_index pass; };
policy pass { action none; };
)");
  ASSERT_EQ(p.policies.size(), 2U);
  const kernel::Selector& v4 = p.policies[0].params.selector;
  EXPECT_EQ(v4.src, net("0.0.0.0/0"));
  EXPECT_EQ(v4.src_port, 500);
  EXPECT_EQ(v4.dst, net("198.51.100.0/24"));
  EXPECT_EQ(v4.dst_port, 4500);
  EXPECT_EQ(v4.protocol, 17);
  const kernel::Selector& v6 = p.policies[1].params.selector;
  EXPECT_EQ(v6.src, net("2001:db8::/32"));
  EXPECT_EQ(v6.dst, net("::/0"));
  EXPECT_EQ(v6.protocol, kernel::kAnyProtocol);
  EXPECT_EQ(p.errors, Strings{});
}

TEST_F(PlanTest, MacrosOnBothSidesAreAnErrorNamingTheSelector) {
  const Plan p = plan_unvalidated(
      R"(selector ok { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index pass; };
selector both { direction outbound; src IP_ANY; dst MY_IP; policy_index pass; };
policy pass { action none; };
)");
  EXPECT_EQ(p.errors, Strings{"test.conf:2:1: selector 'both': src IP_ANY and dst MY_IP are both "
                              "macros; at most one side may be a macro"});
  ASSERT_EQ(p.policies.size(), 1U);  // the others are still planned (for one full report)
  EXPECT_EQ(p.policies[0].slid, "ok");
}

TEST_F(PlanTest, OtherMacrosSkipTheSelectorWithAWarning) {
  const Plan p =
      plan(R"(selector s { direction outbound; src MY_IP; dst 198.51.100.1; policy_index pass; };
policy pass { action none; };
)");
  EXPECT_TRUE(p.policies.empty());
  EXPECT_EQ(p.warnings,
            Strings{"test.conf:1:1: selector 's': src macro MY_IP cannot be a selector address; "
                    "only IP_ANY and IP_RW (any address) can; selector skipped"});
  EXPECT_EQ(p.errors, Strings{});
}

TEST_F(PlanTest, KnownNamesGiveOnePolicyPerSameFamilyPair) {
  names_.add("peer.example.", "198.51.100.1");
  names_.add("peer.example.", "198.51.100.2");
  names_.add("peer.example.", "2001:db8::99");
  names_.add("me.example.", "192.0.2.1");
  names_.add("me.example.", "2001:db8::1");
  const Plan p = plan(
      R"(selector one { direction outbound; src 192.0.2.1 port 22; dst Peer.Example; upper_layer_protocol tcp; policy_index pass; };
selector two { direction inbound; src peer.example.; dst me.example port 80; policy_index pass; };
policy pass { action none; };
)");
  ASSERT_EQ(p.policies.size(), 5U);
  // IPv4 source: only the IPv4 addresses of the name, host prefixes, ports kept.
  EXPECT_EQ(p.policies[0].params.selector.dst, net("198.51.100.1/32"));
  EXPECT_EQ(p.policies[0].params.selector.src_port, 22);
  EXPECT_EQ(p.policies[1].params.selector.dst, net("198.51.100.2/32"));
  // Two names: every pair of one family, source-major.
  EXPECT_EQ(p.policies[2].params.selector.src, net("198.51.100.1/32"));
  EXPECT_EQ(p.policies[2].params.selector.dst, net("192.0.2.1/32"));
  EXPECT_EQ(p.policies[2].params.selector.dst_port, 80);
  EXPECT_EQ(p.policies[3].params.selector.src, net("198.51.100.2/32"));
  EXPECT_EQ(p.policies[4].params.selector.src, net("2001:db8::99/128"));
  EXPECT_EQ(p.policies[4].params.selector.dst, net("2001:db8::1/128"));
  for (const auto& planned : p.policies)
    EXPECT_EQ(planned.params.direction,
              planned.slid == "one" ? Direction::Outbound : Direction::Inbound);
  EXPECT_EQ(p.fqdns, (Strings{"peer.example.", "me.example."}));
  EXPECT_TRUE(p.deferred.empty());
}

TEST_F(PlanTest, UnknownNamesDeferTheSelector) {
  names_.add("known.example.", "198.51.100.7");
  const Plan p = plan(
      R"(selector s { direction outbound; src unknown.example; dst known.example; policy_index pass; };
selector v6 { direction outbound; src 2001:db8::1; dst known.example; policy_index pass; };
policy pass { action none; };
)");
  EXPECT_TRUE(p.policies.empty());
  ASSERT_EQ(p.deferred.size(), 2U);
  EXPECT_EQ(p.deferred[0].slid, "s");
  EXPECT_EQ(p.deferred[0].fqdns, Strings{"unknown.example."});
  // Known, but only in the other family: it may gain an AAAA later.
  EXPECT_EQ(p.deferred[1].slid, "v6");
  EXPECT_EQ(p.deferred[1].fqdns, Strings{"known.example."});
  EXPECT_EQ(p.fqdns, (Strings{"unknown.example.", "known.example."}));
  EXPECT_EQ(p.infos,
            (Strings{"test.conf:1:1: selector 's': waits for the addresses of unknown.example.",
                     "test.conf:2:1: selector 'v6': waits for the addresses of known.example."}));
}

TEST_F(PlanTest, NamesOfSkippedSelectorsAreStillListed) {
  const Plan p = plan(
      R"(selector s { direction outbound; src 192.0.2.1; dst later.example; policy_index off; };
policy off { action none; install off; };
)");
  EXPECT_EQ(p.fqdns, Strings{"later.example."});
  EXPECT_TRUE(p.deferred.empty());
}

TEST_F(PlanTest, RemotesWithoutIkev2AreFine) {
  const Plan p =
      plan(R"(remote v1 { acceptable_kmp { ikev1; }; ikev1 { peers_ipaddr 198.51.100.1; }; };
remote k { acceptable_kmp { kink; }; kink { peers_principal "kink/peer@EXAMPLE"; }; };
selector a { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index p1; };
selector b { direction inbound; src 198.51.100.1; dst 192.0.2.1; policy_index p1; };
selector c { direction outbound; src 192.0.2.1; dst 198.51.100.2; policy_index p2; };
selector d { direction inbound; src 198.51.100.2; dst 192.0.2.1; policy_index p2; };
policy p1 { action auto_ipsec; remote_index v1; ipsec_index esp; };
policy p2 { action auto_ipsec; remote_index k; ipsec_index esp; };
)");
  EXPECT_EQ(p.policies.size(), 4U);
  EXPECT_EQ(p.warnings, Strings{});
  EXPECT_EQ(p.infos, Strings{});
}

TEST_F(PlanTest, BrokenReferencesWarnInsteadOfCrashing) {
  const Plan p = plan_unvalidated(
      R"(selector no_remote_index { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index p1; };
selector missing_remote { direction outbound; src 192.0.2.1; dst 198.51.100.2; policy_index p2; };
selector missing_policy { direction outbound; src 192.0.2.1; dst 198.51.100.3; policy_index nope; };
selector missing_ipsec { direction outbound; src 192.0.2.1; dst 198.51.100.4; policy_index p3; };
selector missing_sa { direction outbound; src 192.0.2.1; dst 198.51.100.5; policy_index p4; };
selector no_direction { src 192.0.2.1; dst 198.51.100.6; policy_index p1; };
policy p1 { action auto_ipsec; ipsec_index esp; };
policy p2 { action auto_ipsec; remote_index gone; ipsec_index esp; };
policy p3 { action auto_ipsec; remote_index r2; ipsec_index nothing; };
policy p4 { action auto_ipsec; remote_index r2; ipsec_index broken; };
ipsec broken { sa_index { esp_sa; lost_sa; }; };
)");
  // Fail closed: the two policies whose SAs no KMP can negotiate still
  // keep their traffic from leaving in clear.
  ASSERT_EQ(p.policies.size(), 2U);
  EXPECT_EQ(p.policies[0].slid, "no_remote_index");
  EXPECT_EQ(p.policies[1].slid, "missing_remote");
  const std::string no_mirror =
      "has no reverse selector (opposite direction, src and dst swapped, a policy with the same "
      "remote_index); its return traffic is not protected";
  ASSERT_EQ(p.warnings.size(), 8U) << ::testing::PrintToString(p.warnings);
  EXPECT_EQ(p.warnings[0],
            "test.conf:1:1: selector 'no_remote_index': policy 'p1' uses auto_ipsec without "
            "remote_index; no KMP will know which remote negotiates its SAs");
  EXPECT_EQ(p.warnings[1], "test.conf:1:1: selector 'no_remote_index': " + no_mirror);
  EXPECT_EQ(p.warnings[2],
            "test.conf:2:1: selector 'missing_remote': policy 'p2' remote_index 'gone' "
            "(test.conf:8:45) names no remote section; the policy is installed but no KMP can "
            "negotiate its SAs");
  EXPECT_EQ(p.warnings[3], "test.conf:2:1: selector 'missing_remote': " + no_mirror);
  EXPECT_EQ(p.warnings[4],
            "test.conf:3:1: selector 'missing_policy': policy_index 'nope' names no policy "
            "section; selector skipped");
  EXPECT_EQ(p.warnings[5],
            "test.conf:4:1: selector 'missing_ipsec': policy 'p3' ipsec_index 'nothing' "
            "(test.conf:9:61) names no ipsec section; selector skipped");
  EXPECT_EQ(p.warnings[6],
            "test.conf:5:1: selector 'missing_sa': ipsec 'broken' sa_index 'lost_sa' "
            "(test.conf:11:35) names no sa section; selector skipped");
  EXPECT_EQ(p.warnings[7],
            "test.conf:6:1: selector 'no_direction': has no direction; selector skipped");
  EXPECT_EQ(p.errors, Strings{});
}

TEST_F(PlanTest, AddresspoolRemotesAreLeftToIked) {
  const Plan p = plan(R"(addresspool pool { "10.9.0.1" - "10.9.0.99"; };
remote cp { acceptable_kmp { ikev2; }; ikev2 { peers_ipaddr IP_RW; provide { addresspool pool; }; }; };
selector s { direction outbound; src 10.1.0.0/16; dst 10.9.0.0/24; policy_index tun; };
selector r { direction inbound; src 10.9.0.0/24; dst 10.1.0.0/16; policy_index tun; };
policy tun { action auto_ipsec; remote_index cp; ipsec_index esp; ipsec_mode tunnel;
             my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr 198.51.100.1; };
)");
  EXPECT_TRUE(p.policies.empty());
  EXPECT_EQ(
      p.infos,
      (Strings{"test.conf:3:1: selector 's': remote 'cp' (of policy 'tun') hands out addresses "
               "from addresspool 'pool'; iked installs its policies per lease",
               "test.conf:4:1: selector 'r': remote 'cp' (of policy 'tun') hands out addresses "
               "from addresspool 'pool'; iked installs its policies per lease"}));
}

TEST_F(PlanTest, DefaultRemotePoolCountsOnlyWithoutAUsableRemote) {
  const Plan p = plan_unvalidated(R"(addresspool pool { "10.9.0.1" - "10.9.0.99"; };
remote v1 { acceptable_kmp { ikev1; }; ikev1 { peers_ipaddr 198.51.100.1; }; };
selector dangling { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index lost; };
selector v1only { direction outbound; src 192.0.2.1; dst 198.51.100.2; policy_index p1; };
selector pass { direction outbound; src 192.0.2.1; dst 198.51.100.3; policy_index bypass; };
policy lost { action auto_ipsec; remote_index gone; ipsec_index esp; };
policy p1 { action auto_ipsec; remote_index v1; ipsec_index esp; };
policy bypass { action none; };
)",
                                  "provide { addresspool pool; };");
  // The default remote's pool decides for a dangling remote_index (as the
  // original), never for an IKEv1-only remote nor for a bypass policy.
  ASSERT_EQ(p.policies.size(), 2U);
  EXPECT_EQ(p.policies[0].slid, "v1only");
  EXPECT_EQ(p.policies[1].slid, "pass");
  EXPECT_EQ(
      p.infos,
      Strings{"test.conf:3:1: selector 'dangling': the default remote (of policy 'lost') hands "
              "out addresses from addresspool 'pool'; iked installs its policies per lease"});
}

TEST_F(PlanTest, RoadWarriorTunnelsAreLeftToIked) {
  const Plan p =
      plan(R"(selector s { direction inbound; src IP_ANY; dst 10.1.0.0/16; policy_index rw; };
policy rw { action auto_ipsec; remote_index r2; ipsec_index esp; ipsec_mode tunnel;
            my_sa_ipaddr 192.0.2.1; peers_sa_ipaddr IP_RW; };
)");
  EXPECT_TRUE(p.policies.empty());
  EXPECT_EQ(p.infos, Strings{"test.conf:1:1: selector 's': policy 'rw' is a tunnel to IP_RW; iked "
                             "installs its policies when a peer connects"});
}

TEST_F(PlanTest, IpsecSelectorWithoutMirrorIsWarned) {
  const Plan p = plan(
      R"(selector lonely { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index tp; };
policy tp { action auto_ipsec; remote_index r2; ipsec_index esp; };
)");
  EXPECT_EQ(p.policies.size(), 1U);
  EXPECT_EQ(p.warnings,
            Strings{"test.conf:1:1: selector 'lonely': has no reverse selector (opposite "
                    "direction, src and dst swapped, a policy with the same remote_index); its "
                    "return traffic is not protected"});
}

TEST_F(PlanTest, SelectorFieldsMapOntoThePolicy) {
  const Plan p = plan(
      R"(selector out { direction outbound; src 10.1.2.3/8 port 1701; dst 198.51.100.1 port 80; upper_layer_protocol tcp; order 5; reqid 7; policy_index uq; };
selector in { direction inbound; src 198.51.100.1 port 80; dst 10.1.2.3/8 port 1701; upper_layer_protocol tcp; policy_index uq; };
selector ping { direction outbound; src 2001:db8::1; dst 2001:db8::2; upper_layer_protocol icmp6 128 0; policy_index pass; };
selector big { direction outbound; src 192.0.2.1; dst 192.0.2.77; order 4294967296; policy_index pass; };
policy uq { action auto_ipsec; remote_index r2; ipsec_index esp; ipsec_level unique; };
policy pass { action none; };
)");
  ASSERT_EQ(p.policies.size(), 4U);
  PolicyParams out = policy("10.0.0.0/8", "198.51.100.1/32", Direction::Outbound,
                            {esp_transport(IpsecLevel::Unique, 7)});
  out.selector.protocol = 6;
  out.selector.src_port = 1701;
  out.selector.dst_port = 80;
  out.priority = 5;
  EXPECT_EQ(p.policies[0].params, out);
  EXPECT_EQ(p.policies[1].params.priority, 0U);  // engine default
  EXPECT_EQ(p.policies[1].params.templates, std::vector{esp_transport(IpsecLevel::Unique)});
  const kernel::Selector& ping = p.policies[2].params.selector;
  EXPECT_EQ(ping.protocol, 58);
  EXPECT_EQ(ping.src_port, 128);  // ICMPv6 type
  EXPECT_EQ(ping.dst_port, 0);    // code
  EXPECT_EQ(p.policies[3].params.priority, 4294967295U);
  EXPECT_EQ(p.policies[3].params.lifetimes, kernel::Lifetimes{});
  EXPECT_EQ(p.warnings,
            Strings{"test.conf:4:1: selector 'big': order 4294967296 is above 4294967295; using "
                    "4294967295"});
}

TEST_F(PlanTest, SameKernelSelectorTwiceKeepsTheFirst) {
  const Plan p = plan(
      R"(selector a { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index pass; };
selector b { direction outbound; src 192.0.2.1; dst 198.51.100.1; policy_index drop; };
policy pass { action none; };
policy drop { action discard; };
)");
  ASSERT_EQ(p.policies.size(), 1U);
  EXPECT_EQ(p.policies[0].slid, "a");
  EXPECT_EQ(p.warnings, Strings{"test.conf:2:1: selector 'b': 192.0.2.1/32 -> 198.51.100.1/32 "
                                "(outbound) is also planned by selector 'a'; the kernel holds one "
                                "policy per selector and direction, so the first one stays"});
}

TEST(NormaliseFqdn, LowerCaseWithTrailingDot) {
  EXPECT_EQ(normalise_fqdn("Host.Example.COM"), "host.example.com.");
  EXPECT_EQ(normalise_fqdn("host.example."), "host.example.");
  EXPECT_EQ(normalise_fqdn(""), "");
}

}  // namespace
}  // namespace rc::spmd
