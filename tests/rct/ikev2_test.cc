// IKEv2 tables against numbers copied from RFC 7296 and the IANA "Internet
// Key Exchange Version 2 (IKEv2) Parameters" registry (cited per table).
#include "rct/ikev2.h"

#include <gtest/gtest.h>

#include "rows.h"

namespace rc::rct {

void PrintTo(const ikev2::EncrRow& row, std::ostream* os) {
  *os << "{" << to_string(row.alg) << ", " << row.id << ", " << row.key_length_attribute << "}";
}

namespace {

using test::rows_of;

TEST(Ikev2TransformType, MatchesRfc7296Section3_3_2) {
  EXPECT_EQ(static_cast<int>(ikev2::TransformType::Encr), 1);
  EXPECT_EQ(static_cast<int>(ikev2::TransformType::Prf), 2);
  EXPECT_EQ(static_cast<int>(ikev2::TransformType::Integ), 3);
  EXPECT_EQ(static_cast<int>(ikev2::TransformType::Dh), 4);
  EXPECT_EQ(static_cast<int>(ikev2::TransformType::Esn), 5);
  EXPECT_EQ(ikev2::kProtocolIke, 1);  // RFC 7296 §3.3.1
}

// IANA "Transform Type 1 - Encryption Algorithm Transform IDs":
// ENCR_DES_IV64 1, ENCR_DES 2, ENCR_3DES 3, ENCR_RC5 4, ENCR_IDEA 5,
// ENCR_CAST 6, ENCR_BLOWFISH 7, ENCR_3IDEA 8, ENCR_DES_IV32 9, ENCR_NULL 11,
// ENCR_AES_CBC 12, ENCR_AES_CTR 13, ENCR_AES_CCM_8/12/16 14/15/16,
// ENCR_AES_GCM_8/12/16 18/19/20, ENCR_NULL_AUTH_AES_GMAC 21,
// ENCR_CHACHA20_POLY1305 28. Key Length attribute: RFC 7296 §3.3.5.
TEST(Ikev2Encr, EveryRowMatchesIana) {
  const std::vector<ikev2::EncrRow> expected{
      {EncAlg::DesCbcIv64, 1, false},
      {EncAlg::DesCbc, 2, false},
      {EncAlg::Des3Cbc, 3, false},
      {EncAlg::Rc5Cbc, 4, true},
      {EncAlg::IdeaCbc, 5, false},
      {EncAlg::Cast128Cbc, 6, true},
      {EncAlg::BlowfishCbc, 7, true},
      {EncAlg::Idea3Cbc, 8, false},
      {EncAlg::DesCbcIv32, 9, false},
      {EncAlg::NullEnc, 11, false},
      {EncAlg::RijndaelCbc, 12, true},
      {EncAlg::Aes128Cbc, 12, true},
      {EncAlg::Aes192Cbc, 12, true},
      {EncAlg::Aes256Cbc, 12, true},
      {EncAlg::AesCtr, 13, true},
      {EncAlg::AesCcm8, 14, true},
      {EncAlg::AesCcm12, 15, true},
      {EncAlg::AesCcm16, 16, true},
      {EncAlg::AesGcm8, 18, true},
      {EncAlg::AesGcm12, 19, true},
      {EncAlg::AesGcm16, 20, true},
      {EncAlg::NullAesGmac, 21, true},
      {EncAlg::Chacha20Poly1305, 28, false},
  };
  EXPECT_EQ(rows_of(ikev2::encr_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_encr(row.alg).value(), row) << to_string(row.alg);
    const EncAlg back = ikev2::from_encr(row.id).value();
    EXPECT_EQ(back, row.id == 12 ? EncAlg::RijndaelCbc : row.alg);
  }
  EXPECT_EQ(ikev2::from_encr(10), std::nullopt);  // reserved
  EXPECT_EQ(ikev2::from_encr(23), std::nullopt);  // ENCR_CAMELLIA_CBC, no neutral value
}

TEST(Ikev2Encr, NoIdForRc4OrTwofish) {
  EXPECT_EQ(ikev2::to_encr(EncAlg::Rc4Cbc).error().message,
            "encryption algorithm rc4_cbc is not supported by IKEv2");
  EXPECT_FALSE(ikev2::to_encr(EncAlg::TwofishCbc));
}

// IANA "Transform Type 2 - Pseudorandom Function Transform IDs":
// PRF_HMAC_MD5 1, PRF_HMAC_SHA1 2, PRF_AES128_XCBC 4, PRF_HMAC_SHA2_256 5,
// PRF_HMAC_SHA2_384 6, PRF_HMAC_SHA2_512 7, PRF_AES128_CMAC 8.
TEST(Ikev2Prf, EveryRowMatchesIana) {
  const std::vector<Row<Prf, std::uint16_t>> expected{
      {Prf::HmacMd5, 1},      {Prf::HmacSha1, 2},     {Prf::AesXcbc, 4}, {Prf::HmacSha2_256, 5},
      {Prf::HmacSha2_384, 6}, {Prf::HmacSha2_512, 7}, {Prf::AesCmac, 8},
  };
  EXPECT_EQ(rows_of(ikev2::prf_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_prf(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_prf(row.number), row.neutral);
  }
  EXPECT_EQ(ikev2::from_prf(3), std::nullopt);  // PRF_HMAC_TIGER
  EXPECT_FALSE(ikev2::to_prf(Prf{}));
}

// IANA "Transform Type 3 - Integrity Algorithm Transform IDs": NONE 0,
// AUTH_HMAC_MD5_96 1, AUTH_HMAC_SHA1_96 2, AUTH_DES_MAC 3, AUTH_KPDK_MD5 4,
// AUTH_AES_XCBC_96 5, AUTH_AES_CMAC_96 8, AUTH_HMAC_SHA2_256_128 12,
// AUTH_HMAC_SHA2_384_192 13, AUTH_HMAC_SHA2_512_256 14.
TEST(Ikev2Integ, EveryRowMatchesIana) {
  const std::vector<Row<AuthAlg, std::uint16_t>> expected{
      {AuthAlg::NonAuth, 0},       {AuthAlg::HmacMd5, 1},       {AuthAlg::HmacSha1, 2},
      {AuthAlg::DesMac, 3},        {AuthAlg::KpdkMd5, 4},       {AuthAlg::AesXcbc, 5},
      {AuthAlg::AesCmac, 8},       {AuthAlg::HmacSha2_256, 12}, {AuthAlg::HmacSha2_384, 13},
      {AuthAlg::HmacSha2_512, 14},
  };
  EXPECT_EQ(rows_of(ikev2::integ_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_integ(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_integ(row.number), row.neutral);
  }
  EXPECT_EQ(ikev2::from_integ(6), std::nullopt);  // AUTH_HMAC_MD5_128
  EXPECT_EQ(ikev2::from_integ(9), std::nullopt);  // AUTH_AES_128_GMAC
  EXPECT_EQ(ikev2::to_integ(AuthAlg::HmacRipemd160).error().message,
            "integrity algorithm HMAC-RIPEMD-160 is not supported by IKEv2");
  EXPECT_FALSE(ikev2::to_integ(AuthAlg::KpdkSha1));
}

// IANA "Transform Type 4 - Key Exchange Method Transform IDs": 1 768-bit
// MODP, 2 1024-bit MODP, 5 1536-bit MODP, 14-18 2048..8192-bit MODP
// (RFC 3526), 19-21 256/384/521-bit random ECP (RFC 5903), 31 Curve25519,
// 32 Curve448 (RFC 8031). 3 and 4 are reserved.
TEST(Ikev2Dh, EveryRowMatchesIana) {
  const std::vector<Row<DhGroup, std::uint16_t>> expected{
      {DhGroup::Modp768, 1},   {DhGroup::Modp1024, 2},  {DhGroup::Modp1536, 5},
      {DhGroup::Modp2048, 14}, {DhGroup::Modp3072, 15}, {DhGroup::Modp4096, 16},
      {DhGroup::Modp6144, 17}, {DhGroup::Modp8192, 18}, {DhGroup::Ecp256, 19},
      {DhGroup::Ecp384, 20},   {DhGroup::Ecp521, 21},   {DhGroup::Curve25519, 31},
      {DhGroup::Curve448, 32},
  };
  EXPECT_EQ(rows_of(ikev2::dh_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_dh(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_dh(row.number), row.neutral);
  }
  EXPECT_EQ(ikev2::to_dh(DhGroup::Ec2n155).error().message,
            "DH group ec2n155 is not supported by IKEv2");
  EXPECT_EQ(ikev2::from_dh(3), std::nullopt);
  EXPECT_EQ(ikev2::from_dh(22), std::nullopt);
}

// IANA "Transform Type 5 - Extended Sequence Numbers Transform IDs".
TEST(Ikev2Esn, EveryRowMatchesIana) {
  const std::vector<Row<Bool, std::uint16_t>> expected{{Bool::Off, 0}, {Bool::On, 1}};
  EXPECT_EQ(rows_of(ikev2::esn_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_esn(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_esn(row.number), row.neutral);
  }
  // Unset is resolved by the caller (built-in default), never guessed here.
  EXPECT_EQ(ikev2::to_esn(Bool{}).error().message, "boolean unset is not supported by IKEv2");
  EXPECT_EQ(ikev2::from_esn(2), std::nullopt);
}

// IANA "IKEv2 Authentication Method": 1 RSA Digital Signature, 2 Shared Key
// Message Integrity Code, 3 DSS Digital Signature, 9-11 ECDSA with
// SHA-256/P-256, SHA-384/P-384, SHA-512/P-521 (RFC 4754), 14 Digital
// Signature (RFC 7427).
TEST(Ikev2AuthMethod, EveryRowMatchesIana) {
  const std::vector<Row<AuthMethod, std::uint8_t>> expected{
      {AuthMethod::RsaSig, 1},
      {AuthMethod::Psk, 2},
      {AuthMethod::Dss, 3},
      {AuthMethod::Ecdsa256, 9},
      {AuthMethod::Ecdsa384, 10},
      {AuthMethod::Ecdsa521, 11},
      {AuthMethod::DigitalSignature, 14},
  };
  EXPECT_EQ(rows_of(ikev2::auth_method_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_auth_method(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_auth_method(row.number), row.neutral);
  }
  for (AuthMethod method : {AuthMethod::RsaEnc, AuthMethod::RsaRev, AuthMethod::GssapiKrb}) {
    EXPECT_FALSE(ikev2::to_auth_method(method)) << to_string(method);
  }
  EXPECT_EQ(ikev2::from_auth_method(13), std::nullopt);  // NULL Authentication
}

// RFC 7296 §3.5: ID_IPV4_ADDR 1, ID_FQDN 2, ID_RFC822_ADDR 3, ID_IPV6_ADDR 5,
// ID_DER_ASN1_DN 9, ID_DER_ASN1_GN 10, ID_KEY_ID 11.
TEST(Ikev2IdType, EveryRowMatchesRfc7296) {
  const std::vector<IdTypeRow> expected{
      {IdType::IpAddr, IpFamily::V4, 1},      {IdType::Fqdn, IpFamily::V4, 2},
      {IdType::UserFqdn, IpFamily::V4, 3},    {IdType::IpAddr, IpFamily::V6, 5},
      {IdType::X509Subject, IpFamily::V4, 9}, {IdType::KeyId, IpFamily::V4, 11},
  };
  EXPECT_EQ(rows_of(ikev2::id_type_rows()), expected);
  EXPECT_EQ(ikev2::to_id_type(IdType::IpAddr).value(), 1);
  EXPECT_EQ(ikev2::to_id_type(IdType::IpAddr, IpFamily::V6).value(), 5);
  EXPECT_EQ(ikev2::to_id_type(IdType::Fqdn, IpFamily::V6).value(), 2);  // family ignored
  EXPECT_EQ(ikev2::to_id_type(IdType::UserFqdn).value(), 3);
  EXPECT_EQ(ikev2::to_id_type(IdType::X509Subject).value(), 9);
  EXPECT_EQ(ikev2::to_id_type(IdType::KeyId).value(), 11);
  for (const auto& row : expected) EXPECT_EQ(ikev2::from_id_type(row.id), row.type);
  EXPECT_EQ(ikev2::from_id_type(10), std::nullopt);
  EXPECT_FALSE(ikev2::to_id_type(IdType{}));
}

// RFC 7296 §3.3.1: 1 IKE, 2 AH, 3 ESP.
TEST(Ikev2Protocol, EveryRowMatchesRfc7296) {
  const std::vector<Row<SaType, std::uint8_t>> expected{{SaType::Ah, 2}, {SaType::Esp, 3}};
  EXPECT_EQ(rows_of(ikev2::protocol_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_protocol(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_protocol(row.number), row.neutral);
  }
  EXPECT_EQ(ikev2::to_protocol(SaType::Ipcomp).error().message,
            "SA type ipcomp is not supported by IKEv2");
  EXPECT_EQ(ikev2::from_protocol(1), std::nullopt);  // IKE: not a Child SA type
}

// RFC 7296 §3.10.1 / IANA "IPCOMP Transform IDs": OUI 1, DEFLATE 2, LZS 3.
TEST(Ikev2Ipcomp, EveryRowMatchesIana) {
  const std::vector<Row<CompAlg, std::uint8_t>> expected{
      {CompAlg::Oui, 1}, {CompAlg::Deflate, 2}, {CompAlg::Lzs, 3}};
  EXPECT_EQ(rows_of(ikev2::ipcomp_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(ikev2::to_ipcomp(row.neutral).value(), row.number);
    EXPECT_EQ(ikev2::from_ipcomp(row.number), row.neutral);
  }
  EXPECT_EQ(ikev2::from_ipcomp(4), std::nullopt);  // LZJH
}

}  // namespace
}  // namespace rc::rct
