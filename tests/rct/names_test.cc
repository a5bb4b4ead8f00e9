// Keyword and log-name tables: every enumerator has a name, no keyword is
// used twice within an enum, and the keywords are exactly the words of the
// original grammar (lib/cftoken.l, reference §2.4-2.7) plus our additions.
#include "rct/names.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace rc::rct {
namespace {

template <class E>
class EnumNames : public ::testing::Test {};

using RangeEnums =
    ::testing::Types<Bool, EncAlg, AuthAlg, HashAlg, Prf, CompAlg, AuthMethod, DhGroup, Kmp,
                     LogMode, IdType, IdQualifier, SelectorCheck, ProposalCheck, ExchangeMode,
                     KeyFileType, MobilityRole, Direction, Action, IpsecMode, IpsecLevel, SaType>;
TYPED_TEST_SUITE(EnumNames, RangeEnums);

TYPED_TEST(EnumNames, EveryEnumeratorHasExactlyOneRowAndALogName) {
  using E = TypeParam;
  const int first = static_cast<int>(EnumTraits<E>::first);
  const int last = static_cast<int>(EnumTraits<E>::last);
  const auto rows = name_rows(E{});
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(last - first + 1));
  for (int i = first; i <= last; ++i) {
    const E value = static_cast<E>(i);
    int count = 0;
    for (const auto& row : rows) {
      if (row.value == value) ++count;
    }
    EXPECT_EQ(count, 1) << i;
    EXPECT_NE(to_string(value), "unknown") << i;
    EXPECT_NE(to_string(value), "unset") << i;
    EXPECT_FALSE(to_string(value).empty()) << i;
  }
  EXPECT_EQ(to_string(E{}), "unset");
  EXPECT_EQ(to_string(static_cast<E>(last + 1)), "unknown");
  EXPECT_EQ(keyword(static_cast<E>(last + 1)), "");
}

TYPED_TEST(EnumNames, KeywordsAreUniqueAndRoundTrip) {
  using E = TypeParam;
  std::set<std::string_view> seen;
  for (const auto& row : name_rows(E{})) {
    if (row.keyword.empty()) continue;
    EXPECT_TRUE(seen.insert(row.keyword).second) << row.keyword;
    EXPECT_EQ(from_keyword<E>(row.keyword), row.value) << row.keyword;
    EXPECT_EQ(keyword(row.value), row.keyword);
    EXPECT_EQ(display_name(row.value), row.keyword);
  }
  for (const auto& alias : alias_rows(E{})) {
    EXPECT_TRUE(seen.insert(alias.keyword).second) << alias.keyword;
    EXPECT_EQ(from_keyword<E>(alias.keyword), alias.value) << alias.keyword;
  }
  EXPECT_EQ(from_keyword<E>(""), std::nullopt);
  EXPECT_EQ(from_keyword<E>("no_such_word"), std::nullopt);
}

// The complete keyword list of one enum, written from the grammar.
template <class E>
void ExpectKeywords(const std::vector<std::pair<std::string_view, E>>& expected) {
  std::size_t named = 0;
  for (const auto& row : name_rows(E{})) {
    if (!row.keyword.empty()) ++named;
  }
  named += alias_rows(E{}).size();
  EXPECT_EQ(named, expected.size());
  for (const auto& [word, value] : expected) {
    EXPECT_EQ(from_keyword<E>(word), value) << word;
  }
}

TEST(Keywords, Booleans) {
  ExpectKeywords<Bool>({{"on", Bool::On},
                        {"enable", Bool::On},
                        {"yes", Bool::On},
                        {"off", Bool::Off},
                        {"disable", Bool::Off},
                        {"no", Bool::Off}});
  EXPECT_EQ(from_keyword<Bool>("On"), std::nullopt);  // keywords are case-sensitive
  EXPECT_EQ(from_keyword<Bool>("true"), std::nullopt);
  EXPECT_EQ(keyword(Bool::On), "on");
  EXPECT_EQ(keyword(Bool::Off), "off");
}

TEST(Keywords, EncryptionAlgorithms) {
  ExpectKeywords<EncAlg>({
      {"des_cbc_iv64", EncAlg::DesCbcIv64},   {"des_cbc", EncAlg::DesCbc},
      {"3des_cbc", EncAlg::Des3Cbc},          {"rc5_cbc", EncAlg::Rc5Cbc},
      {"idea_cbc", EncAlg::IdeaCbc},          {"cast128_cbc", EncAlg::Cast128Cbc},
      {"blowfish_cbc", EncAlg::BlowfishCbc},  {"3idea_cbc", EncAlg::Idea3Cbc},
      {"des_cbc_iv32", EncAlg::DesCbcIv32},   {"rc4_cbc", EncAlg::Rc4Cbc},
      {"null_enc", EncAlg::NullEnc},          {"rijndael_cbc", EncAlg::RijndaelCbc},
      {"aes128_cbc", EncAlg::Aes128Cbc},      {"aes192_cbc", EncAlg::Aes192Cbc},
      {"aes256_cbc", EncAlg::Aes256Cbc},      {"aes_ctr", EncAlg::AesCtr},
      {"twofish_cbc", EncAlg::TwofishCbc},    {"aes_gcm_8", EncAlg::AesGcm8},
      {"aes_gcm_12", EncAlg::AesGcm12},       {"aes_gcm_16", EncAlg::AesGcm16},
      {"aes_ccm_8", EncAlg::AesCcm8},         {"aes_ccm_12", EncAlg::AesCcm12},
      {"aes_ccm_16", EncAlg::AesCcm16},       {"chacha20_poly1305", EncAlg::Chacha20Poly1305},
      {"null_aes_gmac", EncAlg::NullAesGmac},
  });
}

TEST(Keywords, IntegrityAlgorithms) {
  ExpectKeywords<AuthAlg>({
      {"non_auth", AuthAlg::NonAuth},
      {"hmac_md5", AuthAlg::HmacMd5},
      {"hmac_sha1", AuthAlg::HmacSha1},
      {"hmac_sha2_256", AuthAlg::HmacSha2_256},
      {"hmac_sha2_384", AuthAlg::HmacSha2_384},
      {"hmac_sha2_512", AuthAlg::HmacSha2_512},
      {"aes_xcbc", AuthAlg::AesXcbc},
      {"des_mac", AuthAlg::DesMac},
      {"aes_cmac", AuthAlg::AesCmac},
      {"kpdk_md5", AuthAlg::KpdkMd5},
  });
  // The original has these two values but no word for them.
  EXPECT_EQ(keyword(AuthAlg::KpdkSha1), "");
  EXPECT_EQ(keyword(AuthAlg::HmacRipemd160), "");
  EXPECT_EQ(display_name(AuthAlg::HmacRipemd160), "HMAC-RIPEMD-160");
}

TEST(Keywords, HashesPrfsAndCompression) {
  ExpectKeywords<HashAlg>({{"md5", HashAlg::Md5},
                           {"sha1", HashAlg::Sha1},
                           {"tiger", HashAlg::Tiger},
                           {"sha2_256", HashAlg::Sha2_256},
                           {"sha2_384", HashAlg::Sha2_384},
                           {"sha2_512", HashAlg::Sha2_512}});
  // kmp_prf_alg takes the integrity words (reference §2.7, IKEv2 PRF list).
  ExpectKeywords<Prf>({{"hmac_md5", Prf::HmacMd5},
                       {"hmac_sha1", Prf::HmacSha1},
                       {"aes_xcbc", Prf::AesXcbc},
                       {"hmac_sha2_256", Prf::HmacSha2_256},
                       {"hmac_sha2_384", Prf::HmacSha2_384},
                       {"hmac_sha2_512", Prf::HmacSha2_512},
                       {"aes_cmac", Prf::AesCmac}});
  ExpectKeywords<CompAlg>(
      {{"oui", CompAlg::Oui}, {"deflate", CompAlg::Deflate}, {"lzs", CompAlg::Lzs}});
}

TEST(Keywords, AuthMethodsAndGroups) {
  ExpectKeywords<AuthMethod>({{"psk", AuthMethod::Psk},
                              {"dss", AuthMethod::Dss},
                              {"rsasig", AuthMethod::RsaSig},
                              {"rsaenc", AuthMethod::RsaEnc},
                              {"rsarev", AuthMethod::RsaRev},
                              {"gssapi_krb", AuthMethod::GssapiKrb},
                              {"ecdsa_256", AuthMethod::Ecdsa256},
                              {"ecdsa_384", AuthMethod::Ecdsa384},
                              {"ecdsa_521", AuthMethod::Ecdsa521},
                              {"digital_signature", AuthMethod::DigitalSignature}});
  ExpectKeywords<DhGroup>({{"modp768", DhGroup::Modp768},
                           {"modp1024", DhGroup::Modp1024},
                           {"modp1536", DhGroup::Modp1536},
                           {"ec2n155", DhGroup::Ec2n155},
                           {"ec2n185", DhGroup::Ec2n185},
                           {"modp2048", DhGroup::Modp2048},
                           {"modp3072", DhGroup::Modp3072},
                           {"modp4096", DhGroup::Modp4096},
                           {"modp6144", DhGroup::Modp6144},
                           {"modp8192", DhGroup::Modp8192},
                           {"ecp256", DhGroup::Ecp256},
                           {"ecp384", DhGroup::Ecp384},
                           {"ecp521", DhGroup::Ecp521},
                           {"curve25519", DhGroup::Curve25519},
                           {"curve448", DhGroup::Curve448}});
}

TEST(Keywords, RemoteSettings) {
  ExpectKeywords<Kmp>({{"ikev1", Kmp::Ikev1}, {"ikev2", Kmp::Ikev2}, {"kink", Kmp::Kink}});
  ExpectKeywords<LogMode>({{"debug", LogMode::Debug}, {"normal", LogMode::Normal}});
  ExpectKeywords<IdType>({{"ipaddr", IdType::IpAddr},
                          {"email", IdType::UserFqdn},
                          {"fqdn", IdType::Fqdn},
                          {"keyid", IdType::KeyId},
                          {"x509_subject", IdType::X509Subject}});
  ExpectKeywords<IdQualifier>({{"file", IdQualifier::File}, {"tag", IdQualifier::Tag}});
  ExpectKeywords<SelectorCheck>({{"obey", SelectorCheck::Obey}, {"exact", SelectorCheck::Exact}});
  EXPECT_EQ(from_keyword<SelectorCheck>("strict"), std::nullopt);  // proposal_check only
  ExpectKeywords<ProposalCheck>({{"obey", ProposalCheck::Obey},
                                 {"strict", ProposalCheck::Strict},
                                 {"claim", ProposalCheck::Claim},
                                 {"exact", ProposalCheck::Exact}});
  ExpectKeywords<ExchangeMode>({{"main", ExchangeMode::Main},
                                {"aggressive", ExchangeMode::Aggressive},
                                {"base", ExchangeMode::Base}});
  ExpectKeywords<KeyFileType>({{"x509pem", KeyFileType::X509Pem},
                               {"pkcs12", KeyFileType::Pkcs12},
                               {"ascii", KeyFileType::Ascii}});
  ExpectKeywords<MobilityRole>({{"agent", MobilityRole::HomeAgent},
                                {"mobile", MobilityRole::MobileNode},
                                {"correspondent", MobilityRole::Correspondent}});
}

TEST(Keywords, SelectorPolicyAndSa) {
  ExpectKeywords<Direction>({{"inbound", Direction::Inbound}, {"outbound", Direction::Outbound}});
  EXPECT_EQ(keyword(Direction::Fwd), "");  // Linux's twin of inbound tunnels, never configured
  EXPECT_EQ(to_string(Direction::Fwd), "forward");
  ExpectKeywords<Action>({{"auto_ipsec", Action::AutoIpsec},
                          {"static_ipsec", Action::StaticIpsec},
                          {"discard", Action::Discard},
                          {"none", Action::None},
                          {"bypass", Action::None}});
  EXPECT_EQ(keyword(Action::None), "none");
  ExpectKeywords<IpsecMode>({{"transport", IpsecMode::Transport}, {"tunnel", IpsecMode::Tunnel}});
  ExpectKeywords<IpsecLevel>(
      {{"require", IpsecLevel::Require}, {"use", IpsecLevel::Use}, {"unique", IpsecLevel::Unique}});
  ExpectKeywords<SaType>({{"esp", SaType::Esp}, {"ah", SaType::Ah}, {"ipcomp", SaType::Ipcomp}});
  EXPECT_EQ(to_string(SaType::AhEspIpcomp), "AH+ESP+IPComp");
}

TEST(AddrTypeNames, EveryFlagHasALogNameAndNoKeyword) {
  for (AddrType type : {AddrType::Inet, AddrType::Fqdn, AddrType::Macro, AddrType::File}) {
    EXPECT_NE(to_string(type), "unknown");
    EXPECT_EQ(keyword(type), "");
  }
  EXPECT_EQ(name_rows(AddrType{}).size(), 4U);
  EXPECT_EQ(to_string(AddrType::File), "PF_LOCAL socket");
  EXPECT_EQ(to_string(static_cast<AddrType>(0x1001)), "unknown");
}

TEST(AnyAlgorithm, FindsTheCategoryOfAWord) {
  EXPECT_EQ(algorithm_from_keyword("aes128_cbc"), AnyAlgorithm{EncAlg::Aes128Cbc});
  EXPECT_EQ(algorithm_from_keyword("hmac_sha2_256"), AnyAlgorithm{AuthAlg::HmacSha2_256});
  EXPECT_EQ(algorithm_from_keyword("sha1"), AnyAlgorithm{HashAlg::Sha1});
  EXPECT_EQ(algorithm_from_keyword("lzs"), AnyAlgorithm{CompAlg::Lzs});
  EXPECT_EQ(algorithm_from_keyword("modp2048"), AnyAlgorithm{DhGroup::Modp2048});
  EXPECT_EQ(algorithm_from_keyword("rsasig"), AnyAlgorithm{AuthMethod::RsaSig});
  EXPECT_EQ(algorithm_from_keyword("esp"), std::nullopt);
  EXPECT_EQ(algorithm_from_keyword(""), std::nullopt);
}

TEST(AnyAlgorithm, NoWordNamesTwoAlgorithmCategories) {
  // Prf repeats AuthAlg's words on purpose and is not part of AnyAlgorithm.
  std::set<std::string_view> seen;
  auto add = [&seen](auto tag) {
    for (const auto& row : name_rows(tag)) {
      if (!row.keyword.empty()) {
        EXPECT_TRUE(seen.insert(row.keyword).second) << row.keyword;
      }
    }
  };
  add(EncAlg{});
  add(AuthAlg{});
  add(HashAlg{});
  add(CompAlg{});
  add(DhGroup{});
  add(AuthMethod{});
}

}  // namespace
}  // namespace rc::rct
