// validate(): each cross-section check with its exact text and severity,
// on models built directly (no parser), plus robustness on empty models.
#include "conf/validate.h"

#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "safefile/safefile.h"
#include "support/temp_dir.h"

namespace rc::conf {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Location at(int line) {
  static const auto file = std::make_shared<const std::string>("test.conf");
  return Location{file, line, 1};
}

Ref ref(std::string name, int line) {
  return Ref{std::move(name), at(line)};
}

addr::AddrEntry address(std::string_view text) {
  auto entry = addr::parse_address(text);
  if (!entry) ADD_FAILURE() << text << ": " << entry.error().message;
  return entry ? *entry : addr::AddrEntry::host(addr::IpAddress());
}

// A section with its index and location (none for line 0) and nothing else set.
template <class S>
S section(std::string_view index, int line) {
  S result;
  result.index = std::string(index);
  if (line != 0) result.location = at(line);
  return result;
}

template <class S>
S unnamed(int line = 0) {
  S result;
  if (line != 0) result.location = at(line);
  return result;
}

template <class Alg>
AlgorithmSpec<Alg> alg(Alg algorithm, int line, std::uint32_t key_bits = 0) {
  return AlgorithmSpec<Alg>{algorithm, key_bits, {}, at(line)};
}

std::vector<std::string> check(const Model& model, bool secret_files = false) {
  Diagnostics diagnostics;
  ValidateOptions options;
  options.check_secret_files = secret_files;
  validate(model, diagnostics, options);
  std::vector<std::string> list;
  for (const auto& diagnostic : diagnostics.list()) list.push_back(diagnostic.to_string());
  return list;
}

// Sections at lines 10 (remote), 20 (selector), 30 (policy), 40 (ipsec),
// 50 (sa); directives inside them on the following lines.
Model good_model() {
  Model model;
  Interface interface;
  interface.location = at(1);
  interface.spmd = addr::AddrList{*addr::AddrEntry::unix_socket("/var/run/racoon2/spmif")};
  model.interface = interface;

  Remote remote = section<Remote>("r1", 10);
  remote.acceptable_kmp = std::vector{rct::Kmp::Ikev2};
  KmpParams ikev2;
  ikev2.location = at(11);
  ikev2.my_id = std::vector{IdSpec{rct::IdType::Fqdn, {}, "a.example", at(12)}};
  ikev2.peers_ipaddr = addr::AddrList{address("192.0.2.2")};
  ikev2.kmp_auth_method = std::vector{rct::AuthMethod::Psk};
  ikev2.pre_shared_key = "psk.key";
  remote.ikev2 = ikev2;
  model.remotes.push_back(remote);

  Selector selector = section<Selector>("s1", 20);
  selector.direction = rct::Direction::Outbound;
  selector.src = address("192.0.2.1");
  selector.dst = address("192.0.2.2");
  selector.policy_index = ref("p1", 21);
  model.selectors.push_back(selector);

  Policy policy = section<Policy>("p1", 30);
  policy.action = rct::Action::AutoIpsec;
  policy.remote_index = ref("r1", 31);
  policy.ipsec_index = std::vector{ref("x1", 32)};
  model.policies.push_back(policy);

  Ipsec ipsec = section<Ipsec>("x1", 40);
  ipsec.sa_index = std::vector{ref("e1", 41)};
  model.ipsecs.push_back(ipsec);

  Sa sa = section<Sa>("e1", 50);
  sa.sa_protocol = rct::SaType::Esp;
  sa.esp_enc_alg = std::vector{alg(rct::EncAlg::AesGcm16, 51)};
  model.sas.push_back(sa);
  return model;
}

KmpParams& ikev2_of(Model& model) {
  return *model.remotes.front().ikev2;
}

TEST(ValidateTest, GoodModelHasNoDiagnostics) {
  EXPECT_THAT(check(good_model()), IsEmpty());
}

// --- robustness ------------------------------------------------------------

TEST(ValidateTest, DefaultConstructedModelIsQuiet) {
  EXPECT_THAT(check(Model{}), IsEmpty());
  EXPECT_THAT(check(Model{}, true), IsEmpty());
}

TEST(ValidateTest, EveryFieldUnsetDoesNotCrash) {
  Model model;
  model.interface = Interface{};
  model.resolver = Resolver{};
  model.defaults = Defaults{};
  model.defaults->remote = Remote{};
  model.defaults->remote->ikev1 = KmpParams{};
  model.defaults->remote->ikev2 = KmpParams{};
  model.defaults->remote->ikev2->provide = Provide{};
  model.defaults->remote->kink = KmpParams{};
  model.defaults->policy = Policy{};
  model.defaults->ipsec = Ipsec{};
  model.defaults->sa = Sa{};
  Remote remote = section<Remote>("r", 0);
  remote.acceptable_kmp = std::vector<rct::Kmp>{};
  remote.ikev1 = KmpParams{};
  remote.ikev2 = KmpParams{};
  remote.kink = KmpParams{};
  remote.ikev2->provide = Provide{};
  remote.ikev1->kmp_auth_method = std::vector<rct::AuthMethod>{};
  model.remotes.push_back(remote);
  model.remotes.push_back(Remote{});
  model.selectors.push_back(section<Selector>("s", 0));
  model.policies.push_back(section<Policy>("p", 0));
  Ipsec ipsec = section<Ipsec>("x", 0);
  ipsec.sa_index = std::vector<Ref>{};
  model.ipsecs.push_back(ipsec);
  Sa sa = section<Sa>("a", 0);
  sa.esp_enc_alg = std::vector<AlgorithmSpec<rct::EncAlg>>{};
  sa.esp_auth_alg = std::vector<AlgorithmSpec<rct::AuthAlg>>{};
  model.sas.push_back(sa);
  model.addresspools.push_back(section<AddressPool>("pool", 0));
  const auto messages = check(model, true);
  EXPECT_THAT(messages,
              Contains("<built-in>: selector 's' has no direction; expected direction inbound "
                       "or outbound"));
  EXPECT_THAT(messages, Contains("<built-in>: sa 'a' has no sa_protocol; expected sa_protocol "
                                 "esp, ah or ipcomp"));
}

TEST(ValidateTest, EveryKindOfDanglingReference) {
  Model model = good_model();
  model.selectors[0].policy_index = ref("p9", 21);
  model.policies[0].remote_index = ref("r9", 31);
  model.policies[0].ipsec_index = std::vector{ref("x9", 32)};
  model.ipsecs[0].sa_index = std::vector{ref("e9", 41)};
  model.remotes[0].selector_index = ref("s9", 13);
  ikev2_of(model).provide.emplace().addresspool = ref("pool9", 14);
  model.defaults = Defaults{};
  model.defaults->remote = Remote{};
  model.defaults->remote->selector_index = ref("s8", 3);
  model.defaults->policy = Policy{};
  model.defaults->policy->remote_index = ref("r8", 4);
  model.defaults->ipsec = Ipsec{};
  model.defaults->ipsec->sa_index = std::vector{ref("e8", 5)};
  EXPECT_THAT(check(model), ElementsAre("test.conf:21:1: policy_index 'p9' names no policy section",
                                        "test.conf:13:1: selector_index 's9' names no selector "
                                        "section",
                                        "test.conf:14:1: addresspool 'pool9' names no addresspool "
                                        "section",
                                        "test.conf:31:1: remote_index 'r9' names no remote section",
                                        "test.conf:32:1: ipsec_index 'x9' names no ipsec section",
                                        "test.conf:41:1: sa_index 'e9' names no sa section",
                                        "test.conf:3:1: selector_index 's8' names no selector "
                                        "section",
                                        "test.conf:4:1: remote_index 'r8' names no remote section",
                                        "test.conf:5:1: sa_index 'e8' names no sa section"));
}

TEST(ValidateTest, DuplicateIndexIsAWarning) {
  Model model = good_model();
  Remote copy = model.remotes[0];
  copy.location = at(60);
  model.remotes.push_back(copy);
  Sa sa = model.sas[0];
  sa.location = at(70);
  model.sas.push_back(sa);
  EXPECT_THAT(check(model), ElementsAre("test.conf:60:1: warning: duplicate remote 'r1' (first at "
                                        "test.conf:10:1); lookups use the first",
                                        "test.conf:70:1: warning: duplicate sa 'e1' (first at "
                                        "test.conf:50:1); lookups use the first"));
}

// --- selector ----------------------------------------------------------------

TEST(ValidateTest, SelectorRequiredFields) {
  Model model = good_model();
  model.selectors[0] = Selector{section<Selector>("s1", 20)};
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:20:1: selector 's1' has no direction; expected direction "
                          "inbound or outbound",
                          "test.conf:20:1: selector 's1' has no src; expected src ADDRESS",
                          "test.conf:20:1: selector 's1' has no dst; expected dst ADDRESS",
                          "test.conf:20:1: selector 's1' has no policy_index; expected "
                          "policy_index NAME"));
}

TEST(ValidateTest, SelectorMacrosOnBothSides) {
  Model model = good_model();
  model.selectors[0].src = address("MY_IP");
  model.selectors[0].dst = address("IP_ANY");
  EXPECT_THAT(check(model), ElementsAre("test.conf:20:1: selector 's1' has macros on both sides "
                                        "(MY_IP and IP_ANY); at most one side may be a macro"));
  model.selectors[0].dst = address("192.0.2.0/24");
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, SelectorUnixSocketAndMixedFamilies) {
  Model model = good_model();
  model.selectors[0].src = *addr::AddrEntry::unix_socket("/tmp/x");
  EXPECT_THAT(check(model), ElementsAre("test.conf:20:1: selector 's1' src unix \"/tmp/x\" is a "
                                        "socket path; expected an address, macro or host name"));
  model.selectors[0].src = address("2001:db8::/32");
  EXPECT_THAT(check(model), ElementsAre("test.conf:20:1: selector 's1' mixes address families "
                                        "(src 2001:db8::/32 is IPv6, dst 192.0.2.2 is IPv4); "
                                        "expected src and dst of one family"));
}

// --- policy ------------------------------------------------------------------

TEST(ValidateTest, PolicyTunnelModeNeedsEndPoints) {
  Model model = good_model();
  model.policies[0].ipsec_mode = rct::IpsecMode::Tunnel;
  model.policies[0].my_sa_ipaddr = address("MY_IPV4");
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: policy 'p1' uses tunnel mode but has no "
                                        "peers_sa_ipaddr; expected the tunnel end points "
                                        "my_sa_ipaddr and peers_sa_ipaddr"));
  // Resolved through default { policy { } }.
  model.defaults.emplace().policy.emplace();
  model.defaults->policy->peers_sa_ipaddr = address("IP_RW");
  EXPECT_THAT(check(model), IsEmpty());
  model.policies[0].ipsec_mode.reset();  // transport, the built-in default
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: warning: policy 'p1' has peers_sa_ipaddr "
                                        "IP_RW in transport mode, where it acts as IP_ANY; "
                                        "expected ipsec_mode tunnel"));
}

TEST(ValidateTest, PolicyEndPointsMustBeAddresses) {
  Model model = good_model();
  model.policies[0].ipsec_mode = rct::IpsecMode::Tunnel;
  model.policies[0].my_sa_ipaddr = address("192.0.2.1");
  model.policies[0].peers_sa_ipaddr = address("gw.example.org");
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: policy 'p1' peers_sa_ipaddr "
                                        "gw.example.org is a host name; expected an address or "
                                        "macro"));
  model.defaults.emplace().policy = unnamed<Policy>(2);
  model.defaults->policy->my_sa_ipaddr = *addr::AddrEntry::unix_socket("/s");
  EXPECT_THAT(check(model), Contains("test.conf:2:1: default policy my_sa_ipaddr unix \"/s\" is a "
                                     "socket path; expected an address or macro"));
}

TEST(ValidateTest, PolicyAutoIpsecNeedsRemoteAndIpsec) {
  Model model = good_model();
  model.policies[0].remote_index.reset();
  model.policies[0].ipsec_index.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: policy 'p1' uses action auto_ipsec but "
                                        "has no remote_index; expected remote_index NAME",
                                        "test.conf:30:1: policy 'p1' uses action auto_ipsec but "
                                        "has no ipsec_index; expected ipsec_index NAME"));
  model.defaults.emplace().policy.emplace();
  model.defaults->policy->remote_index = ref("r1", 3);
  model.defaults->policy->ipsec_index = std::vector{ref("x1", 4)};
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, PolicyActionAndLevel) {
  Model model = good_model();
  model.policies[0].action.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: policy 'p1' has no action; expected "
                                        "action auto_ipsec, discard or none"));
  model.policies[0].action = rct::Action::StaticIpsec;
  model.policies[0].ipsec_level = rct::IpsecLevel::Use;
  EXPECT_THAT(check(model), ElementsAre("test.conf:30:1: warning: action static_ipsec is not "
                                        "implemented; expected auto_ipsec, discard or none",
                                        "test.conf:30:1: warning: ipsec_level use is not "
                                        "implemented; expected require or unique"));
  model.policies[0].action = rct::Action::Discard;
  model.policies[0].ipsec_level.reset();
  model.policies[0].ipsec_mode = rct::IpsecMode::Tunnel;  // no end points needed to drop
  EXPECT_THAT(check(model), IsEmpty());
}

// --- ipsec and sa ------------------------------------------------------------

TEST(ValidateTest, IpsecBundleHoldsOneSaPerProtocol) {
  Model model = good_model();
  Sa second = section<Sa>("e2", 55);
  second.sa_protocol = rct::SaType::Esp;
  second.esp_enc_alg = std::vector{alg(rct::EncAlg::Chacha20Poly1305, 56)};
  model.sas.push_back(second);
  Sa ah = section<Sa>("a1", 57);
  ah.sa_protocol = rct::SaType::Ah;
  ah.ah_auth_alg = std::vector{alg(rct::AuthAlg::HmacSha2_256, 58)};
  model.sas.push_back(ah);
  model.ipsecs[0].sa_index = std::vector{ref("a1", 41), ref("e1", 42)};
  EXPECT_THAT(check(model), IsEmpty());
  model.ipsecs[0].sa_index->push_back(ref("e2", 43));
  EXPECT_THAT(check(model), ElementsAre("test.conf:43:1: ipsec 'x1' lists two esp sa blocks ('e1' "
                                        "and 'e2'); a bundle holds at most one sa per protocol"));
}

TEST(ValidateTest, IpsecNeedsSaIndex) {
  Model model = good_model();
  model.ipsecs[0].sa_index.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:40:1: ipsec 'x1' has no sa_index; expected "
                                        "sa_index NAME"));
  model.defaults.emplace().ipsec.emplace();
  model.defaults->ipsec->sa_index = std::vector{ref("e1", 3)};
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, SaAlgorithmsPerProtocol) {
  Model model = good_model();
  Sa& sa = model.sas[0];
  sa.esp_enc_alg.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:50:1: sa 'e1' uses esp but has no esp_enc_alg; "
                                        "expected esp_enc_alg ALGORITHM"));
  sa.esp_enc_alg = std::vector{alg(rct::EncAlg::Aes128Cbc, 51)};
  EXPECT_THAT(check(model), ElementsAre("test.conf:50:1: warning: sa 'e1' uses esp without "
                                        "esp_auth_alg, which gives no integrity; expected "
                                        "esp_auth_alg or an AEAD esp_enc_alg"));
  sa.esp_auth_alg = std::vector{alg(rct::AuthAlg::HmacSha2_256, 52)};
  sa.ah_auth_alg = std::vector{alg(rct::AuthAlg::HmacSha1, 53)};
  EXPECT_THAT(check(model), ElementsAre("test.conf:53:1: warning: sa 'e1' uses esp, so "
                                        "ah_auth_alg is ignored"));
  sa.sa_protocol = rct::SaType::Ah;
  sa.ah_auth_alg.reset();
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:50:1: sa 'e1' uses ah but has no ah_auth_alg; expected "
                          "ah_auth_alg ALGORITHM",
                          "test.conf:51:1: warning: sa 'e1' uses ah, so esp_enc_alg is ignored",
                          "test.conf:52:1: warning: sa 'e1' uses ah, so esp_auth_alg is ignored"));
  sa = section<Sa>("e1", 50);
  sa.sa_protocol = rct::SaType::Ipcomp;
  EXPECT_THAT(check(model), ElementsAre("test.conf:50:1: sa 'e1' uses ipcomp but has no "
                                        "ipcomp_alg; expected ipcomp_alg ALGORITHM"));
  sa.ipcomp_alg = std::vector{alg(rct::CompAlg::Deflate, 54)};
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, SaProtocolFromDefault) {
  Model model = good_model();
  model.sas[0].sa_protocol.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:50:1: sa 'e1' has no sa_protocol; expected "
                                        "sa_protocol esp, ah or ipcomp"));
  model.defaults.emplace().sa.emplace();
  model.defaults->sa->sa_protocol = rct::SaType::Esp;
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, AeadWithIntegrityIsAnError) {
  Model model = good_model();
  model.sas[0].esp_auth_alg = std::vector{alg(rct::AuthAlg::HmacSha2_256, 52)};
  EXPECT_THAT(check(model), ElementsAre("test.conf:51:1: aes_gcm_16 is an AEAD but esp_auth_alg "
                                        "is set too; expected no esp_auth_alg with an AEAD (RFC "
                                        "4106: no separate integrity)"));
  // non_auth is how a config says "no separate integrity".
  model.sas[0].esp_auth_alg = std::vector{alg(rct::AuthAlg::NonAuth, 52)};
  EXPECT_THAT(check(model), IsEmpty());
}

// --- weak algorithms ---------------------------------------------------------

TEST(ValidateTest, WeakAlgorithmsWarnOncePerOccurrence) {
  Model model = good_model();
  Sa& sa = model.sas[0];
  sa.esp_enc_alg = std::vector{alg(rct::EncAlg::DesCbc, 51), alg(rct::EncAlg::Des3Cbc, 52),
                               alg(rct::EncAlg::RijndaelCbc, 53, 64), alg(rct::EncAlg::NullEnc, 54),
                               alg(rct::EncAlg::Aes256Cbc, 55)};
  sa.esp_auth_alg = std::vector{alg(rct::AuthAlg::HmacMd5, 56), alg(rct::AuthAlg::NonAuth, 57)};
  const std::string enc = "expected an AES algorithm or chacha20_poly1305";
  const std::string mac = "expected hmac_sha2_256 or stronger";
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:51:1: warning: des_cbc is weak (RFC 8221 and RFC 8247: MUST "
                          "NOT); " +
                              enc,
                          "test.conf:52:1: warning: 3des_cbc is weak (64-bit blocks; RFC 8221: "
                          "SHOULD NOT); " +
                              enc,
                          "test.conf:53:1: warning: rijndael_cbc with a 64-bit key is weak; "
                          "expected 128, 192 or 256 bits",
                          "test.conf:54:1: warning: null_enc is weak (no confidentiality); " + enc,
                          "test.conf:56:1: warning: hmac_md5 is weak (RFC 8221 and RFC 8247: "
                          "MUST NOT); " +
                              mac,
                          "test.conf:57:1: warning: non_auth is weak (no integrity); " + mac));
}

TEST(ValidateTest, WeakKmpAlgorithmsAndGroups) {
  Model model = good_model();
  KmpParams& ikev2 = ikev2_of(model);
  ikev2.kmp_integ_alg = std::vector{alg(rct::AuthAlg::HmacMd5, 15)};
  ikev2.kmp_prf_alg = std::vector{alg(rct::Prf::HmacMd5, 16)};
  ikev2.kmp_dh_group = std::vector{rct::DhGroup::Modp1024, rct::DhGroup::Modp2048};
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:11:1: warning: modp1024 is weak (RFC 8247: SHOULD NOT); "
                          "expected modp2048, ecp256, curve25519 or stronger",
                          "test.conf:15:1: warning: hmac_md5 is weak (RFC 8221 and RFC 8247: "
                          "MUST NOT); expected hmac_sha2_256 or stronger",
                          "test.conf:16:1: warning: hmac_md5 is weak (RFC 8247: MUST NOT); "
                          "expected hmac_sha2_256 or stronger"));
}

TEST(ValidateTest, WeakAlgorithmInDefaultIsReportedOnce) {
  Model model = good_model();
  model.defaults.emplace().sa.emplace();
  model.defaults->sa->esp_auth_alg = std::vector{alg(rct::AuthAlg::DesMac, 5)};
  model.sas[0].esp_enc_alg = std::vector{alg(rct::EncAlg::Aes128Cbc, 51)};
  Sa other = model.sas[0];
  other.index = "e2";
  model.sas.push_back(other);
  EXPECT_THAT(check(model), ElementsAre("test.conf:5:1: warning: des_mac is weak (RFC 8221 and RFC "
                                        "8247: MUST NOT); expected hmac_sha2_256 or stronger"));
}

// --- remote and KMP blocks ---------------------------------------------------

TEST(ValidateTest, RemoteNeedsAcceptableKmpAndItsBlocks) {
  Model model = good_model();
  model.remotes[0].acceptable_kmp.reset();
  EXPECT_THAT(check(model), ElementsAre("test.conf:10:1: remote 'r1' has no acceptable_kmp (and "
                                        "default has none); expected acceptable_kmp ikev2, ikev1 "
                                        "or kink"));
  model.remotes[0].acceptable_kmp = std::vector{rct::Kmp::Ikev2, rct::Kmp::Kink};
  EXPECT_THAT(check(model), ElementsAre("test.conf:10:1: remote 'r1' accepts kink but has no kink "
                                        "{ } block (and default has none)"));
  model.defaults.emplace().remote.emplace();
  model.defaults->remote->kink = KmpParams{};
  model.defaults->remote->kink->my_principal = "kink/host.example@EXAMPLE";
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, Ikev2NeedsMyIdAndAuthInputs) {
  Model model = good_model();
  KmpParams& ikev2 = ikev2_of(model);
  ikev2.my_id.reset();
  ikev2.pre_shared_key.reset();
  ikev2.kmp_auth_method = std::vector{rct::AuthMethod::Psk, rct::AuthMethod::RsaSig};
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:11:1: remote 'r1' has no ikev2 my_id (and default has "
                          "none); expected my_id TYPE VALUE",
                          "test.conf:11:1: remote 'r1' ikev2 uses psk but has no pre_shared_key "
                          "(and default has none); expected pre_shared_key FILE",
                          "test.conf:11:1: remote 'r1' ikev2 uses rsasig but has no "
                          "peers_public_key (and default has none); expected peers_public_key "
                          "TYPE FILE"));
  ikev2.kmp_auth_method.reset();
  EXPECT_THAT(check(model), Contains("test.conf:11:1: remote 'r1' has no ikev2 kmp_auth_method "
                                     "(and default has none); expected kmp_auth_method psk, "
                                     "rsasig or another method"));
  // Everything from default { remote { ikev2 { } } }.
  model.defaults.emplace().remote.emplace();
  model.defaults->remote->ikev2 = KmpParams{};
  KmpParams& fallback = *model.defaults->remote->ikev2;
  fallback.my_id = std::vector{IdSpec{rct::IdType::Fqdn, {}, "a.example", at(4)}};
  fallback.kmp_auth_method = std::vector{rct::AuthMethod::Ecdsa256};
  fallback.peers_public_key = PublicKeySpec{rct::KeyFileType::X509Pem, "peer.pem", {}};
  EXPECT_THAT(check(model), IsEmpty());
}

TEST(ValidateTest, NonceSizeRanges) {
  Model model = good_model();
  ikev2_of(model).nonce_size = 8;
  EXPECT_THAT(check(model), ElementsAre("test.conf:11:1: nonce_size 8 is out of range; expected 16 "
                                        "to 256 bytes (RFC 7296 §3.9)"));
  ikev2_of(model).nonce_size = 256;
  EXPECT_THAT(check(model), IsEmpty());
  model.defaults.emplace().remote.emplace();
  model.defaults->remote->ikev1 = unnamed<KmpParams>(3);
  model.defaults->remote->ikev1->nonce_size = 4;
  EXPECT_THAT(check(model), ElementsAre("test.conf:3:1: nonce_size 4 is out of range; expected 8 "
                                        "to 256 bytes (RFC 2409 §5)"));
}

Model ikev1_model() {
  Model model = good_model();
  Remote& remote = model.remotes[0];
  remote.acceptable_kmp = std::vector{rct::Kmp::Ikev1};
  KmpParams ikev1;
  ikev1.location = at(60);
  ikev1.peers_ipaddr = addr::AddrList{address("192.0.2.2")};
  ikev1.kmp_enc_alg = std::vector{alg(rct::EncAlg::Aes128Cbc, 61)};
  ikev1.kmp_hash_alg = std::vector{alg(rct::HashAlg::Sha2_256, 62)};
  ikev1.kmp_dh_group = std::vector{rct::DhGroup::Modp2048};
  ikev1.kmp_auth_method = std::vector{rct::AuthMethod::Psk};
  ikev1.pre_shared_key = "psk.key";
  remote.ikev1 = ikev1;
  remote.ikev2.reset();
  return model;
}

TEST(ValidateTest, Ikev1Requirements) {
  Model model = ikev1_model();
  EXPECT_THAT(check(model), IsEmpty());
  KmpParams& ikev1 = *model.remotes[0].ikev1;
  ikev1 = unnamed<KmpParams>(60);
  ikev1.kmp_auth_method = std::vector{rct::AuthMethod::GssapiKrb};
  const std::string head = "test.conf:60:1: remote 'r1' has no ikev1 ";
  EXPECT_THAT(check(model),
              ElementsAre(head + "peers_ipaddr (and default has none); expected peers_ipaddr "
                                 "ADDRESS",
                          head + "kmp_enc_alg (and default has none); expected kmp_enc_alg "
                                 "ALGORITHM",
                          head + "kmp_hash_alg (and default has none); expected kmp_hash_alg "
                                 "ALGORITHM",
                          head + "kmp_dh_group (and default has none); expected kmp_dh_group "
                                 "GROUP"));
}

TEST(ValidateTest, Ikev1MainModePskNeedsAddressIds) {
  Model model = ikev1_model();
  KmpParams& ikev1 = *model.remotes[0].ikev1;
  ikev1.peers_id = std::vector{IdSpec{rct::IdType::IpAddr, {}, "192.0.2.2", at(63)},
                               IdSpec{rct::IdType::Fqdn, {}, "b.example", at(64)}};
  EXPECT_THAT(check(model), ElementsAre("test.conf:64:1: remote 'r1' ikev1 peers_id fqdn cannot "
                                        "be used with main mode and psk; expected peers_id ipaddr "
                                        "ADDRESS"));
  ikev1.exchange_mode = rct::ExchangeMode::Aggressive;
  EXPECT_THAT(check(model), ElementsAre("test.conf:60:1: exchange_mode aggressive is not "
                                        "implemented; expected main"));
}

TEST(ValidateTest, DhGroupMustSuitTheKmp) {
  Model model = ikev1_model();
  model.remotes[0].ikev1->kmp_dh_group = std::vector{rct::DhGroup::Curve25519};
  EXPECT_THAT(check(model), ElementsAre("test.conf:60:1: kmp_dh_group curve25519 cannot be used "
                                        "with ikev1; expected a group IKEv1 defines"));
  model = good_model();
  ikev2_of(model).kmp_dh_group = std::vector{rct::DhGroup::Ec2n155};
  EXPECT_THAT(check(model),
              ElementsAre("test.conf:11:1: kmp_dh_group ec2n155 cannot be used with ikev2; "
                          "expected a group IKEv2 defines",
                          "test.conf:11:1: warning: ec2n155 is weak (not in RFC 8247); expected "
                          "modp2048, ecp256, curve25519 or stronger"));
}

TEST(ValidateTest, KinkNeedsMyPrincipal) {
  Model model = good_model();
  model.remotes[0].acceptable_kmp = std::vector{rct::Kmp::Kink};
  model.remotes[0].kink = unnamed<KmpParams>(65);
  EXPECT_THAT(check(model), ElementsAre("test.conf:65:1: remote 'r1' has no kink my_principal (and "
                                        "default has none); expected my_principal "
                                        "\"kink/HOST@REALM\""));
}

// --- secret files and interface ---------------------------------------------

class SecretFileTest : public ::testing::Test {
 protected:
  std::string make(std::string_view name, mode_t mode) {
    std::string path = dir_.path(name);
    std::ofstream(path) << "secret";
    ::chmod(path.c_str(), mode);
    return path;
  }
  static std::string refusal(const std::string& path) {
    auto opened = safefile::open_secret_file(path);
    return opened ? std::string() : opened.error().message;
  }

  rc::testing::TempDir dir_{"validate_test"};
};

TEST_F(SecretFileTest, PreSharedKeyFileIsChecked) {
  Model model = good_model();
  ikev2_of(model).pre_shared_key = make("good.key", 0600);
  EXPECT_THAT(check(model, true), IsEmpty());

  const std::string bad = make("bad.key", 0644);
  ikev2_of(model).pre_shared_key = bad;
  ASSERT_THAT(refusal(bad), ::testing::HasSubstr("0644"));
  EXPECT_THAT(check(model, true), ElementsAre("test.conf:11:1: pre_shared_key: " + refusal(bad)));
  EXPECT_THAT(check(model, false), IsEmpty());

  const std::string missing = dir_.path("missing.key");
  ikev2_of(model).pre_shared_key = missing;
  EXPECT_THAT(check(model, true),
              ElementsAre("test.conf:11:1: pre_shared_key: " + refusal(missing)));
}

TEST_F(SecretFileTest, SpmdPasswordIsChecked) {
  Model model = good_model();
  ikev2_of(model).pre_shared_key = make("good.key", 0600);
  model.interface->spmd_password = make("spmd.pwd", 0600);
  EXPECT_THAT(check(model, true), IsEmpty());
  const std::string bad = make("open.pwd", 0644);
  model.interface->spmd_password = bad;
  EXPECT_THAT(check(model, true), ElementsAre("test.conf:1:1: spmd_password: " + refusal(bad)));
}

// spmd creates the file at its first start; everyone else needs it there.
TEST_F(SecretFileTest, OnlySpmdMayFindSpmdPasswordMissing) {
  Model model = good_model();
  ikev2_of(model).pre_shared_key = make("good.key", 0600);
  const std::string missing = dir_.path("spmd.pwd");
  model.interface->spmd_password = missing;
  EXPECT_THAT(check(model, true), ElementsAre("test.conf:1:1: spmd_password: " + refusal(missing)));
  ValidateOptions spmd;
  spmd.spmd_password_may_be_missing = true;
  Diagnostics diagnostics;
  validate(model, diagnostics, spmd);
  EXPECT_THAT(diagnostics.list(), IsEmpty());
  // A file that is there must still be a secret file.
  const std::string bad = make("open.pwd", 0644);
  model.interface->spmd_password = bad;
  Diagnostics refused;
  validate(model, refused, spmd);
  EXPECT_EQ(refused.error_count(), 1U);
}

TEST(ValidateTest, SpmdOverTcpIsForDebugging) {
  Model model = good_model();
  model.interface->spmd->push_back(address("127.0.0.1"));
  EXPECT_THAT(check(model), ElementsAre("test.conf:1:1: warning: spmd 127.0.0.1 is a TCP "
                                        "endpoint, meant for debugging only; expected unix "
                                        "\"PATH\""));
}

}  // namespace
}  // namespace rc::conf
