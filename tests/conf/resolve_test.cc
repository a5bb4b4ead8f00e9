// Config: the three-tier resolution (the remote's own block, then
// `default { remote { ... } }`, then the built-in defaults of the option
// table, reference §2.6) and the lookups the daemons use to find a remote,
// a policy's selectors and a selector's mirror.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "addr/interface_source.h"
#include "addr/ip_address.h"
#include "conf/builtin.h"
#include "conf/config.h"
#include "conf_test_support.h"
#include "rct/names.h"

namespace rc::conf {
namespace {

using rct::Kmp;

// A Config from text that must parse without any diagnostic.
std::unique_ptr<Config> config(std::string_view text) {
  auto parsed = testing::parse(text);
  for (const auto& message : parsed.messages()) ADD_FAILURE() << message;
  return std::make_unique<Config>(std::move(parsed.model));
}

addr::IpAddress ip(std::string_view text) {
  auto address = addr::IpAddress::parse(text);
  EXPECT_TRUE(address) << text;
  return address ? *address : addr::IpAddress();
}

std::string index_of(const Remote* remote) {
  return remote == nullptr ? "(none)" : remote->index;
}

// One resolved value as text, so one table holds numbers, booleans and
// keywords alike; "(unset)" when no tier has a value.
template <class T>
std::string show(const std::optional<T>& value) {
  if (!value) return "(unset)";
  if constexpr (std::is_same_v<T, bool>) {
    return *value ? "on" : "off";
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(rct::keyword(*value));
  } else {
    return std::to_string(*value);
  }
}

struct Expect {
  std::string_view name;
  std::string (*get)(const KmpParams&);
  std::string_view value;
};

// A row's name and getter: {RC_FIELD(nonce_size), "32"}.
#define RC_FIELD(member) #member, [](const KmpParams& k) { return show(k.member); }

void expect_values(const KmpParams& params, const std::vector<Expect>& rows) {
  for (const auto& row : rows) EXPECT_EQ(row.get(params), row.value) << row.name;
}

TEST(ResolveTest, BuiltInDefaultsParseWithoutDiagnostics) {
  EXPECT_TRUE(builtin_diagnostics().list().empty()) << builtin_diagnostics().to_string();
}

TEST(ResolveTest, Ikev2BuiltIns) {
  const auto conf = config("remote bare { acceptable_kmp ikev2; };");
  const KmpParams params = conf->resolve_kmp(conf->remote("bare"), Kmp::Ikev2);
  expect_values(params, {
                            {RC_FIELD(nonce_size), "32"},
                            {RC_FIELD(max_retry_to_send), "10"},
                            {RC_FIELD(interval_to_send), "1"},
                            {RC_FIELD(times_per_send), "1"},
                            {RC_FIELD(kmp_sa_lifetime_time), "86400"},
                            {RC_FIELD(kmp_sa_lifetime_byte), "0"},
                            {RC_FIELD(kmp_sa_nego_time_limit), "600"},
                            {RC_FIELD(kmp_sa_grace_period), "0"},
                            {RC_FIELD(ipsec_sa_nego_time_limit), "600"},
                            {RC_FIELD(selector_check), "exact"},
                            {RC_FIELD(proposal_check), "obey"},
                            {RC_FIELD(nat_traversal), "on"},
                            {RC_FIELD(verify_id), "on"},
                            {RC_FIELD(verify_pubkey), "off"},
                            {RC_FIELD(passive), "off"},
                            {RC_FIELD(initial_contact), "off"},
                            {RC_FIELD(dpd_delay), "3600"},
                            {RC_FIELD(cookie_required), "off"},
                            {RC_FIELD(send_peers_id), "off"},
                            {RC_FIELD(need_pfs), "off"},
                            // No built-in for what only the administrator knows.
                            {RC_FIELD(logmode), "(unset)"},
                            {RC_FIELD(max_padlen), "(unset)"},
                            // IKEv1's own fields do not appear in an IKEv2 resolution.
                            {RC_FIELD(exchange_mode), "(unset)"},
                            {RC_FIELD(dpd_maxfail), "(unset)"},
                        });
  EXPECT_FALSE(params.kmp_enc_alg);
  EXPECT_FALSE(params.my_id);
}

TEST(ResolveTest, Ikev1AndKinkBuiltIns) {
  const auto conf = config("remote r { ikev1 { }; kink { }; };");
  expect_values(conf->resolve_kmp(conf->remote("r"), Kmp::Ikev1),
                {
                    {RC_FIELD(nonce_size), "16"},
                    {RC_FIELD(max_retry_to_send), "5"},
                    {RC_FIELD(interval_to_send), "1"},
                    {RC_FIELD(kmp_sa_lifetime_time), "28800"},
                    {RC_FIELD(kmp_sa_nego_time_limit), "30"},
                    {RC_FIELD(ipsec_sa_nego_time_limit), "30"},
                    {RC_FIELD(proposal_check), "strict"},
                    {RC_FIELD(selector_check), "(unset)"},
                    {RC_FIELD(verify_id), "off"},
                    {RC_FIELD(verify_pubkey), "on"},
                    {RC_FIELD(send_cert), "on"},
                    {RC_FIELD(send_cert_req), "on"},
                    {RC_FIELD(initial_contact), "on"},
                    {RC_FIELD(random_pad_content), "on"},
                    {RC_FIELD(nat_traversal), "on"},
                    {RC_FIELD(exchange_mode), "main"},
                    {RC_FIELD(dpd), "on"},
                    {RC_FIELD(dpd_delay), "0"},
                    {RC_FIELD(dpd_retry), "5"},
                    {RC_FIELD(dpd_maxfail), "5"},
                    {RC_FIELD(cookie_required), "(unset)"},
                });
  expect_values(conf->resolve_kmp(conf->remote("r"), Kmp::Kink),
                {
                    {RC_FIELD(nonce_size), "16"},
                    {RC_FIELD(max_retry_to_send), "10"},
                    {RC_FIELD(kmp_sa_lifetime_time), "86400"},
                    {RC_FIELD(selector_check), "exact"},
                    {RC_FIELD(need_pfs), "(unset)"},
                    {RC_FIELD(dpd_delay), "(unset)"},
                });
}

TEST(ResolveTest, OwnValueThenDefaultThenBuiltIn) {
  const auto conf = config(R"(
default {
  remote {
    ikev2 {
      nonce_size 64 B;
      max_retry_to_send 3;
      kmp_sa_lifetime_time 2 hours;
      script { phase1_down "/default/down"; phase1_up "/default/up"; };
    };
    ikev1 { nonce_size 20 B; proposal_check exact; };
  };
};
remote own {
  ikev2 {
    nonce_size 128 B;
    nat_traversal off;
    script { ike_sa_up "/own/up"; };
  };
};
remote other { acceptable_kmp ikev2; };
)");
  const KmpParams own = conf->resolve_kmp(conf->remote("own"), Kmp::Ikev2);
  expect_values(own, {
                         {RC_FIELD(nonce_size), "128"},             // own
                         {RC_FIELD(nat_traversal), "off"},          // own, over a built-in on
                         {RC_FIELD(max_retry_to_send), "3"},        // default
                         {RC_FIELD(kmp_sa_lifetime_time), "7200"},  // default
                         {RC_FIELD(interval_to_send), "1"},         // built-in
                         {RC_FIELD(dpd_delay), "3600"},             // built-in
                         {RC_FIELD(proposal_check), "obey"},        // ikev1's default is not used
                     });
  // Script events merge one by one.
  EXPECT_EQ(own.script[static_cast<std::size_t>(ScriptEvent::Phase1Up)], "/own/up");
  EXPECT_EQ(own.script[static_cast<std::size_t>(ScriptEvent::Phase1Down)], "/default/down");

  // A remote without an ikev2 block, and no remote at all (the responder's
  // fallback for an unknown peer), take the default block's values.
  for (const Remote* remote : {conf->remote("other"), static_cast<const Remote*>(nullptr)}) {
    SCOPED_TRACE(index_of(remote));
    expect_values(conf->resolve_kmp(remote, Kmp::Ikev2), {
                                                             {RC_FIELD(nonce_size), "64"},
                                                             {RC_FIELD(max_retry_to_send), "3"},
                                                             {RC_FIELD(nat_traversal), "on"},
                                                         });
  }
  expect_values(conf->resolve_kmp(conf->remote("own"), Kmp::Ikev1),
                {
                    {RC_FIELD(nonce_size), "20"},
                    {RC_FIELD(proposal_check), "exact"},
                    {RC_FIELD(max_retry_to_send), "5"},
                });
  ASSERT_NE(conf->default_remote(), nullptr);
  EXPECT_EQ(conf->default_remote()->index, "");
}

TEST(ResolveTest, PolicyAndIpsec) {
  const auto conf = config(R"(
default {
  policy { ipsec_mode tunnel; };
  ipsec { ipsec_sa_lifetime_byte 1 MB; };
};
policy own { ipsec_level unique; };
policy mode { ipsec_mode transport; install off; };
ipsec i1 { ipsec_sa_lifetime_time 1 hour; };
ipsec i2 { sa_index esp1; };
)");
  const Policy own = conf->resolve_policy(*conf->policy("own"));
  EXPECT_EQ(own.ipsec_level, rct::IpsecLevel::Unique);  // own
  EXPECT_EQ(own.ipsec_mode, rct::IpsecMode::Tunnel);    // default
  EXPECT_EQ(own.install, true);                         // built-in
  EXPECT_FALSE(own.action);                             // no tier has one
  const Policy mode = conf->resolve_policy(*conf->policy("mode"));
  EXPECT_EQ(mode.ipsec_mode, rct::IpsecMode::Transport);
  EXPECT_EQ(mode.install, false);
  EXPECT_EQ(mode.ipsec_level, rct::IpsecLevel::Require);

  const Ipsec i1 = conf->resolve_ipsec(*conf->ipsec("i1"));
  EXPECT_EQ(i1.ipsec_sa_lifetime_time, 3600U);
  EXPECT_EQ(i1.ipsec_sa_lifetime_byte, 1U << 20);
  EXPECT_EQ(i1.ext_sequence, false);
  // Set nowhere, the child SA lifetime is 0: no expiry (reference §2.6).
  const Ipsec i2 = conf->resolve_ipsec(*conf->ipsec("i2"));
  EXPECT_EQ(i2.ipsec_sa_lifetime_time, 0U);
  ASSERT_TRUE(i2.sa_index);
  EXPECT_EQ(i2.sa_index->at(0).name, "esp1");

  const auto bare = config("ipsec i { };");
  const Ipsec i = bare->resolve_ipsec(*bare->ipsec("i"));
  EXPECT_EQ(i.ipsec_sa_lifetime_time, 0U);
  EXPECT_EQ(i.ipsec_sa_lifetime_byte, 0U);
}

TEST(ResolveTest, LookupByIndexTakesTheFirstOfDuplicates) {
  const auto conf = config(R"(
remote r { acceptable_kmp ikev1; };
remote r { acceptable_kmp kink; };
remote s { acceptable_kmp ikev2; };
)");
  ASSERT_NE(conf->remote("r"), nullptr);
  EXPECT_EQ(conf->remote("r"), &conf->model().remotes[0]);
  EXPECT_EQ(conf->remote("s"), &conf->model().remotes[2]);
  EXPECT_EQ(conf->remote("t"), nullptr);
  EXPECT_EQ(conf->default_remote(), nullptr);
}

TEST(ResolveTest, RemoteByPeerAddress) {
  const auto conf = config(R"(
remote a { ikev2 { peers_ipaddr 192.0.2.1; }; };
remote no_peers { ikev2 { nonce_size 16 B; }; };
remote b { ikev2 { peers_ipaddr { 198.51.100.0/24; }; }; ikev1 { peers_ipaddr 203.0.113.5 port 500; }; };
remote mine { ikev2 { peers_ipaddr MY_IPV4%eth1; }; };
remote rw { ikev2 { peers_ipaddr IP_RW; }; };
)");
  const addr::FixedInterfaceSource interfaces(std::vector<addr::InterfaceAddress>{
      {.ifname = "eth0", .address = ip("10.0.0.1"), .up = true},
      {.ifname = "eth1", .address = ip("10.1.1.1"), .up = true},
  });
  const struct {
    std::string_view peer;
    Kmp kmp;
    std::string_view remote;
  } rows[] = {
      {"192.0.2.1", Kmp::Ikev2, "a"},
      {"198.51.100.77", Kmp::Ikev2, "b"},
      {"10.1.1.1", Kmp::Ikev2, "mine"},  // the macro expands on eth1 only
      {"10.0.0.1", Kmp::Ikev2, "rw"},
      {"203.0.113.9", Kmp::Ikev2, "rw"},  // IP_RW matches any address
      {"2001:db8::9", Kmp::Ikev2, "rw"},
      {"203.0.113.5", Kmp::Ikev1, "b"},
      {"192.0.2.1", Kmp::Ikev1, "(none)"},  // the caller falls back to default
      {"192.0.2.1", Kmp::Kink, "(none)"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.peer);
    EXPECT_EQ(index_of(conf->remote_by_peer_address(ip(row.peer), row.kmp, interfaces)),
              row.remote);
  }
}

// The original stopped at the first remote without peers_id; we go on.
TEST(ResolveTest, RemoteByPeerIdSkipsRemotesWithoutPeersId) {
  const auto conf = config(R"(
remote first { ikev2 { peers_id fqdn "x.example"; }; };
remote no_id { ikev2 { nonce_size 16 B; }; };
remote kink_only { kink { peers_id fqdn "k.example"; }; };
remote later { ikev2 { peers_id { fqdn "peer.example"; email "user@example"; }; }; };
)");
  const struct {
    Kmp kmp;
    rct::IdType type;
    std::string_view value;
    std::string_view remote;
  } rows[] = {
      {Kmp::Ikev2, rct::IdType::Fqdn, "x.example", "first"},
      {Kmp::Ikev2, rct::IdType::Fqdn, "peer.example", "later"},
      {Kmp::Ikev2, rct::IdType::UserFqdn, "user@example", "later"},
      {Kmp::Ikev2, rct::IdType::Fqdn, "user@example", "(none)"},  // the type must match too
      {Kmp::Ikev2, rct::IdType::Fqdn, "k.example", "(none)"},
      {Kmp::Kink, rct::IdType::Fqdn, "k.example", "kink_only"},
      {Kmp::Ikev1, rct::IdType::Fqdn, "x.example", "(none)"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.value);
    EXPECT_EQ(index_of(conf->remote_by_peer_id(row.kmp, row.type, row.value)), row.remote);
  }
}

TEST(ResolveTest, SelectorsOfPolicyAndReverseSelector) {
  const auto conf = config(R"(
selector in_other { direction inbound; src 10.1.0.0/24; dst 10.0.0.0/24; policy_index p_other; };
selector out { direction outbound; src 10.0.0.0/24; dst 10.1.0.0/24; policy_index p_out; };
selector in { direction inbound; src 10.1.0.0/24; dst 10.0.0.0/24; policy_index p_in; };
selector out2 { direction outbound; src 10.0.0.0/24; dst 10.2.0.0/24; policy_index p_out; };
selector loose { src 10.0.0.0/24; dst 10.1.0.0/24; policy_index p_in; };
policy p_out { action auto_ipsec; remote_index r1; };
policy p_in { action auto_ipsec; remote_index r1; };
policy p_other { action auto_ipsec; remote_index r2; };
)");
  auto names = [](const std::vector<const Selector*>& list) {
    std::vector<std::string> out;
    for (const auto* selector : list) out.push_back(selector->index);
    return out;
  };
  EXPECT_EQ(names(conf->selectors_of_policy("p_out")), (std::vector<std::string>{"out", "out2"}));
  EXPECT_EQ(names(conf->selectors_of_policy("p_in")), (std::vector<std::string>{"in", "loose"}));
  EXPECT_TRUE(conf->selectors_of_policy("nothing").empty());

  // The mirror has the opposite direction, swapped addresses and a policy
  // for the same remote: in_other matches the addresses but not the remote.
  EXPECT_EQ(conf->reverse_selector(*conf->selector("out")), conf->selector("in"));
  EXPECT_EQ(conf->reverse_selector(*conf->selector("in")), conf->selector("out"));
  EXPECT_EQ(conf->reverse_selector(*conf->selector("out2")), nullptr);
  EXPECT_EQ(conf->reverse_selector(*conf->selector("loose")), nullptr);  // no direction
}

}  // namespace
}  // namespace rc::conf
