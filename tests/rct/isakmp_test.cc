// ISAKMP / IPsec DOI tables against numbers copied from RFC 2407, 2408, 2409,
// 3947 and the IANA "ISAKMP Identifiers" and "IKE Attributes" registries.
#include "rct/isakmp.h"

#include <gtest/gtest.h>

#include "rows.h"

namespace rc::rct {

void PrintTo(const isakmp::EncapsulationRow& row, std::ostream* os) {
  *os << "{" << to_string(row.mode) << ", "
      << (row.encapsulation == isakmp::Encapsulation::Udp ? "udp" : "plain") << ", " << row.value
      << "}";
}

namespace {

using test::rows_of;

TEST(IsakmpConstants, MatchTheRfcs) {
  EXPECT_EQ(isakmp::kDoiIpsec, 1U);       // RFC 2407 §4.2
  EXPECT_EQ(isakmp::kProtocolIsakmp, 1);  // RFC 2407 §4.4.1 PROTO_ISAKMP
  // RFC 2408 §3.1 exchange types; RFC 2409 §5.5 Quick Mode 32, §6 New Group 33.
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::Base), 1);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::IdentityProtection), 2);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::AuthenticationOnly), 3);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::Aggressive), 4);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::Informational), 5);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::Quick), 32);
  EXPECT_EQ(static_cast<int>(isakmp::ExchangeType::NewGroup), 33);
  // RFC 2409 Appendix A attribute classes.
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::Encryption), 1);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::Hash), 2);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::AuthMethod), 3);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::GroupDescription), 4);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::GroupType), 5);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::LifeType), 11);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::LifeDuration), 12);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::Prf), 13);
  EXPECT_EQ(static_cast<int>(isakmp::Phase1Attribute::KeyLength), 14);
  // RFC 2407 §4.5 SA attribute classes.
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::LifeType), 1);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::LifeDuration), 2);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::GroupDescription), 3);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::EncapsulationMode), 4);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::AuthAlgorithm), 5);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::KeyLength), 6);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::KeyRounds), 7);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::CompressDictionarySize), 8);
  EXPECT_EQ(static_cast<int>(isakmp::SaAttribute::CompressPrivateAlgorithm), 9);
}

TEST(IsakmpExchangeType, EveryRowMatchesRfc2408) {
  const std::vector<Row<ExchangeMode, std::uint8_t>> expected{
      {ExchangeMode::Base, 1}, {ExchangeMode::Main, 2}, {ExchangeMode::Aggressive, 4}};
  EXPECT_EQ(rows_of(isakmp::exchange_type_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_exchange_type(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_exchange_type(row.number), row.neutral);
  }
  EXPECT_EQ(isakmp::from_exchange_type(32), std::nullopt);  // Quick Mode is not a phase-1 mode
  EXPECT_EQ(isakmp::to_exchange_type(ExchangeMode{}).error().message,
            "exchange mode unset is not supported by IKEv1/ISAKMP");
}

// RFC 2407 §4.4.1: PROTO_IPSEC_AH 2, PROTO_IPSEC_ESP 3, PROTO_IPCOMP 4.
TEST(IsakmpProtocol, EveryRowMatchesRfc2407) {
  const std::vector<Row<SaType, std::uint8_t>> expected{
      {SaType::Ah, 2}, {SaType::Esp, 3}, {SaType::Ipcomp, 4}};
  EXPECT_EQ(rows_of(isakmp::protocol_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_protocol(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_protocol(row.number), row.neutral);
  }
  EXPECT_FALSE(isakmp::to_protocol(SaType::EspIpcomp));
  EXPECT_EQ(isakmp::from_protocol(1), std::nullopt);
}

// RFC 2407 §4.4.4: ESP_DES_IV64 1, ESP_DES 2, ESP_3DES 3, ESP_RC5 4,
// ESP_IDEA 5, ESP_CAST 6, ESP_BLOWFISH 7, ESP_3IDEA 8, ESP_DES_IV32 9,
// ESP_RC4 10, ESP_NULL 11; IANA ISAKMP: ESP_AES-CBC 12, ESP_AES-CTR 13,
// ESP_AES-CCM_8/12/16 14/15/16, ESP_AES-GCM_8/12/16 18/19/20,
// ESP_NULL_AUTH_AES-GMAC 23. Twofish 253: KAME private use.
TEST(IsakmpEspTransform, EveryRowMatchesRfc2407AndIana) {
  const std::vector<Row<EncAlg, std::uint8_t>> expected{
      {EncAlg::DesCbcIv64, 1},  {EncAlg::DesCbc, 2},       {EncAlg::Des3Cbc, 3},
      {EncAlg::Rc5Cbc, 4},      {EncAlg::IdeaCbc, 5},      {EncAlg::Cast128Cbc, 6},
      {EncAlg::BlowfishCbc, 7}, {EncAlg::Idea3Cbc, 8},     {EncAlg::DesCbcIv32, 9},
      {EncAlg::Rc4Cbc, 10},     {EncAlg::NullEnc, 11},     {EncAlg::RijndaelCbc, 12},
      {EncAlg::Aes128Cbc, 12},  {EncAlg::Aes192Cbc, 12},   {EncAlg::Aes256Cbc, 12},
      {EncAlg::AesCtr, 13},     {EncAlg::AesCcm8, 14},     {EncAlg::AesCcm12, 15},
      {EncAlg::AesCcm16, 16},   {EncAlg::AesGcm8, 18},     {EncAlg::AesGcm12, 19},
      {EncAlg::AesGcm16, 20},   {EncAlg::NullAesGmac, 23}, {EncAlg::TwofishCbc, 253},
  };
  EXPECT_EQ(rows_of(isakmp::esp_transform_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_esp_transform(row.neutral).value(), row.number);
    const EncAlg back = isakmp::from_esp_transform(row.number).value();
    EXPECT_EQ(back, row.number == 12 ? EncAlg::RijndaelCbc : row.neutral);
  }
  EXPECT_EQ(isakmp::to_esp_transform(EncAlg::Chacha20Poly1305).error().message,
            "encryption algorithm chacha20_poly1305 is not supported by IKEv1/ISAKMP");
  EXPECT_EQ(isakmp::from_esp_transform(21), std::nullopt);  // ESP_SEED_CBC
}

// RFC 2407 §4.4.3: AH_MD5 2, AH_SHA 3, AH_DES 4; IANA ISAKMP: AH_SHA2-256 5,
// AH_SHA2-384 6, AH_SHA2-512 7, AH_RIPEMD 8, AH_AES-XCBC-MAC 9.
TEST(IsakmpAhTransform, EveryRowMatchesRfc2407AndIana) {
  const std::vector<Row<AuthAlg, std::uint8_t>> expected{
      {AuthAlg::HmacMd5, 2},       {AuthAlg::HmacSha1, 3},     {AuthAlg::DesMac, 4},
      {AuthAlg::HmacSha2_256, 5},  {AuthAlg::HmacSha2_384, 6}, {AuthAlg::HmacSha2_512, 7},
      {AuthAlg::HmacRipemd160, 8}, {AuthAlg::AesXcbc, 9},      {AuthAlg::KpdkMd5, 2},
  };
  EXPECT_EQ(rows_of(isakmp::ah_transform_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ah_transform(row.neutral).value(), row.number);
  }
  EXPECT_EQ(isakmp::from_ah_transform(2), AuthAlg::HmacMd5);
  EXPECT_EQ(isakmp::from_ah_transform(9), AuthAlg::AesXcbc);
  EXPECT_EQ(isakmp::from_ah_transform(1), std::nullopt);  // reserved
  EXPECT_FALSE(isakmp::to_ah_transform(AuthAlg::NonAuth));
}

// RFC 2407 §4.4.5: IPCOMP_OUI 1, IPCOMP_DEFLATE 2, IPCOMP_LZS 3.
TEST(IsakmpIpcompTransform, EveryRowMatchesRfc2407) {
  const std::vector<Row<CompAlg, std::uint8_t>> expected{
      {CompAlg::Oui, 1}, {CompAlg::Deflate, 2}, {CompAlg::Lzs, 3}};
  EXPECT_EQ(rows_of(isakmp::ipcomp_transform_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ipcomp_transform(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_ipcomp_transform(row.number), row.neutral);
  }
}

// RFC 2407 §4.5 Authentication Algorithm: HMAC-MD5 1, HMAC-SHA 2, DES-MAC 3,
// KPDK 4; IANA ISAKMP: HMAC-SHA2-256 5, -384 6, -512 7, HMAC-RIPEMD 8,
// AES-XCBC-MAC 9.
TEST(IsakmpAuthAlgorithm, EveryRowMatchesRfc2407AndIana) {
  const std::vector<Row<AuthAlg, std::uint16_t>> expected{
      {AuthAlg::HmacMd5, 1},      {AuthAlg::HmacSha1, 2},      {AuthAlg::DesMac, 3},
      {AuthAlg::KpdkMd5, 4},      {AuthAlg::HmacSha2_256, 5},  {AuthAlg::HmacSha2_384, 6},
      {AuthAlg::HmacSha2_512, 7}, {AuthAlg::HmacRipemd160, 8}, {AuthAlg::AesXcbc, 9},
  };
  EXPECT_EQ(rows_of(isakmp::auth_algorithm_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_auth_algorithm(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_auth_algorithm(row.number), row.neutral);
  }
  // ESP without authentication omits the attribute (RFC 2407 §4.5).
  EXPECT_EQ(isakmp::to_auth_algorithm(AuthAlg::NonAuth).error().message,
            "integrity algorithm non_auth is not supported by IKEv1/ISAKMP");
  EXPECT_EQ(isakmp::from_auth_algorithm(0), std::nullopt);
}

// RFC 2407 §4.5: Tunnel 1, Transport 2; RFC 3947: UDP-Encapsulated-Tunnel 3,
// UDP-Encapsulated-Transport 4.
TEST(IsakmpEncapsulationMode, EveryRowMatchesRfc2407AndRfc3947) {
  using isakmp::Encapsulation;
  const std::vector<isakmp::EncapsulationRow> expected{
      {IpsecMode::Tunnel, Encapsulation::Plain, 1},
      {IpsecMode::Transport, Encapsulation::Plain, 2},
      {IpsecMode::Tunnel, Encapsulation::Udp, 3},
      {IpsecMode::Transport, Encapsulation::Udp, 4},
  };
  EXPECT_EQ(rows_of(isakmp::encapsulation_mode_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_encapsulation_mode(row.mode, row.encapsulation).value(), row.value);
    EXPECT_EQ(isakmp::from_encapsulation_mode(row.value), row);
  }
  EXPECT_EQ(isakmp::to_encapsulation_mode(IpsecMode::Transport).value(), 2);
  EXPECT_EQ(isakmp::from_encapsulation_mode(0), std::nullopt);
  EXPECT_EQ(isakmp::to_encapsulation_mode(IpsecMode{}).error().message,
            "IPsec mode unset is not supported by IKEv1/ISAKMP");
}

// RFC 2409 Appendix A Encryption Algorithm: DES-CBC 1, IDEA-CBC 2,
// Blowfish-CBC 3, RC5-R16-B64-CBC 4, 3DES-CBC 5, CAST-CBC 6; IANA: AES-CBC 7.
TEST(IsakmpIkeEncryption, EveryRowMatchesRfc2409AndIana) {
  const std::vector<Row<EncAlg, std::uint16_t>> expected{
      {EncAlg::DesCbc, 1},      {EncAlg::IdeaCbc, 2},   {EncAlg::BlowfishCbc, 3},
      {EncAlg::Rc5Cbc, 4},      {EncAlg::Des3Cbc, 5},   {EncAlg::Cast128Cbc, 6},
      {EncAlg::RijndaelCbc, 7}, {EncAlg::Aes128Cbc, 7}, {EncAlg::Aes192Cbc, 7},
      {EncAlg::Aes256Cbc, 7},
  };
  EXPECT_EQ(rows_of(isakmp::ike_encryption_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ike_encryption(row.neutral).value(), row.number);
    const EncAlg back = isakmp::from_ike_encryption(row.number).value();
    EXPECT_EQ(back, row.number == 7 ? EncAlg::RijndaelCbc : row.neutral);
  }
  EXPECT_FALSE(isakmp::to_ike_encryption(EncAlg::AesGcm16));
  EXPECT_EQ(isakmp::from_ike_encryption(8), std::nullopt);  // Camellia
}

// RFC 2409 Appendix A Hash Algorithm: MD5 1, SHA 2, Tiger 3; IANA: SHA2-256 4,
// SHA2-384 5, SHA2-512 6.
TEST(IsakmpIkeHash, EveryRowMatchesRfc2409AndIana) {
  const std::vector<Row<HashAlg, std::uint16_t>> expected{
      {HashAlg::Md5, 1},      {HashAlg::Sha1, 2},     {HashAlg::Tiger, 3},
      {HashAlg::Sha2_256, 4}, {HashAlg::Sha2_384, 5}, {HashAlg::Sha2_512, 6},
  };
  EXPECT_EQ(rows_of(isakmp::ike_hash_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ike_hash(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_ike_hash(row.number), row.neutral);
  }
  EXPECT_EQ(isakmp::from_ike_hash(0), std::nullopt);
}

// RFC 2409 Appendix A Authentication Method: pre-shared key 1, DSS
// signatures 2, RSA signatures 3, encryption with RSA 4, revised encryption
// with RSA 5; RFC 4754: ECDSA 256 9, 384 10, 521 11; GSSAPI Kerberos 65001
// (private range, as racoon: draft-ietf-ipsec-isakmp-gss-auth).
TEST(IsakmpIkeAuthMethod, EveryRowMatchesRfc2409AndIana) {
  const std::vector<Row<AuthMethod, std::uint16_t>> expected{
      {AuthMethod::Psk, 1},       {AuthMethod::Dss, 2},       {AuthMethod::RsaSig, 3},
      {AuthMethod::RsaEnc, 4},    {AuthMethod::RsaRev, 5},    {AuthMethod::Ecdsa256, 9},
      {AuthMethod::Ecdsa384, 10}, {AuthMethod::Ecdsa521, 11}, {AuthMethod::GssapiKrb, 65001},
  };
  EXPECT_EQ(rows_of(isakmp::ike_auth_method_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ike_auth_method(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_ike_auth_method(row.number), row.neutral);
  }
  EXPECT_EQ(isakmp::to_ike_auth_method(AuthMethod::DigitalSignature).error().message,
            "authentication method digital_signature is not supported by IKEv1/ISAKMP");
}

// RFC 2409 §6.1-6.4: 1 768-bit MODP, 2 1024-bit MODP, 3 EC2N 155, 4 EC2N 185;
// RFC 3526: 5 1536-bit, 14-18 2048..8192-bit MODP; RFC 5903: 19-21 ECP.
TEST(IsakmpIkeGroup, EveryRowMatchesRfc2409AndIana) {
  const std::vector<Row<DhGroup, std::uint16_t>> expected{
      {DhGroup::Modp768, 1},   {DhGroup::Modp1024, 2},  {DhGroup::Ec2n155, 3},
      {DhGroup::Ec2n185, 4},   {DhGroup::Modp1536, 5},  {DhGroup::Modp2048, 14},
      {DhGroup::Modp3072, 15}, {DhGroup::Modp4096, 16}, {DhGroup::Modp6144, 17},
      {DhGroup::Modp8192, 18}, {DhGroup::Ecp256, 19},   {DhGroup::Ecp384, 20},
      {DhGroup::Ecp521, 21},
  };
  EXPECT_EQ(rows_of(isakmp::ike_group_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(isakmp::to_ike_group(row.neutral).value(), row.number);
    EXPECT_EQ(isakmp::from_ike_group(row.number), row.neutral);
  }
  EXPECT_EQ(isakmp::to_ike_group(DhGroup::Curve25519).error().message,
            "DH group curve25519 is not supported by IKEv1/ISAKMP");
}

// RFC 2407 §4.6.2.1: ID_IPV4_ADDR 1, ID_FQDN 2, ID_USER_FQDN 3,
// ID_IPV6_ADDR 5, ID_DER_ASN1_DN 9, ID_KEY_ID 11.
TEST(IsakmpIdType, EveryRowMatchesRfc2407) {
  const std::vector<IdTypeRow> expected{
      {IdType::IpAddr, IpFamily::V4, 1},      {IdType::Fqdn, IpFamily::V4, 2},
      {IdType::UserFqdn, IpFamily::V4, 3},    {IdType::IpAddr, IpFamily::V6, 5},
      {IdType::X509Subject, IpFamily::V4, 9}, {IdType::KeyId, IpFamily::V4, 11},
  };
  EXPECT_EQ(rows_of(isakmp::id_type_rows()), expected);
  EXPECT_EQ(isakmp::to_id_type(IdType::IpAddr).value(), 1);
  EXPECT_EQ(isakmp::to_id_type(IdType::IpAddr, IpFamily::V6).value(), 5);
  EXPECT_EQ(isakmp::to_id_type(IdType::KeyId).value(), 11);
  for (const auto& row : expected) EXPECT_EQ(isakmp::from_id_type(row.id), row.type);
  EXPECT_EQ(isakmp::from_id_type(4),
            std::nullopt);  // ID_IPV4_ADDR_SUBNET: a selector, not an identity
}

}  // namespace
}  // namespace rc::rct
