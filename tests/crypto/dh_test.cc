// Diffie-Hellman against published vectors (RFC 5903 §8 for ECP, RFC 7748
// §5.2 and §6.1 for X25519), small-exponent MODP values anyone can check by
// hand, and every public-value rejection the brief lists.
#include "crypto/dh.h"

#include <openssl/bn.h>

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace rc::crypto {
namespace {

using rct::DhGroup;
using testing::concat;
using testing::hex;
using testing::hex_of;

DhKeyPair from_private(DhGroup group, const buf::Bytes& value) {
  Result<DhKeyPair> pair = DhKeyPair::from_private_value(group, value);
  EXPECT_TRUE(pair.has_value()) << (pair ? "" : pair.error().message);
  return std::move(pair).value();
}

DhKeyPair generate(DhGroup group) {
  Result<DhKeyPair> pair = DhKeyPair::generate(group);
  EXPECT_TRUE(pair.has_value()) << (pair ? "" : pair.error().message);
  return std::move(pair).value();
}

void expect_refused(const DhKeyPair& pair, const buf::Bytes& peer, const char* what) {
  Result<buf::SecretBytes> secret = pair.shared_secret(peer);
  ASSERT_FALSE(secret.has_value()) << what << " was accepted";
  EXPECT_EQ(secret.error().code, kBadPeerValue) << what << ": " << secret.error().message;
}

// RFC 5903 §8: i, g^i = (gix, giy), r, g^r, g^ir = (girx, giry).
struct EcpVector {
  DhGroup group;
  const char* i;
  const char* gix;
  const char* giy;
  const char* r;
  const char* grx;
  const char* gry;
  const char* girx;
};

const EcpVector kEcpVectors[] = {
    {DhGroup::Ecp256, "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180",
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63",
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {DhGroup::Ecp384,
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab"
     "194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f4"
     "1aa",
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a"
     "81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a744"
     "8fc",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3"
     "571",
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e63"
     "86c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59"
     "746"},
    {DhGroup::Ecp521,
     "0037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a095aa85a30fe1c2952c6771d937ba9"
     "777"
     "f5957b2639bab072462f68c27a57382d4a52",
     "0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbee1e3bf42e00b8e380aeae57c2d107"
     "564"
     "941885942af5a7f4601723c4195d176ced3e",
     "017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10ad8a788015ac405d7799dc75e7b7d5"
     "b6c"
     "f2261a6a7f1507438bf01beb6ca3926f9582",
     "0145ba99a847af43793fdd0e872e7cdfa16be30fdc780f97bccc3f078380201e9c677d600b343757a3bdbf2a3163e"
     "4c2"
     "f869cca7458aa4a4effc311f5cb151685eb9",
     "00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a219b97c356436adc6e95bb0352f6be6"
     "4a6"
     "c2912d4ef2d0433ced2b6171640012d9460f",
     "015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077b87220b6536c5c408a1d2aebb8e86d67"
     "8ae"
     "49cb57091f4732296579ab44fcd17f0fc56a",
     "01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04d1427e73ca4baa240a34786859810"
     "c06"
     "b3c715a3a8cc3151f2bee417996d19f3ddea"},
};

TEST(DhTest, EcpMatchesRfc5903) {
  for (const EcpVector& v : kEcpVectors) {
    SCOPED_TRACE(static_cast<int>(v.group));
    const DhKeyPair initiator = from_private(v.group, hex(v.i));
    const DhKeyPair responder = from_private(v.group, hex(v.r));
    const buf::Bytes gi = concat({hex(v.gix), hex(v.giy)});
    const buf::Bytes gr = concat({hex(v.grx), hex(v.gry)});
    // The KE payload carries x | y without a point-format byte (§7).
    EXPECT_EQ(hex_of(initiator.public_value()), hex_of(gi));
    EXPECT_EQ(hex_of(responder.public_value()), hex_of(gr));
    Result<buf::SecretBytes> at_initiator = initiator.shared_secret(gr);
    Result<buf::SecretBytes> at_responder = responder.shared_secret(gi);
    ASSERT_TRUE(at_initiator.has_value()) << at_initiator.error().message;
    ASSERT_TRUE(at_responder.has_value()) << at_responder.error().message;
    // g^ir is the x-coordinate only.
    EXPECT_EQ(hex_of(*at_initiator), v.girx);
    EXPECT_EQ(hex_of(*at_responder), v.girx);
  }
}

TEST(DhTest, X25519MatchesRfc7748Section6) {
  const DhKeyPair alice = from_private(
      DhGroup::Curve25519, hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  const DhKeyPair bob = from_private(
      DhGroup::Curve25519, hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  EXPECT_EQ(hex_of(alice.public_value()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(hex_of(bob.public_value()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  Result<buf::SecretBytes> k_alice = alice.shared_secret(bob.public_value());
  Result<buf::SecretBytes> k_bob = bob.shared_secret(alice.public_value());
  ASSERT_TRUE(k_alice.has_value() && k_bob.has_value());
  EXPECT_EQ(hex_of(*k_alice), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(hex_of(*k_bob), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
}

TEST(DhTest, X25519MatchesRfc7748Section5_2) {
  struct Vector {
    const char* scalar;
    const char* u;
    const char* out;
  };
  // The second u has its top bit set, which X25519 must ignore.
  for (const Vector& v :
       {Vector{"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
               "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
               "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
        Vector{"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
               "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
               "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"}}) {
    const DhKeyPair pair = from_private(DhGroup::Curve25519, hex(v.scalar));
    Result<buf::SecretBytes> out = pair.shared_secret(hex(v.u));
    ASSERT_TRUE(out.has_value()) << out.error().message;
    EXPECT_EQ(hex_of(*out), v.out);
  }
}

// n as a big-endian number padded to `size` bytes.
buf::Bytes padded(std::uint64_t n, std::size_t size) {
  buf::Bytes out(size, 0);
  for (std::size_t i = 0; i < 8 && i < size; ++i) {
    out[size - 1 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  }
  return out;
}

// RFC 3526 §3, the 2048-bit MODP group's prime, as printed there.
const char* const kModp2048Prime =
    "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1"
    "29024E08 8A67CC74 020BBEA6 3B139B22 514A0879 8E3404DD"
    "EF9519B3 CD3A431B 302B0A6D F25F1437 4FE1356D 6D51C245"
    "E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED"
    "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D"
    "C2007CB8 A163BF05 98DA4836 1C55D39A 69163FA8 FD24CF5F"
    "83655D23 DCA3AD96 1C62F356 208552BB 9ED52907 7096966D"
    "670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B"
    "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9"
    "DE2BCBF6 95581718 3995497C EA956AE5 15D22618 98FA0510"
    "15728E5A 8AACAA68 FFFFFFFF FFFFFFFF";

TEST(DhTest, ModpUsesRfc3526GeneratorAndPadsToThePrime) {
  // g = 2: the private value 1 has public value 2, written over 256 bytes.
  const DhKeyPair one = from_private(DhGroup::Modp2048, hex("01"));
  EXPECT_EQ(hex_of(one.public_value()), hex_of(padded(2, 256)));
  // x = 3 and the peer's y = 2^5 give (2^5)^3 = 2^15, with its 254 leading
  // zero bytes kept (RFC 7296 §2.14).
  const DhKeyPair three = from_private(DhGroup::Modp2048, hex("03"));
  EXPECT_EQ(hex_of(three.public_value()), hex_of(padded(8, 256)));
  Result<buf::SecretBytes> secret = three.shared_secret(padded(32, 256));
  ASSERT_TRUE(secret.has_value()) << secret.error().message;
  EXPECT_EQ(hex_of(*secret), hex_of(padded(0x8000, 256)));
}

TEST(DhTest, ModpPrimeIsRfc3526s) {
  // 2^2048 lies between p and 2p, so g^2048 mod p = 2^2048 - p: the 256-byte
  // two's complement of the RFC's prime. Any other prime gives another value.
  buf::Bytes minus_p = hex(kModp2048Prime);
  unsigned carry = 1;
  for (std::size_t i = minus_p.size(); i-- > 0;) {
    const unsigned sum = static_cast<std::uint8_t>(~minus_p[i]) + carry;
    minus_p[i] = static_cast<std::uint8_t>(sum);
    carry = sum >> 8;
  }
  const DhKeyPair pair = from_private(DhGroup::Modp2048, hex("0800"));
  EXPECT_EQ(hex_of(pair.public_value()), hex_of(minus_p));
}

TEST(DhTest, ModpRefusesBadPublicValues) {
  struct Group {
    DhGroup group;
    BIGNUM* (*prime)(BIGNUM*);  // OpenSSL's own copy of the RFC 3526 prime
  };
  for (const Group& g : {Group{DhGroup::Modp1536, BN_get_rfc3526_prime_1536},
                         Group{DhGroup::Modp2048, BN_get_rfc3526_prime_2048},
                         Group{DhGroup::Modp3072, BN_get_rfc3526_prime_3072},
                         Group{DhGroup::Modp4096, BN_get_rfc3526_prime_4096},
                         Group{DhGroup::Modp6144, BN_get_rfc3526_prime_6144},
                         Group{DhGroup::Modp8192, BN_get_rfc3526_prime_8192}}) {
    SCOPED_TRACE(static_cast<int>(g.group));
    const DhKeyPair pair = generate(g.group);
    const std::size_t size = pair.public_value().size();
    BIGNUM* prime = g.prime(nullptr);
    ASSERT_NE(prime, nullptr);
    buf::Bytes p(size);
    ASSERT_EQ(BN_bn2binpad(prime, p.data(), static_cast<int>(size)), static_cast<int>(size));
    BN_free(prime);
    if (g.group == DhGroup::Modp2048) {
      EXPECT_EQ(hex_of(p), hex_of(hex(kModp2048Prime)));
    }
    buf::Bytes p_minus_1 = p;
    ASSERT_EQ(p_minus_1.back(), 0xff);  // every RFC 3526 prime ends in 64 one bits
    p_minus_1.back() = 0xfe;
    expect_refused(pair, padded(0, size), "y = 0");
    expect_refused(pair, padded(1, size), "y = 1");
    expect_refused(pair, p_minus_1, "y = p-1");
    expect_refused(pair, p, "y = p");
    expect_refused(pair, buf::Bytes(size, 0xff), "y > p");
    expect_refused(pair, padded(2, size - 1), "one byte short");
    expect_refused(pair, padded(2, size + 1), "one byte long");
    expect_refused(pair, {}, "empty");
    // The generator itself is a valid public value.
    EXPECT_TRUE(pair.shared_secret(padded(2, size)).has_value());
  }
}

TEST(DhTest, EcpRefusesBadPublicValues) {
  for (const EcpVector& v : kEcpVectors) {
    SCOPED_TRACE(static_cast<int>(v.group));
    const DhKeyPair pair = generate(v.group);
    const buf::Bytes good = concat({hex(v.grx), hex(v.gry)});
    ASSERT_TRUE(pair.shared_secret(good).has_value());
    buf::Bytes off_curve = good;
    off_curve.back() ^= 0x01;  // y+1 or y-1: no longer on the curve
    expect_refused(pair, off_curve, "a point off the curve");
    expect_refused(pair, buf::Bytes(good.size(), 0), "(0, 0)");
    expect_refused(pair, buf::Bytes(good.size(), 0xff), "coordinates >= p");
    expect_refused(pair, buf::Bytes(good.begin(), good.end() - 1), "one byte short");
    buf::Bytes longer = good;
    longer.push_back(0);
    expect_refused(pair, longer, "one byte long");
    expect_refused(pair, concat({hex("04"), good}), "SEC1 prefix");
  }
}

TEST(DhTest, X25519RefusesSmallOrderPointsAndWrongLengths) {
  const DhKeyPair pair = generate(DhGroup::Curve25519);
  // u = 0, u = 1 and a point of order 8 all give the all-zero output.
  expect_refused(pair, buf::Bytes(32, 0), "u = 0");
  expect_refused(pair, hex("0100000000000000000000000000000000000000000000000000000000000000"),
                 "u = 1");
  expect_refused(pair, hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
                 "order-8 point");
  expect_refused(pair, buf::Bytes(31, 9), "31 bytes");
  expect_refused(pair, buf::Bytes(33, 9), "33 bytes");
}

TEST(DhTest, EveryGroupAgreesWithItself) {
  struct Expect {
    DhGroup group;
    std::uint16_t id;
    std::size_t public_size;
    std::size_t secret_size;
  };
  for (const Expect& e :
       {Expect{DhGroup::Modp1536, 5, 192, 192}, Expect{DhGroup::Modp2048, 14, 256, 256},
        Expect{DhGroup::Modp3072, 15, 384, 384}, Expect{DhGroup::Modp4096, 16, 512, 512},
        Expect{DhGroup::Modp6144, 17, 768, 768}, Expect{DhGroup::Modp8192, 18, 1024, 1024},
        Expect{DhGroup::Ecp256, 19, 64, 32}, Expect{DhGroup::Ecp384, 20, 96, 48},
        Expect{DhGroup::Ecp521, 21, 132, 66}, Expect{DhGroup::Curve25519, 31, 32, 32}}) {
    SCOPED_TRACE(e.id);
    Result<DhKeyPair> a = DhKeyPair::generate_for_transform_id(e.id);
    Result<DhKeyPair> b = DhKeyPair::generate(e.group);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(a->group(), e.group);
    EXPECT_EQ(a->transform_id(), e.id);
    EXPECT_EQ(a->public_value().size(), e.public_size);
    EXPECT_EQ(DhKeyPair::public_value_size(e.group).value_or(0), e.public_size);
    EXPECT_NE(hex_of(a->public_value()), hex_of(b->public_value()));
    Result<buf::SecretBytes> ab = a->shared_secret(b->public_value());
    Result<buf::SecretBytes> ba = b->shared_secret(a->public_value());
    ASSERT_TRUE(ab.has_value() && ba.has_value());
    EXPECT_EQ(ab->size(), e.secret_size);
    EXPECT_TRUE(buf::equal(*ab, *ba));
  }
}

TEST(DhTest, RefusesGroupsItDoesNotImplement) {
  EXPECT_FALSE(DhKeyPair::generate(DhGroup::Modp768).has_value());
  EXPECT_FALSE(DhKeyPair::generate(DhGroup::Modp1024).has_value());
  EXPECT_FALSE(DhKeyPair::generate(DhGroup::Curve448).has_value());
  EXPECT_FALSE(DhKeyPair::generate_for_transform_id(99).has_value());
  EXPECT_FALSE(DhKeyPair::from_private_value(DhGroup::Curve25519, buf::Bytes(31, 1)).has_value());
  EXPECT_FALSE(DhKeyPair::from_private_value(DhGroup::Ecp256, buf::Bytes(32, 0)).has_value());
}

}  // namespace
}  // namespace rc::crypto
