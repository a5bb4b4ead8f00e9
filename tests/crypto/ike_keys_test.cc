// SKEYSEED, SK_*, rekeyed SKEYSEED and CHILD_SA KEYMAT, each checked against
// the RFC 7296 formulas evaluated in the test with one-shot HMAC()/CMAC
// (reference_kdf.h), and the split order checked slice by slice.
#include "crypto/ike_keys.h"

#include <gtest/gtest.h>

#include "reference_kdf.h"
#include "test_bytes.h"

namespace rc::crypto {
namespace {

using testing::concat;
using testing::hex;
using testing::hex_of;
using testing::reference_aes_cmac;
using testing::reference_hmac;
using testing::reference_prf_plus;
using testing::slice;

// Distinct, recognisable bytes: start, start+1, ...
buf::Bytes counting(std::size_t n, std::uint8_t start) {
  buf::Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(start + i);
  return out;
}

template <class T>
T must(Result<T> result) {
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return std::move(result).value();
}

const buf::Bytes kNi = counting(32, 0x10);
const buf::Bytes kNr = counting(48, 0x80);
const buf::Bytes kSpiI = hex("a1b2c3d4e5f60718");
const buf::Bytes kSpiR = hex("0102030405060708");
const buf::Bytes kGir = counting(256, 0x33);

TEST(IkeKeysTest, SkeyseedAndSkKeysForAesCbcHmacSha256) {
  const Prf prf = must(Prf::for_transform_id(5));                   // PRF_HMAC_SHA2_256
  const EncrSpec encr = must(encr_spec_for_transform_id(12, 256));  // ENCR_AES_CBC 256
  const Integrity integ = must(Integrity::for_transform_id(12));    // AUTH_HMAC_SHA2_256_128
  const KeySizes sizes = key_sizes(encr, integ);
  EXPECT_EQ(sizes.encr, 32u);
  EXPECT_EQ(sizes.integ, 32u);

  const buf::Bytes expected_skeyseed = reference_hmac(EVP_sha256(), concat({kNi, kNr}), kGir);
  const buf::SecretBytes g_ir(kGir);
  const buf::SecretBytes seed = must(skeyseed(prf, kNi, kNr, g_ir));
  EXPECT_EQ(hex_of(seed), hex_of(expected_skeyseed));

  const IkeSaKeys keys = must(derive_ike_sa_keys(prf, sizes, seed, kNi, kNr, kSpiI, kSpiR));
  const buf::Bytes keymat =
      reference_prf_plus(EVP_sha256(), expected_skeyseed, concat({kNi, kNr, kSpiI, kSpiR}), 7 * 32);
  // SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr, 32 bytes each here.
  EXPECT_EQ(hex_of(keys.sk_d), hex_of(slice(keymat, 0, 32)));
  EXPECT_EQ(hex_of(keys.sk_ai), hex_of(slice(keymat, 32, 32)));
  EXPECT_EQ(hex_of(keys.sk_ar), hex_of(slice(keymat, 64, 32)));
  EXPECT_EQ(hex_of(keys.sk_ei), hex_of(slice(keymat, 96, 32)));
  EXPECT_EQ(hex_of(keys.sk_er), hex_of(slice(keymat, 128, 32)));
  EXPECT_EQ(hex_of(keys.sk_pi), hex_of(slice(keymat, 160, 32)));
  EXPECT_EQ(hex_of(keys.sk_pr), hex_of(slice(keymat, 192, 32)));
}

TEST(IkeKeysTest, AeadKeysCarryTheSaltAndNoIntegrityKey) {
  const Prf prf = must(Prf::for_transform_id(6));                   // PRF_HMAC_SHA2_384
  const EncrSpec encr = must(encr_spec_for_transform_id(20, 256));  // AES-GCM-16 256
  const KeySizes sizes = key_sizes(encr, std::nullopt);
  EXPECT_EQ(sizes.encr, 36u);  // 32-byte key + 4-byte salt (RFC 5282 §7.1)
  EXPECT_EQ(sizes.integ, 0u);

  const buf::SecretBytes seed = must(skeyseed(prf, kNi, kNr, buf::SecretBytes(kGir)));
  const buf::Bytes expected_seed = reference_hmac(EVP_sha384(), concat({kNi, kNr}), kGir);
  EXPECT_EQ(hex_of(seed), hex_of(expected_seed));
  const IkeSaKeys keys = must(derive_ike_sa_keys(prf, sizes, seed, kNi, kNr, kSpiI, kSpiR));
  const buf::Bytes keymat = reference_prf_plus(EVP_sha384(), expected_seed,
                                               concat({kNi, kNr, kSpiI, kSpiR}), 48 + 72 + 96);
  EXPECT_EQ(hex_of(keys.sk_d), hex_of(slice(keymat, 0, 48)));
  EXPECT_TRUE(keys.sk_ai.empty());
  EXPECT_TRUE(keys.sk_ar.empty());
  EXPECT_EQ(hex_of(keys.sk_ei), hex_of(slice(keymat, 48, 36)));
  EXPECT_EQ(hex_of(keys.sk_er), hex_of(slice(keymat, 84, 36)));
  EXPECT_EQ(hex_of(keys.sk_pi), hex_of(slice(keymat, 120, 48)));
  EXPECT_EQ(hex_of(keys.sk_pr), hex_of(slice(keymat, 168, 48)));

  const EncrSpec chacha = must(encr_spec_for_transform_id(28, 0));
  EXPECT_EQ(key_sizes(chacha, std::nullopt).encr, 36u);  // RFC 7634 §2
}

TEST(IkeKeysTest, CmacPrfKeysSkeyseedWithHalfOfEachNonce) {
  const Prf prf = must(Prf::create(rct::Prf::AesCmac));
  const buf::SecretBytes g_ir(kGir);
  const buf::SecretBytes seed = must(skeyseed(prf, kNi, kNr, g_ir));
  // RFC 7296 §2.14: the first 64 bits of Ni and of Nr.
  const buf::Bytes key = concat({slice(kNi, 0, 8), slice(kNr, 0, 8)});
  EXPECT_EQ(hex_of(seed), hex_of(reference_aes_cmac(key, kGir)));
  // So bytes past the first eight of either nonce do not matter.
  buf::Bytes other_ni = kNi;
  other_ni[8] ^= 0xff;
  EXPECT_TRUE(buf::equal(seed, must(skeyseed(prf, other_ni, kNr, g_ir))));
  EXPECT_FALSE(skeyseed(prf, slice(kNi, 0, 7), kNr, g_ir).has_value());
  EXPECT_EQ(prf.key_size(), 16u);  // SK_d, SK_pi, SK_pr
}

TEST(IkeKeysTest, RekeyUsesTheOldSkDAndTheNewExchange) {
  const Prf old_prf = must(Prf::create(rct::Prf::HmacSha1));
  const buf::Bytes old_sk_d = counting(20, 0xd0);
  const buf::Bytes new_gir = counting(64, 0x05);
  const buf::SecretBytes out = must(
      rekey_skeyseed(old_prf, buf::SecretBytes(old_sk_d), buf::SecretBytes(new_gir), kNi, kNr));
  // SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), with the old SA's PRF.
  EXPECT_EQ(hex_of(out), hex_of(reference_hmac(EVP_sha1(), old_sk_d, concat({new_gir, kNi, kNr}))));
}

TEST(IkeKeysTest, ChildKeymatOrderWithoutAndWithPfs) {
  const Prf prf = must(Prf::create(rct::Prf::HmacSha2_256));
  const buf::Bytes sk_d = counting(32, 0x40);
  const EncrSpec encr = must(encr_spec_for_transform_id(12, 128));
  const Integrity integ = must(Integrity::for_transform_id(2));  // HMAC-SHA1-96: 20-byte key
  const KeySizes sizes = key_sizes(encr, integ);
  ASSERT_EQ(sizes.encr, 16u);
  ASSERT_EQ(sizes.integ, 20u);

  // KEYMAT = prf+(SK_d, Ni | Nr): encr_i, integ_i, encr_r, integ_r (§2.17).
  const ChildSaKeys plain =
      must(derive_child_sa_keys(prf, buf::SecretBytes(sk_d), sizes, kNi, kNr));
  const buf::Bytes keymat = reference_prf_plus(EVP_sha256(), sk_d, concat({kNi, kNr}), 72);
  EXPECT_EQ(hex_of(plain.encr_i), hex_of(slice(keymat, 0, 16)));
  EXPECT_EQ(hex_of(plain.integ_i), hex_of(slice(keymat, 16, 20)));
  EXPECT_EQ(hex_of(plain.encr_r), hex_of(slice(keymat, 36, 16)));
  EXPECT_EQ(hex_of(plain.integ_r), hex_of(slice(keymat, 52, 20)));

  // With PFS: KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr).
  const buf::Bytes new_gir = counting(32, 0x99);
  const buf::SecretBytes pfs(new_gir);
  const ChildSaKeys with_pfs =
      must(derive_child_sa_keys(prf, buf::SecretBytes(sk_d), sizes, kNi, kNr, &pfs));
  const buf::Bytes pfs_keymat =
      reference_prf_plus(EVP_sha256(), sk_d, concat({new_gir, kNi, kNr}), 72);
  EXPECT_EQ(hex_of(with_pfs.encr_i), hex_of(slice(pfs_keymat, 0, 16)));
  EXPECT_EQ(hex_of(with_pfs.integ_i), hex_of(slice(pfs_keymat, 16, 20)));
  EXPECT_EQ(hex_of(with_pfs.encr_r), hex_of(slice(pfs_keymat, 36, 16)));
  EXPECT_EQ(hex_of(with_pfs.integ_r), hex_of(slice(pfs_keymat, 52, 20)));
  EXPECT_FALSE(buf::equal(plain.encr_i, with_pfs.encr_i));
}

TEST(IkeKeysTest, ChildKeymatForAnAeadHasOnlyEncryptionKeys) {
  const Prf prf = must(Prf::create(rct::Prf::HmacSha2_512));
  const buf::Bytes sk_d = counting(64, 0x01);
  const EncrSpec gcm = must(encr_spec_for_transform_id(20, 128));
  const KeySizes sizes = key_sizes(gcm, std::nullopt);
  ASSERT_EQ(sizes.encr, 20u);  // RFC 4106 §8.1: key + 4-byte salt for ESP
  const ChildSaKeys keys = must(derive_child_sa_keys(prf, buf::SecretBytes(sk_d), sizes, kNi, kNr));
  const buf::Bytes keymat = reference_prf_plus(EVP_sha512(), sk_d, concat({kNi, kNr}), 40);
  EXPECT_EQ(hex_of(keys.encr_i), hex_of(slice(keymat, 0, 20)));
  EXPECT_TRUE(keys.integ_i.empty());
  EXPECT_EQ(hex_of(keys.encr_r), hex_of(slice(keymat, 20, 20)));
  EXPECT_TRUE(keys.integ_r.empty());
}

TEST(IkeKeysTest, RefusesSpisThatAreNotEightBytes) {
  const Prf prf = must(Prf::create(rct::Prf::HmacSha2_256));
  const buf::SecretBytes seed(counting(32, 0));
  EXPECT_FALSE(
      derive_ike_sa_keys(prf, {32, 32}, seed, kNi, kNr, slice(kSpiI, 0, 4), kSpiR).has_value());
}

}  // namespace
}  // namespace rc::crypto
