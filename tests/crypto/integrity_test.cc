// INTEG transforms against the RFCs' vectors: RFC 4868 §2.7.2 for
// HMAC-SHA2-*-truncated with their IPsec key sizes, RFC 2202 (as RFC 2404
// uses them) for HMAC-SHA1-96, RFC 4494 §4 for AES-CMAC-96.
#include "crypto/integrity.h"

#include <vector>

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace rc::crypto {
namespace {

using testing::hex;
using testing::hex_of;
using testing::repeat;
using testing::text;

Integrity make(rct::AuthAlg algorithm) {
  Result<Integrity> integ = Integrity::create(algorithm);
  EXPECT_TRUE(integ.has_value()) << (integ ? "" : integ.error().message);
  return *integ;
}

struct Vector {
  buf::Bytes key;
  buf::Bytes data;
  const char* icv;
};

void check(rct::AuthAlg algorithm, const std::vector<Vector>& vectors) {
  const Integrity integ = make(algorithm);
  for (const Vector& v : vectors) {
    Result<buf::Bytes> icv = integ.compute(v.key, {v.data});
    ASSERT_TRUE(icv.has_value()) << icv.error().message;
    EXPECT_EQ(hex_of(*icv), v.icv);
    EXPECT_TRUE(integ.verify(v.key, {v.data}, hex(v.icv)));
  }
}

TEST(IntegrityTest, HmacSha2MatchesRfc4868) {
  check(rct::AuthAlg::HmacSha2_256,
        {{repeat(0x0b, 32), text("Hi There"), "198a607eb44bfbc69903a0f1cf2bbdc5"},
         {text("JefeJefeJefeJefeJefeJefeJefeJefe"), text("what do ya want for nothing?"),
          "167f928588c5cc2eef8e3093caa0e87c"},
         {repeat(0xaa, 32), repeat(0xdd, 50), "cdcb1220d1ecccea91e53aba3092f962"}});
  check(rct::AuthAlg::HmacSha2_384,
        {{repeat(0x0b, 48), text("Hi There"), "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"},
         {text("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
          text("what do ya want for nothing?"), "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d"},
         {repeat(0xaa, 48), repeat(0xdd, 50), "809f439be00274321d4a538652164b53554a508184a0c316"}});
  check(rct::AuthAlg::HmacSha2_512,
        {{repeat(0x0b, 64), text("Hi There"),
          "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"},
         {text("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
          text("what do ya want for nothing?"),
          "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"},
         {repeat(0xaa, 64), repeat(0xdd, 50),
          "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8"}});
}

TEST(IntegrityTest, HmacSha1_96MatchesRfc2202Truncated) {
  check(rct::AuthAlg::HmacSha1,
        {{repeat(0x0b, 20), text("Hi There"), "b617318655057264e28bc0b6"},
         {repeat(0xaa, 20), repeat(0xdd, 50), "125d7342b9ac11cd91a39af4"},
         {repeat(0x0c, 20), text("Test With Truncation"), "4c1a03424b55e07fe7f27be1"}});
}

TEST(IntegrityTest, AesCmac96MatchesRfc4494) {
  const buf::Bytes key = hex("2b7e151628aed2a6abf7158809cf4f3c");
  const buf::Bytes message =
      hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
          "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
  check(rct::AuthAlg::AesCmac,
        {{key, {}, "bb1d6929e95937287fa37d12"},
         {key, buf::Bytes(message.begin(), message.begin() + 16), "070a16b46b4d4144f79bdd9d"},
         {key, buf::Bytes(message.begin(), message.begin() + 40), "dfa66747de9ae63030ca3261"},
         {key, message, "51f0bebf7e3b9d92fc497417"}});
}

TEST(IntegrityTest, SizesAndTransformIds) {
  struct Expect {
    std::uint16_t id;
    rct::AuthAlg algorithm;
    std::size_t key;
    std::size_t icv;
  };
  for (const Expect& e :
       {Expect{2, rct::AuthAlg::HmacSha1, 20, 12}, Expect{8, rct::AuthAlg::AesCmac, 16, 12},
        Expect{12, rct::AuthAlg::HmacSha2_256, 32, 16},
        Expect{13, rct::AuthAlg::HmacSha2_384, 48, 24},
        Expect{14, rct::AuthAlg::HmacSha2_512, 64, 32}}) {
    Result<Integrity> integ = Integrity::for_transform_id(e.id);
    ASSERT_TRUE(integ.has_value()) << e.id;
    EXPECT_EQ(integ->algorithm(), e.algorithm);
    EXPECT_EQ(integ->transform_id(), e.id);
    EXPECT_EQ(integ->key_size(), e.key);
    EXPECT_EQ(integ->icv_size(), e.icv);
  }
  EXPECT_FALSE(Integrity::for_transform_id(0).has_value());  // NONE
  EXPECT_FALSE(Integrity::for_transform_id(1).has_value());  // HMAC-MD5-96
  EXPECT_FALSE(Integrity::for_transform_id(5).has_value());  // AES-XCBC-96
  EXPECT_FALSE(Integrity::for_transform_id(999).has_value());
}

TEST(IntegrityTest, VerifyRefusesAnyChange) {
  const Integrity integ = make(rct::AuthAlg::HmacSha2_256);
  const buf::Bytes key = repeat(0x0b, 32);
  const buf::Bytes data = text("Hi There");
  const buf::Bytes icv = hex("198a607eb44bfbc69903a0f1cf2bbdc5");
  ASSERT_TRUE(integ.verify(key, {data}, icv));
  for (std::size_t i = 0; i < icv.size(); ++i) {
    buf::Bytes bad = icv;
    bad[i] ^= 0x01;
    EXPECT_FALSE(integ.verify(key, {data}, bad)) << "ICV byte " << i;
  }
  for (std::size_t i = 0; i < data.size(); ++i) {
    buf::Bytes bad = data;
    bad[i] ^= 0x80;
    EXPECT_FALSE(integ.verify(key, {bad}, icv)) << "data byte " << i;
  }
  buf::Bytes other_key = key;
  other_key[31] ^= 1;
  EXPECT_FALSE(integ.verify(other_key, {data}, icv));
  // A short ICV, a long one, and the full untruncated HMAC are all refused.
  EXPECT_FALSE(integ.verify(key, {data}, buf::Bytes(icv.begin(), icv.end() - 1)));
  buf::Bytes longer = icv;
  longer.push_back(0);
  EXPECT_FALSE(integ.verify(key, {data}, longer));
  EXPECT_FALSE(integ.verify(key, {data}, {}));
}

TEST(IntegrityTest, RefusesAKeyOfTheWrongLength) {
  const Integrity integ = make(rct::AuthAlg::HmacSha2_256);
  EXPECT_FALSE(integ.compute(repeat(0x0b, 20), {text("Hi There")}).has_value());
  EXPECT_FALSE(
      integ.verify(repeat(0x0b, 20), {text("Hi There")}, hex("198a607eb44bfbc69903a0f1cf2bbdc5")));
}

}  // namespace
}  // namespace rc::crypto
