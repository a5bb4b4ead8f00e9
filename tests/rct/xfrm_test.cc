// XFRM tables. Numbers come from the kernel's <linux/xfrm.h> and <linux/in.h>;
// algorithm names from the kernel's algorithm list (net/xfrm/xfrm_algo.c);
// ICV, truncation, key and salt lengths from the RFC named on each line.
#include "rct/xfrm.h"

#include <linux/in.h>
#include <linux/xfrm.h>

#include <gtest/gtest.h>

#include "rows.h"

namespace rc::rct {

void PrintTo(const xfrm::CipherRow& row, std::ostream* os) {
  *os << "{" << to_string(row.alg) << ", " << row.cipher.name << ", icv " << row.cipher.icv_bits
      << ", key " << row.cipher.key.default_bits << "/" << row.cipher.key.min_bits << "-"
      << row.cipher.key.max_bits << "/" << row.cipher.key.step_bits << ", salt "
      << row.cipher.salt_bits << "}";
}
void PrintTo(const xfrm::IntegrityRow& row, std::ostream* os) {
  *os << "{" << to_string(row.alg) << ", " << row.integrity.name << ", "
      << row.integrity.truncation_bits << ", " << row.integrity.key_bits << "}";
}

namespace {

using test::rows_of;
using xfrm::CipherAttribute;
using xfrm::CipherRow;
using xfrm::KeyBits;

constexpr KeyBits kAes{128, 128, 256, 64};  // RFC 3602 / 3686 / 4106 / 4309 / 4543: 128, 192, 256

TEST(XfrmCipher, EveryRowMatchesKernelNamesAndRfcLengths) {
  const std::vector<CipherRow> expected{
      // RFC 2405: 64-bit key (with parity).
      {EncAlg::DesCbc, {"cbc(des)", CipherAttribute::Crypt, 0, {64, 64, 64, 0}, 0}},
      // RFC 2451 §2.2: 3DES 192 bits.
      {EncAlg::Des3Cbc, {"cbc(des3_ede)", CipherAttribute::Crypt, 0, {192, 192, 192, 0}, 0}},
      // RFC 2451 §2.2: CAST-128 40..128, Blowfish 40..448, default 128, 8-bit steps.
      {EncAlg::Cast128Cbc, {"cbc(cast5)", CipherAttribute::Crypt, 0, {128, 40, 128, 8}, 0}},
      {EncAlg::BlowfishCbc, {"cbc(blowfish)", CipherAttribute::Crypt, 0, {128, 40, 448, 8}, 0}},
      // RFC 2410: no key.
      {EncAlg::NullEnc, {"ecb(cipher_null)", CipherAttribute::Crypt, 0, {0, 0, 0, 0}, 0}},
      // RFC 3602 §2.2: AES 128 (default), 192, 256.
      {EncAlg::RijndaelCbc, {"cbc(aes)", CipherAttribute::Crypt, 0, kAes, 0}},
      {EncAlg::Aes128Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, {128, 128, 128, 0}, 0}},
      {EncAlg::Aes192Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, {192, 192, 192, 0}, 0}},
      {EncAlg::Aes256Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, {256, 256, 256, 0}, 0}},
      // RFC 3686: 32-bit nonce after the key.
      {EncAlg::AesCtr, {"rfc3686(ctr(aes))", CipherAttribute::Crypt, 0, kAes, 32}},
      {EncAlg::TwofishCbc, {"cbc(twofish)", CipherAttribute::Crypt, 0, kAes, 0}},
      // RFC 4106: ICV 8/12/16 octets, 4-octet salt.
      {EncAlg::AesGcm8, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 64, kAes, 32}},
      {EncAlg::AesGcm12, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 96, kAes, 32}},
      {EncAlg::AesGcm16, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 128, kAes, 32}},
      // RFC 4309: ICV 8/12/16 octets, 3-octet salt.
      {EncAlg::AesCcm8, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 64, kAes, 24}},
      {EncAlg::AesCcm12, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 96, kAes, 24}},
      {EncAlg::AesCcm16, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 128, kAes, 24}},
      // RFC 7634: 256-bit key, 4-octet salt, 16-octet tag.
      {EncAlg::Chacha20Poly1305,
       {"rfc7539esp(chacha20,poly1305)", CipherAttribute::Aead, 128, {256, 256, 256, 0}, 32}},
      // RFC 4543: 16-octet ICV, 4-octet salt.
      {EncAlg::NullAesGmac, {"rfc4543(gcm(aes))", CipherAttribute::Aead, 128, kAes, 32}},
  };
  EXPECT_EQ(rows_of(xfrm::cipher_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_cipher(row.alg).value(), row.cipher) << to_string(row.alg);
  }
}

TEST(XfrmCipher, ReverseNeedsTheIcvLengthForAeads) {
  EXPECT_EQ(xfrm::from_cipher("rfc4106(gcm(aes))", 64), EncAlg::AesGcm8);
  EXPECT_EQ(xfrm::from_cipher("rfc4106(gcm(aes))", 96), EncAlg::AesGcm12);
  EXPECT_EQ(xfrm::from_cipher("rfc4106(gcm(aes))", 128), EncAlg::AesGcm16);
  EXPECT_EQ(xfrm::from_cipher("rfc4309(ccm(aes))", 96), EncAlg::AesCcm12);
  EXPECT_EQ(xfrm::from_cipher("rfc4106(gcm(aes))", 0), std::nullopt);
  EXPECT_EQ(xfrm::from_cipher("cbc(aes)", 0), EncAlg::RijndaelCbc);
  EXPECT_EQ(xfrm::from_cipher("cbc(des3_ede)", 0), EncAlg::Des3Cbc);
  EXPECT_EQ(xfrm::from_cipher("cbc(camellia)", 0), std::nullopt);
}

TEST(XfrmCipher, RoundTripsEveryRow) {
  for (const auto& row : xfrm::cipher_rows()) {
    const xfrm::Cipher cipher = xfrm::to_cipher(row.alg).value();
    const EncAlg back = xfrm::from_cipher(cipher.name, cipher.icv_bits).value();
    EXPECT_EQ(back, cipher.name == "cbc(aes)" ? EncAlg::RijndaelCbc : row.alg);
  }
}

TEST(XfrmCipher, AlgorithmsTheKernelLacksAreRejected) {
  const auto rc5 = xfrm::to_cipher(EncAlg::Rc5Cbc);
  ASSERT_FALSE(rc5);
  EXPECT_EQ(rc5.error().message, "encryption algorithm rc5_cbc is not supported by XFRM");
  for (EncAlg alg : {EncAlg::DesCbcIv64, EncAlg::IdeaCbc, EncAlg::Idea3Cbc, EncAlg::DesCbcIv32,
                     EncAlg::Rc4Cbc}) {
    EXPECT_FALSE(xfrm::to_cipher(alg)) << to_string(alg);
  }
}

TEST(XfrmKeyBlob, DefaultsAndSalt) {
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::Aes128Cbc, 0).value(), 128);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::Aes256Cbc, 0).value(), 256);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::RijndaelCbc, 0).value(), 128);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::RijndaelCbc, 192).value(), 192);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::AesCtr, 0).value(), 160);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::AesGcm16, 256).value(), 288);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::AesCcm8, 0).value(), 152);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::Chacha20Poly1305, 0).value(), 288);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::NullEnc, 0).value(), 0);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::Des3Cbc, 192).value(), 192);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::BlowfishCbc, 448).value(), 448);
  EXPECT_EQ(xfrm::key_blob_bits(EncAlg::BlowfishCbc, 48).value(), 48);
}

TEST(XfrmKeyBlob, RejectsLengthsOutsideTheRule) {
  const auto odd = xfrm::key_blob_bits(EncAlg::RijndaelCbc, 160);
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().message,
            "key length 160 bits is not valid for rijndael_cbc (XFRM accepts 128 to 256 in steps "
            "of 64)");
  const auto fixed = xfrm::key_blob_bits(EncAlg::Aes128Cbc, 256);
  ASSERT_FALSE(fixed);
  EXPECT_EQ(fixed.error().message,
            "key length 256 bits is not valid for aes128_cbc (it must be 128)");
  EXPECT_FALSE(xfrm::key_blob_bits(EncAlg::Chacha20Poly1305, 128));
  EXPECT_FALSE(xfrm::key_blob_bits(EncAlg::BlowfishCbc, 44));
  EXPECT_FALSE(xfrm::key_blob_bits(EncAlg::BlowfishCbc, 456));
  EXPECT_FALSE(xfrm::key_blob_bits(EncAlg::Cast128Cbc, 32));
  EXPECT_FALSE(xfrm::key_blob_bits(EncAlg::Rc5Cbc, 0));
}

TEST(XfrmIntegrity, EveryRowMatchesKernelNamesAndRfcTruncation) {
  const std::vector<xfrm::IntegrityRow> expected{
      {AuthAlg::NonAuth, {"digest_null", 0, 0}},
      {AuthAlg::HmacMd5, {"hmac(md5)", 96, 128}},           // RFC 2403
      {AuthAlg::HmacSha1, {"hmac(sha1)", 96, 160}},         // RFC 2404
      {AuthAlg::HmacSha2_256, {"hmac(sha256)", 128, 256}},  // RFC 4868
      {AuthAlg::HmacSha2_384, {"hmac(sha384)", 192, 384}},  // RFC 4868
      {AuthAlg::HmacSha2_512, {"hmac(sha512)", 256, 512}},  // RFC 4868
      {AuthAlg::HmacRipemd160, {"hmac(rmd160)", 96, 160}},  // RFC 2857
      {AuthAlg::AesXcbc, {"xcbc(aes)", 96, 128}},           // RFC 3566
      {AuthAlg::AesCmac, {"cmac(aes)", 96, 128}},           // RFC 4494
  };
  EXPECT_EQ(rows_of(xfrm::integrity_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_integrity(row.alg).value(), row.integrity);
    EXPECT_EQ(xfrm::from_integrity(row.integrity.name), row.alg);
  }
  EXPECT_EQ(xfrm::from_integrity("hmac(sm3)"), std::nullopt);
}

TEST(XfrmIntegrity, KeyedHashesAreRejected) {
  const auto kpdk = xfrm::to_integrity(AuthAlg::KpdkMd5);
  ASSERT_FALSE(kpdk);
  EXPECT_EQ(kpdk.error().message, "integrity algorithm kpdk_md5 is not supported by XFRM");
  EXPECT_FALSE(xfrm::to_integrity(AuthAlg::KpdkSha1));
  EXPECT_FALSE(xfrm::to_integrity(AuthAlg::DesMac));
}

TEST(XfrmCompression, EveryRowMatchesKernelNames) {
  const std::vector<xfrm::CompressionRow> expected{
      {CompAlg::Deflate, "deflate"},
      {CompAlg::Lzs, "lzs"},
  };
  EXPECT_EQ(rows_of(xfrm::compression_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_compression(row.alg).value(), row.name);
    EXPECT_EQ(xfrm::from_compression(row.name), row.alg);
  }
  EXPECT_EQ(xfrm::to_compression(CompAlg::Oui).error().message,
            "compression algorithm oui is not supported by XFRM");
  EXPECT_EQ(xfrm::from_compression("lzjh"), std::nullopt);
}

TEST(XfrmMode, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<IpsecMode, std::uint8_t>> expected{
      {IpsecMode::Transport, XFRM_MODE_TRANSPORT},
      {IpsecMode::Tunnel, XFRM_MODE_TUNNEL},
  };
  EXPECT_EQ(rows_of(xfrm::mode_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_mode(row.neutral).value(), row.number);
    EXPECT_EQ(xfrm::from_mode(row.number), row.neutral);
  }
  EXPECT_EQ(xfrm::from_mode(XFRM_MODE_BEET), std::nullopt);
  EXPECT_EQ(xfrm::from_mode(XFRM_MODE_ROUTEOPTIMIZATION), std::nullopt);
}

TEST(XfrmDirection, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<Direction, std::uint8_t>> expected{
      {Direction::Inbound, XFRM_POLICY_IN},
      {Direction::Outbound, XFRM_POLICY_OUT},
      {Direction::Fwd, XFRM_POLICY_FWD},
  };
  EXPECT_EQ(rows_of(xfrm::direction_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_direction(row.neutral).value(), row.number);
    EXPECT_EQ(xfrm::from_direction(row.number), row.neutral);
  }
  EXPECT_EQ(xfrm::from_direction(XFRM_POLICY_MAX), std::nullopt);
}

TEST(XfrmAction, EveryRowMatchesTheKernelHeader) {
  const std::vector<xfrm::ActionRow> expected{
      {Action::AutoIpsec, XFRM_POLICY_ALLOW, true},
      {Action::StaticIpsec, XFRM_POLICY_ALLOW, true},
      {Action::None, XFRM_POLICY_ALLOW, false},
      {Action::Discard, XFRM_POLICY_BLOCK, false},
  };
  EXPECT_EQ(rows_of(xfrm::action_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_action(row.action).value(), row);
  }
  EXPECT_EQ(xfrm::from_action(XFRM_POLICY_ALLOW, true), Action::AutoIpsec);
  EXPECT_EQ(xfrm::from_action(XFRM_POLICY_ALLOW, false), Action::None);
  EXPECT_EQ(xfrm::from_action(XFRM_POLICY_BLOCK, false), Action::Discard);
  EXPECT_EQ(xfrm::from_action(XFRM_POLICY_BLOCK, true), std::nullopt);
  EXPECT_EQ(xfrm::from_action(7, false), std::nullopt);
}

TEST(XfrmProtocol, EveryRowMatchesTheKernelHeader) {
  const std::vector<Row<SaType, std::uint8_t>> expected{
      {SaType::Esp, IPPROTO_ESP},
      {SaType::Ah, IPPROTO_AH},
      {SaType::Ipcomp, IPPROTO_COMP},
  };
  EXPECT_EQ(rows_of(xfrm::protocol_rows()), expected);
  for (const auto& row : expected) {
    EXPECT_EQ(xfrm::to_protocol(row.neutral).value(), row.number);
    EXPECT_EQ(xfrm::from_protocol(row.number), row.neutral);
  }
  EXPECT_EQ(xfrm::to_protocol(SaType::AhEspIpcomp).error().message,
            "SA type AH+ESP+IPComp is not supported by XFRM");
  EXPECT_EQ(xfrm::from_protocol(IPPROTO_UDP), std::nullopt);
}

}  // namespace
}  // namespace rc::rct
