// PF_KEY tables against the kernel's own headers: every expected number below
// is a macro of <linux/pfkeyv2.h> or <linux/ipsec.h>, except the KAME-only
// ones, which cite KAME/NetBSD <net/pfkeyv2.h>.
#include "rct/pfkey.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include <gtest/gtest.h>

#include "rows.h"

namespace rc::rct {
namespace {

using test::rows_of;

// KAME <net/pfkeyv2.h>: keyed MD5 / keyed SHA (RFC 1828/1852), not on Linux.
constexpr std::uint8_t kKameAalgMd5 = 249;
constexpr std::uint8_t kKameAalgSha = 250;

TEST(PfkeySaType, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<SaType, std::uint8_t>> expected{
      {SaType::Ah, SADB_SATYPE_AH},
      {SaType::Esp, SADB_SATYPE_ESP},
      {SaType::Ipcomp, SADB_X_SATYPE_IPCOMP},
  };
  EXPECT_EQ(rows_of(pfkey::sa_type_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_sa_type(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_sa_type(row.number), row.neutral);
  }
}

TEST(PfkeySaType, BundlesAndUnknownNumbersAreRejected) {
  const auto bundle = pfkey::to_sa_type(SaType::AhEsp);
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().message, "SA type AH+ESP is not supported by PF_KEY");
  // Linux reports satype 0 for xfrm states it made for MIP6 (reference §7).
  EXPECT_EQ(pfkey::from_sa_type(SADB_SATYPE_UNSPEC), std::nullopt);
  EXPECT_EQ(pfkey::from_sa_type(SADB_SATYPE_RSVP), std::nullopt);
}

TEST(PfkeyEncryption, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<EncAlg, std::uint8_t>> expected{
      {EncAlg::DesCbc, SADB_EALG_DESCBC},
      {EncAlg::Des3Cbc, SADB_EALG_3DESCBC},
      {EncAlg::Cast128Cbc, SADB_X_EALG_CASTCBC},
      {EncAlg::BlowfishCbc, SADB_X_EALG_BLOWFISHCBC},
      {EncAlg::NullEnc, SADB_EALG_NULL},
      {EncAlg::RijndaelCbc, SADB_X_EALG_AESCBC},
      {EncAlg::Aes128Cbc, SADB_X_EALG_AESCBC},
      {EncAlg::Aes192Cbc, SADB_X_EALG_AESCBC},
      {EncAlg::Aes256Cbc, SADB_X_EALG_AESCBC},
      {EncAlg::AesCtr, SADB_X_EALG_AESCTR},
      {EncAlg::AesCcm8, SADB_X_EALG_AES_CCM_ICV8},
      {EncAlg::AesCcm12, SADB_X_EALG_AES_CCM_ICV12},
      {EncAlg::AesCcm16, SADB_X_EALG_AES_CCM_ICV16},
      {EncAlg::AesGcm8, SADB_X_EALG_AES_GCM_ICV8},
      {EncAlg::AesGcm12, SADB_X_EALG_AES_GCM_ICV12},
      {EncAlg::AesGcm16, SADB_X_EALG_AES_GCM_ICV16},
      {EncAlg::NullAesGmac, SADB_X_EALG_NULL_AES_GMAC},
      {EncAlg::TwofishCbc, SADB_X_EALG_TWOFISHCBC},
  };
  EXPECT_EQ(rows_of(pfkey::encryption_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_encryption(row.neutral).value(), row.number) << to_string(row.neutral);
  }
}

TEST(PfkeyEncryption, ReverseGivesOneValuePerNumber) {
  EXPECT_EQ(pfkey::from_encryption(SADB_EALG_3DESCBC), EncAlg::Des3Cbc);
  // All four AES-CBC spellings share SADB_X_EALG_AESCBC; the way back is the
  // one whose key length is open.
  EXPECT_EQ(pfkey::from_encryption(SADB_X_EALG_AESCBC), EncAlg::RijndaelCbc);
  EXPECT_EQ(pfkey::from_encryption(SADB_X_EALG_AES_GCM_ICV16), EncAlg::AesGcm16);
  EXPECT_EQ(pfkey::from_encryption(SADB_X_EALG_CAMELLIACBC), std::nullopt);
  EXPECT_EQ(pfkey::from_encryption(SADB_EALG_NONE), std::nullopt);
}

TEST(PfkeyEncryption, RoundTripsEveryUnambiguousAlgorithm) {
  for (const auto& row : pfkey::encryption_rows()) {
    const EncAlg back = pfkey::from_encryption(pfkey::to_encryption(row.neutral).value()).value();
    if (row.number == SADB_X_EALG_AESCBC) {
      EXPECT_EQ(back, EncAlg::RijndaelCbc);
    } else {
      EXPECT_EQ(back, row.neutral);
    }
  }
}

TEST(PfkeyEncryption, AlgorithmsWithoutAnSadbIdAreRejected) {
  const auto chacha = pfkey::to_encryption(EncAlg::Chacha20Poly1305);
  ASSERT_FALSE(chacha);
  EXPECT_EQ(chacha.error().message,
            "encryption algorithm chacha20_poly1305 is not supported by PF_KEY");
  for (EncAlg alg : {EncAlg::DesCbcIv64, EncAlg::Rc5Cbc, EncAlg::IdeaCbc, EncAlg::Idea3Cbc,
                     EncAlg::DesCbcIv32, EncAlg::Rc4Cbc}) {
    EXPECT_FALSE(pfkey::to_encryption(alg)) << to_string(alg);
  }
  EXPECT_FALSE(pfkey::to_encryption(EncAlg{}));
}

TEST(PfkeyAuthentication, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<AuthAlg, std::uint8_t>> expected{
      {AuthAlg::HmacMd5, SADB_AALG_MD5HMAC},
      {AuthAlg::HmacSha1, SADB_AALG_SHA1HMAC},
      {AuthAlg::HmacSha2_256, SADB_X_AALG_SHA2_256HMAC},
      {AuthAlg::HmacSha2_384, SADB_X_AALG_SHA2_384HMAC},
      {AuthAlg::HmacSha2_512, SADB_X_AALG_SHA2_512HMAC},
      {AuthAlg::HmacRipemd160, SADB_X_AALG_RIPEMD160HMAC},
      {AuthAlg::AesXcbc, SADB_X_AALG_AES_XCBC_MAC},
      {AuthAlg::KpdkMd5, kKameAalgMd5},
      {AuthAlg::KpdkSha1, kKameAalgSha},
      {AuthAlg::NonAuth, SADB_X_AALG_NULL},
  };
  EXPECT_EQ(rows_of(pfkey::authentication_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_authentication(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_authentication(row.number), row.neutral);
  }
}

TEST(PfkeyAuthentication, UnsupportedAndUnknown) {
  const auto cmac = pfkey::to_authentication(AuthAlg::AesCmac);
  ASSERT_FALSE(cmac);
  EXPECT_EQ(cmac.error().message, "integrity algorithm aes_cmac is not supported by PF_KEY");
  EXPECT_FALSE(pfkey::to_authentication(AuthAlg::DesMac));
  EXPECT_EQ(pfkey::from_authentication(SADB_AALG_NONE), std::nullopt);
  EXPECT_EQ(pfkey::from_authentication(SADB_X_AALG_SM3_256HMAC), std::nullopt);
}

TEST(PfkeyCompression, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<CompAlg, std::uint8_t>> expected{
      {CompAlg::Oui, SADB_X_CALG_OUI},
      {CompAlg::Deflate, SADB_X_CALG_DEFLATE},
      {CompAlg::Lzs, SADB_X_CALG_LZS},
  };
  EXPECT_EQ(rows_of(pfkey::compression_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_compression(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_compression(row.number), row.neutral);
  }
  EXPECT_EQ(pfkey::from_compression(SADB_X_CALG_LZJH), std::nullopt);
}

TEST(PfkeyMode, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<IpsecMode, std::uint8_t>> expected{
      {IpsecMode::Transport, IPSEC_MODE_TRANSPORT},
      {IpsecMode::Tunnel, IPSEC_MODE_TUNNEL},
  };
  EXPECT_EQ(rows_of(pfkey::mode_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_mode(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_mode(row.number), row.neutral);
  }
  EXPECT_EQ(pfkey::from_mode(IPSEC_MODE_ANY), std::nullopt);
  EXPECT_EQ(pfkey::from_mode(IPSEC_MODE_BEET), std::nullopt);
}

TEST(PfkeyLevel, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<IpsecLevel, std::uint8_t>> expected{
      {IpsecLevel::Use, IPSEC_LEVEL_USE},
      {IpsecLevel::Require, IPSEC_LEVEL_REQUIRE},
      {IpsecLevel::Unique, IPSEC_LEVEL_UNIQUE},
  };
  EXPECT_EQ(rows_of(pfkey::level_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_level(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_level(row.number), row.neutral);
  }
  EXPECT_EQ(pfkey::from_level(IPSEC_LEVEL_DEFAULT), std::nullopt);
}

TEST(PfkeyDirection, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<Direction, std::uint8_t>> expected{
      {Direction::Inbound, IPSEC_DIR_INBOUND},
      {Direction::Outbound, IPSEC_DIR_OUTBOUND},
      {Direction::Fwd, IPSEC_DIR_FWD},
  };
  EXPECT_EQ(rows_of(pfkey::direction_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_direction(row.neutral).value(), row.number);
    EXPECT_EQ(pfkey::from_direction(row.number), row.neutral);
  }
  EXPECT_EQ(pfkey::from_direction(IPSEC_DIR_ANY), std::nullopt);
  EXPECT_EQ(pfkey::from_direction(IPSEC_DIR_INVALID), std::nullopt);
  EXPECT_EQ(pfkey::to_direction(Direction{}).error().message,
            "direction unset is not supported by PF_KEY");
}

TEST(PfkeyPolicyType, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<Action, std::uint16_t>> expected{
      {Action::Discard, IPSEC_POLICY_DISCARD},
      {Action::None, IPSEC_POLICY_NONE},
      {Action::AutoIpsec, IPSEC_POLICY_IPSEC},
      {Action::StaticIpsec, IPSEC_POLICY_IPSEC},
  };
  EXPECT_EQ(rows_of(pfkey::policy_type_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(pfkey::to_policy_type(row.neutral).value(), row.number);
  }
  EXPECT_EQ(pfkey::from_policy_type(IPSEC_POLICY_DISCARD), Action::Discard);
  EXPECT_EQ(pfkey::from_policy_type(IPSEC_POLICY_NONE), Action::None);
  EXPECT_EQ(pfkey::from_policy_type(IPSEC_POLICY_IPSEC), Action::AutoIpsec);
  EXPECT_EQ(pfkey::from_policy_type(IPSEC_POLICY_ENTRUST), std::nullopt);
  EXPECT_EQ(pfkey::from_policy_type(IPSEC_POLICY_BYPASS), std::nullopt);
}

}  // namespace
}  // namespace rc::rct
