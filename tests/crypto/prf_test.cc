// PRFs against the RFCs' own vectors (RFC 2202, RFC 4231, RFC 4615), and
// prf+ against a separate expansion written here with OpenSSL's one-shot
// HMAC(), which shares no code with lib/crypto's EVP_MAC path.
#include "crypto/prf.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>

#include "rct/types.h"
#include "reference_kdf.h"
#include "test_bytes.h"

namespace rc::crypto {
namespace {

using testing::hex;
using testing::hex_of;
using testing::reference_prf_plus;
using testing::repeat;
using testing::text;

Prf make(rct::Prf algorithm) {
  Result<Prf> prf = Prf::create(algorithm);
  EXPECT_TRUE(prf.has_value()) << (prf ? "" : prf.error().message);
  return *prf;
}

std::string prf_hex(rct::Prf algorithm, const buf::Bytes& key, const buf::Bytes& data) {
  Result<buf::SecretBytes> out = prf(make(algorithm), key, {data});
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().message);
  return out ? hex_of(*out) : std::string();
}

// RFC 4231 §4.2-4.8: the key and data of test cases 1-7.
struct Rfc4231Case {
  buf::Bytes key;
  buf::Bytes data;
};

Rfc4231Case rfc4231(int number) {
  switch (number) {
    case 1:
      return {repeat(0x0b, 20), text("Hi There")};
    case 2:
      return {text("Jefe"), text("what do ya want for nothing?")};
    case 3:
      return {repeat(0xaa, 20), repeat(0xdd, 50)};
    case 4:
      return {hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50)};
    case 5:
      return {repeat(0x0c, 20), text("Test With Truncation")};
    case 6:
      return {repeat(0xaa, 131), text("Test Using Larger Than Block-Size Key - Hash Key First")};
    default:
      return {repeat(0xaa, 131),
              text("This is a test using a larger than block-size key and a larger than "
                   "block-size data. The key needs to be hashed before being used by the HMAC "
                   "algorithm.")};
  }
}

TEST(PrfTest, HmacSha256MatchesRfc4231) {
  const char* expected[] = {
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
      "a3b6167473100ee06e0c796c2955552b",  // case 5: the RFC gives 128 bits
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
  };
  for (int n = 1; n <= 7; ++n) {
    const Rfc4231Case c = rfc4231(n);
    std::string out = prf_hex(rct::Prf::HmacSha2_256, c.key, c.data);
    if (n == 5) out.resize(32);
    EXPECT_EQ(out, expected[n - 1]) << "RFC 4231 test case " << n;
  }
}

TEST(PrfTest, HmacSha384MatchesRfc4231) {
  const char* expected[] = {
      "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
      "faea9ea9076ede7f4af152e8b2fa9cb6",
      "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
      "8e2240ca5e69e2c78b3239ecfab21649",
      "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
      "2a5ab39dc13814b94e3ab6e101a34f27",
      "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
      "6801dd23c4a7d679ccf8a386c674cffb",
      "3abf34c3503b2a23a46efc619baef897",
      "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
      "0c2ef6ab4030fe8296248df163f44952",
      "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
      "a678cc31e799176d3860e6110c46523e",
  };
  for (int n = 1; n <= 7; ++n) {
    const Rfc4231Case c = rfc4231(n);
    std::string out = prf_hex(rct::Prf::HmacSha2_384, c.key, c.data);
    if (n == 5) out.resize(32);
    EXPECT_EQ(out, expected[n - 1]) << "RFC 4231 test case " << n;
  }
}

TEST(PrfTest, HmacSha512MatchesRfc4231) {
  const char* expected[] = {
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
      "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
      "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
      "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
      "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
      "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
      "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
      "415fad6271580a531d4179bc891d87a6",
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
      "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
      "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
      "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
  };
  for (int n = 1; n <= 7; ++n) {
    const Rfc4231Case c = rfc4231(n);
    std::string out = prf_hex(rct::Prf::HmacSha2_512, c.key, c.data);
    if (n == 5) out.resize(32);
    EXPECT_EQ(out, expected[n - 1]) << "RFC 4231 test case " << n;
  }
}

TEST(PrfTest, HmacSha1MatchesRfc2202) {
  struct Case {
    buf::Bytes key;
    buf::Bytes data;
    const char* digest;
  };
  const Case cases[] = {
      {repeat(0x0b, 20), text("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
      {text("Jefe"), text("what do ya want for nothing?"),
       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {repeat(0x0c, 20), text("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {repeat(0xaa, 80), text("Test Using Larger Than Block-Size Key - Hash Key First"),
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {repeat(0xaa, 80),
       text("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  int n = 0;
  for (const Case& c : cases) {
    EXPECT_EQ(prf_hex(rct::Prf::HmacSha1, c.key, c.data), c.digest) << "RFC 2202 case " << ++n;
  }
}

TEST(PrfTest, AesCmacPrf128MatchesRfc4615) {
  const buf::Bytes message = hex("000102030405060708090a0b0c0d0e0f10111213");
  // Key lengths 18, 16 and 10: the 16-byte key is used as is, the others
  // are first reduced with AES-CMAC under the zero key.
  EXPECT_EQ(prf_hex(rct::Prf::AesCmac, hex("000102030405060708090a0b0c0d0e0fedcb"), message),
            "84a348a4a45d235babfffc0d2b4da09a");
  EXPECT_EQ(prf_hex(rct::Prf::AesCmac, hex("000102030405060708090a0b0c0d0e0f"), message),
            "980ae87b5f4c9c5214f5b6a8455e4c2d");
  EXPECT_EQ(prf_hex(rct::Prf::AesCmac, hex("00010203040506070809"), message),
            "290d9e112edb09ee141fcf64c0b72f3d");
}

TEST(PrfTest, PiecesAreTheirConcatenation) {
  const Prf sha256 = make(rct::Prf::HmacSha2_256);
  const buf::Bytes key = text("Jefe");
  const buf::Bytes what = text("what do ya ");
  const buf::Bytes want = text("want for nothing?");
  Result<buf::SecretBytes> out = prf(sha256, key, {what, {}, want});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(hex_of(*out), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(PrfTest, SizesAndTransformIds) {
  struct Expect {
    rct::Prf algorithm;
    std::uint16_t id;
    std::size_t size;
  };
  for (const Expect& e :
       {Expect{rct::Prf::HmacSha1, 2, 20}, Expect{rct::Prf::HmacSha2_256, 5, 32},
        Expect{rct::Prf::HmacSha2_384, 6, 48}, Expect{rct::Prf::HmacSha2_512, 7, 64},
        Expect{rct::Prf::AesCmac, 8, 16}}) {
    Result<Prf> prf = Prf::for_transform_id(e.id);
    ASSERT_TRUE(prf.has_value()) << e.id;
    EXPECT_EQ(prf->algorithm(), e.algorithm);
    EXPECT_EQ(prf->transform_id(), e.id);
    EXPECT_EQ(prf->output_size(), e.size);
    EXPECT_EQ(prf->key_size(), e.size);
    EXPECT_EQ(prf->fixed_key_size(), e.algorithm == rct::Prf::AesCmac);
  }
}

TEST(PrfTest, RefusesWhatItDoesNotImplement) {
  EXPECT_FALSE(Prf::create(rct::Prf::HmacMd5).has_value());
  Result<Prf> xcbc = Prf::create(rct::Prf::AesXcbc);
  ASSERT_FALSE(xcbc.has_value());
  EXPECT_NE(xcbc.error().message.find("not implemented"), std::string::npos);
  EXPECT_FALSE(Prf::for_transform_id(3).has_value());  // PRF_HMAC_TIGER
  EXPECT_FALSE(Prf::for_transform_id(999).has_value());
}

TEST(PrfTest, PrfPlusMatchesAStraightforwardExpansion) {
  struct Algo {
    rct::Prf prf;
    const EVP_MD* md;
  };
  const buf::Bytes key = hex("8f3a0b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f00112233445566778899aabbcc");
  const buf::Bytes ni = repeat(0x11, 32);
  const buf::Bytes nr = repeat(0x22, 24);
  const buf::Bytes spis = hex("0102030405060708 a1a2a3a4a5a6a7a8");
  const buf::Bytes seed = testing::concat({ni, nr, spis});
  for (const Algo& a :
       {Algo{rct::Prf::HmacSha1, EVP_sha1()}, Algo{rct::Prf::HmacSha2_256, EVP_sha256()},
        Algo{rct::Prf::HmacSha2_384, EVP_sha384()}, Algo{rct::Prf::HmacSha2_512, EVP_sha512()}}) {
    const Prf algorithm = make(a.prf);
    // Less than a block, exactly one, a partial last block, many blocks.
    for (std::size_t length :
         {std::size_t{7}, algorithm.output_size(), algorithm.output_size() + 5, std::size_t{500}}) {
      Result<buf::SecretBytes> out = prf_plus(algorithm, key, {ni, nr, spis}, length);
      ASSERT_TRUE(out.has_value());
      EXPECT_EQ(hex_of(*out), hex_of(reference_prf_plus(a.md, key, seed, length)))
          << "PRF " << static_cast<int>(a.prf) << " length " << length;
    }
  }
}

TEST(PrfTest, PrfPlusStopsAt255Blocks) {
  const Prf sha1 = make(rct::Prf::HmacSha1);
  const buf::Bytes key = repeat(0x42, 20);
  const buf::Bytes seed = text("seed");
  Result<buf::SecretBytes> longest = prf_plus(sha1, key, {seed}, 255 * 20);
  ASSERT_TRUE(longest.has_value());
  EXPECT_EQ(hex_of(*longest), hex_of(reference_prf_plus(EVP_sha1(), key, seed, 255 * 20)));
  EXPECT_FALSE(prf_plus(sha1, key, {seed}, 255 * 20 + 1).has_value());
}

}  // namespace
}  // namespace rc::crypto
