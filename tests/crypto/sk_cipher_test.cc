// The SK payload: open() against published cipher vectors laid out as SK
// bodies (GCM spec test cases 4 and 16, RFC 8439 §2.8.2 for
// ChaCha20-Poly1305, RFC 3602 cases 2 and 3 for AES-CBC with an ICV
// computed here with one-shot HMAC()), seal() checked by decrypting with
// EVP calls written in the test, round trips for every cipher, and tamper
// tests over every byte.
#include "crypto/sk_cipher.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>

#include "reference_kdf.h"
#include "test_bytes.h"

namespace rc::crypto {
namespace {

using testing::concat;
using testing::hex;
using testing::hex_of;
using testing::reference_hmac;
using testing::repeat;
using testing::slice;
using testing::text;

template <class T>
T must(Result<T> result) {
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return std::move(result).value();
}

SkCipher aead(std::uint16_t id, unsigned bits, const buf::Bytes& keymat) {
  return must(
      SkCipher::create(must(encr_spec_for_transform_id(id, bits)), buf::SecretBytes(keymat)));
}

SkCipher cbc(unsigned bits, const buf::Bytes& key, std::uint16_t integ_id,
             const buf::Bytes& integ_key) {
  return must(SkCipher::create(must(encr_spec_for_transform_id(12, bits)), buf::SecretBytes(key),
                               must(Integrity::for_transform_id(integ_id)),
                               buf::SecretBytes(integ_key)));
}

// A stand-in for the IKE header and SK generic header.
const buf::Bytes kAssociated =
    hex("5f4e3d2c1b0a0918 0102030405060708 2e202508 00000001 000000cc 29000040");

TEST(SkCipherTest, OpensGcmSpecTestCase16AsAnSkBody) {
  // McGrew-Viega test case 16: AES-256, IV cafebabe facedbaddecaf888. In IKE
  // terms the first four IV bytes are the salt at the end of SK_e and the
  // other eight travel as the payload's IV (RFC 5282 §3-4).
  const buf::Bytes keymat =
      hex("feffe9928665731c6d6a8f9467308308 feffe9928665731c6d6a8f9467308308 cafebabe");
  const buf::Bytes aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const buf::Bytes plaintext =
      hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  const buf::Bytes body =
      hex("facedbaddecaf888"
          "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
          "76fc6ece0f4e1768cddf8853bb2d551b");
  const SkCipher cipher = aead(20, 256, keymat);
  Result<buf::Bytes, SkOpenError> opened = cipher.open(aad, body);
  ASSERT_TRUE(opened.has_value()) << describe(opened.error());
  // The last plaintext byte (0x39 = 57) reads as the pad length.
  EXPECT_EQ(hex_of(*opened), hex_of(slice(plaintext, 0, 60 - 1 - 57)));
}

TEST(SkCipherTest, OpensGcmSpecTestCase4WithAes128) {
  const buf::Bytes keymat = hex("feffe9928665731c6d6a8f9467308308 cafebabe");
  const buf::Bytes aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const buf::Bytes body =
      hex("facedbaddecaf888"
          "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
          "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
          "5bc94fbc3221a5db94fae95ae7121a47");
  Result<buf::Bytes, SkOpenError> opened = aead(20, 128, keymat).open(aad, body);
  ASSERT_TRUE(opened.has_value()) << describe(opened.error());
  EXPECT_EQ(hex_of(*opened), "d931");
}

TEST(SkCipherTest, OpensRfc8439AeadVectorAsAnSkBody) {
  // RFC 8439 §2.8.2's nonce is 07000000 | 4041424344454647: salt and IV in
  // RFC 7634's layout.
  const buf::Bytes keymat = concat(
      {hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"), hex("07000000")});
  const buf::Bytes aad = hex("50515253c0c1c2c3c4c5c6c7");
  const buf::Bytes body =
      hex("4041424344454647"
          "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
          "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
          "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
          "3ff4def08e4b7a9de576d26586cec64b6116"
          "1ae10b594f09e26a7e902ecbd0600691");
  const std::string sunscreen =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
      "future, sunscreen would be it.";
  Result<buf::Bytes, SkOpenError> opened = aead(28, 0, keymat).open(aad, body);
  ASSERT_TRUE(opened.has_value()) << describe(opened.error());
  // The final '.' (46) is the pad length.
  EXPECT_EQ(hex_of(*opened), hex_of(text(sunscreen.substr(0, sunscreen.size() - 1 - 46))));
}

TEST(SkCipherTest, OpensRfc3602CbcVectorsWithAnHmacIcv) {
  struct Case {
    const char* key;
    const char* iv;
    const char* ciphertext;
    const char* payloads;
  };
  // Case #3's plaintext ends in ')' (pad length 41); case #2's in 0x1f (31):
  // an empty payload chain, as in an empty INFORMATIONAL.
  for (const Case& c :
       {Case{"6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
             "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
             "021c19216bad525c8579695d83ba2684",
             "546869732069"},  // "This i"
        Case{"c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
             "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1", ""}}) {
    const buf::Bytes integ_key = repeat(0x0b, 32);
    const buf::Bytes covered = concat({hex(c.iv), hex(c.ciphertext)});
    const buf::Bytes icv =
        slice(reference_hmac(EVP_sha256(), integ_key, concat({kAssociated, covered})), 0, 16);
    const SkCipher cipher = cbc(128, hex(c.key), 12, integ_key);
    Result<buf::Bytes, SkOpenError> opened = cipher.open(kAssociated, concat({covered, icv}));
    ASSERT_TRUE(opened.has_value()) << describe(opened.error());
    EXPECT_EQ(hex_of(*opened), c.payloads);
  }
}

// Decrypts an AEAD SK body with EVP calls made here, not lib/crypto's.
std::optional<buf::Bytes> reference_aead_open(const char* cipher_name, const buf::Bytes& keymat,
                                              std::size_t icv_size, const buf::Bytes& aad,
                                              const buf::Bytes& body) {
  const buf::Bytes key = slice(keymat, 0, keymat.size() - 4);
  const buf::Bytes nonce = concat({slice(keymat, keymat.size() - 4, 4), slice(body, 0, 8)});
  const buf::Bytes ciphertext = slice(body, 8, body.size() - 8 - icv_size);
  buf::Bytes tag = slice(body, body.size() - icv_size, icv_size);
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, cipher_name, nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  buf::Bytes out(ciphertext.size());
  int n = 0;
  int m = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx, cipher, nullptr, key.data(), nonce.data()) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(icv_size), tag.data()) ==
          1 &&
      EVP_DecryptUpdate(ctx, nullptr, &n, aad.data(), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx, out.data(), &n, ciphertext.data(),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_DecryptFinal_ex(ctx, out.data() + n, &m) == 1;
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
  if (!ok) return std::nullopt;
  return out;
}

TEST(SkCipherTest, SealedAeadBodiesDecryptIndependently) {
  struct Case {
    std::uint16_t id;
    unsigned bits;
    const char* evp;
    std::size_t icv;
  };
  for (const Case& c : {Case{20, 128, "AES-128-GCM", 16}, Case{20, 256, "AES-256-GCM", 16},
                        Case{19, 256, "AES-256-GCM", 12}, Case{18, 128, "AES-128-GCM", 8},
                        Case{28, 0, "ChaCha20-Poly1305", 16}}) {
    SCOPED_TRACE(c.evp);
    const EncrSpec spec = must(encr_spec_for_transform_id(c.id, c.bits));
    const buf::Bytes keymat = repeat(0x5a, spec.keymat_size());
    SkCipher cipher = aead(c.id, c.bits, keymat);
    const buf::Bytes payloads = text("an IDi, an AUTH and an SA payload");
    const buf::Bytes body = must(cipher.seal(kAssociated, payloads));
    ASSERT_EQ(body.size(), cipher.sealed_size(payloads.size()));
    ASSERT_EQ(body.size(), 8 + payloads.size() + 1 + c.icv);
    // The IV is a message counter starting at 1.
    EXPECT_EQ(hex_of(slice(body, 0, 8)), "0000000000000001");
    std::optional<buf::Bytes> plain = reference_aead_open(c.evp, keymat, c.icv, kAssociated, body);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(hex_of(*plain), hex_of(concat({payloads, hex("00")})));  // no padding, pad length 0
    const buf::Bytes second = must(cipher.seal(kAssociated, payloads));
    EXPECT_EQ(hex_of(slice(second, 0, 8)), "0000000000000002");
  }
}

TEST(SkCipherTest, SealedCbcBodiesVerifyAndDecryptIndependently) {
  const buf::Bytes key = repeat(0x21, 32);
  const buf::Bytes integ_key = repeat(0x42, 48);
  SkCipher cipher = cbc(256, key, 13, integ_key);  // AUTH_HMAC_SHA2_384_192
  const buf::Bytes payloads = text("seventeen bytes!!");
  const buf::Bytes body = must(cipher.seal(kAssociated, payloads));
  ASSERT_EQ(body.size(), cipher.sealed_size(payloads.size()));
  ASSERT_EQ(body.size(), 16 + 32 + 24);  // IV, 17+1 padded to 32, ICV
  const buf::Bytes covered = slice(body, 0, body.size() - 24);
  EXPECT_EQ(hex_of(slice(body, body.size() - 24, 24)),
            hex_of(slice(reference_hmac(EVP_sha384(), integ_key, concat({kAssociated, covered})), 0,
                         24)));
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  buf::Bytes plain(32);
  int n = 0;
  int m = 0;
  ASSERT_EQ(EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key.data(), body.data()), 1);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  ASSERT_EQ(EVP_DecryptUpdate(ctx, plain.data(), &n, body.data() + 16, 32), 1);
  ASSERT_EQ(EVP_DecryptFinal_ex(ctx, plain.data() + n, &m), 1);
  EVP_CIPHER_CTX_free(ctx);
  EXPECT_EQ(hex_of(slice(plain, 0, 17)), hex_of(payloads));
  EXPECT_EQ(plain.back(), 14);  // 17 + 14 + 1 = 32
  // A fresh random IV each time.
  const buf::Bytes again = must(cipher.seal(kAssociated, payloads));
  EXPECT_NE(hex_of(slice(again, 0, 16)), hex_of(slice(body, 0, 16)));
}

struct Suite {
  const char* name;
  std::uint16_t encr;
  unsigned bits;
  std::optional<std::uint16_t> integ;
};

const Suite kSuites[] = {
    {"aes128-cbc/sha1", 12, 128, 2},    {"aes192-cbc/sha256", 12, 192, 12},
    {"aes256-cbc/sha384", 12, 256, 13}, {"aes256-cbc/sha512", 12, 256, 14},
    {"aes128-cbc/cmac", 12, 128, 8},    {"3des-cbc/sha256", 3, 0, 12},
    {"aes128-gcm16", 20, 128, {}},      {"aes192-gcm16", 20, 192, {}},
    {"aes256-gcm16", 20, 256, {}},      {"aes256-gcm12", 19, 256, {}},
    {"aes128-gcm8", 18, 128, {}},       {"chacha20-poly1305", 28, 0, {}},
};

// A sender and a receiver with the same keys, as the two peers hold them.
std::pair<SkCipher, SkCipher> pair_for(const Suite& s, std::uint8_t key_byte = 0x37) {
  const EncrSpec spec = must(encr_spec_for_transform_id(s.encr, s.bits));
  const buf::Bytes keymat = repeat(key_byte, spec.keymat_size());
  auto make = [&] {
    if (!s.integ) return must(SkCipher::create(spec, buf::SecretBytes(keymat)));
    const Integrity integ = must(Integrity::for_transform_id(*s.integ));
    return must(SkCipher::create(
        spec, buf::SecretBytes(keymat), integ,
        buf::SecretBytes(repeat(static_cast<std::uint8_t>(key_byte ^ 0x44), integ.key_size()))));
  };
  return {make(), make()};
}

TEST(SkCipherTest, RoundTripsEveryCipherAndLength) {
  for (const Suite& s : kSuites) {
    SCOPED_TRACE(s.name);
    auto [sender, receiver] = pair_for(s);
    const EncrSpec& spec = sender.encr();
    const std::size_t icv =
        s.integ ? must(Integrity::for_transform_id(*s.integ)).icv_size() : spec.icv_size;
    for (std::size_t length :
         std::initializer_list<std::size_t>{0, 1, 7, 15, 16, 17, 31, 100, 1000}) {
      buf::Bytes payloads(length);
      for (std::size_t i = 0; i < length; ++i) payloads[i] = static_cast<std::uint8_t>(i * 7);
      const buf::Bytes body = must(sender.seal(kAssociated, payloads));
      EXPECT_EQ(body.size(), sender.sealed_size(length));
      // IV | payloads, pad length (padded to the block) | ICV
      const std::size_t padded =
          (length + 1 + spec.block_size - 1) / spec.block_size * spec.block_size;
      EXPECT_EQ(body.size(), spec.iv_size + padded + icv) << "length " << length;
      Result<buf::Bytes, SkOpenError> opened = receiver.open(kAssociated, body);
      ASSERT_TRUE(opened.has_value()) << describe(opened.error());
      EXPECT_EQ(hex_of(*opened), hex_of(payloads)) << "length " << length;
    }
  }
}

TEST(SkCipherTest, AnyFlippedByteIsRefusedWithoutPlaintext) {
  for (const Suite& s : kSuites) {
    SCOPED_TRACE(s.name);
    auto [sender, receiver] = pair_for(s);
    const buf::Bytes payloads = text("payloads to protect");
    const buf::Bytes body = must(sender.seal(kAssociated, payloads));
    ASSERT_TRUE(receiver.open(kAssociated, body).has_value());
    // Every byte of IV, ciphertext and ICV.
    for (std::size_t i = 0; i < body.size(); ++i) {
      buf::Bytes bad = body;
      bad[i] ^= 0x01;
      Result<buf::Bytes, SkOpenError> opened = receiver.open(kAssociated, bad);
      ASSERT_FALSE(opened.has_value()) << "body byte " << i;
      EXPECT_EQ(opened.error(), SkOpenError::BadIcv) << "body byte " << i;
    }
    // Every byte of the associated data (IKE header, SK header).
    for (std::size_t i = 0; i < kAssociated.size(); ++i) {
      buf::Bytes bad = kAssociated;
      bad[i] ^= 0x80;
      Result<buf::Bytes, SkOpenError> opened = receiver.open(bad, body);
      ASSERT_FALSE(opened.has_value()) << "AAD byte " << i;
      EXPECT_EQ(opened.error(), SkOpenError::BadIcv);
    }
    // Other keys (both SK_e and SK_a differ).
    auto [other_sender, other_receiver] = pair_for(s, 0x38);
    EXPECT_FALSE(other_receiver.open(kAssociated, body).has_value());
    // Cut short or extended.
    EXPECT_FALSE(receiver.open(kAssociated, slice(body, 0, body.size() - 1)).has_value());
    EXPECT_FALSE(receiver.open(kAssociated, concat({body, hex("00")})).has_value());
    EXPECT_EQ(receiver.open(kAssociated, slice(body, 0, 4)).error(), SkOpenError::Truncated);
    EXPECT_EQ(receiver.open(kAssociated, {}).error(), SkOpenError::Truncated);
  }
}

TEST(SkCipherTest, RefusesAnAuthenticPadLengthPastThePlaintext) {
  // AEAD: encrypt "xyz" | pad length 200 with the test's own EVP calls.
  const buf::Bytes keymat = repeat(0x11, 20);
  const buf::Bytes iv = hex("0000000000000009");
  const buf::Bytes nonce = concat({slice(keymat, 16, 4), iv});
  const buf::Bytes plain = hex("78797ac8");
  buf::Bytes ciphertext(plain.size());
  buf::Bytes tag(16);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int n = 0;
  ASSERT_EQ(EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, keymat.data(), nonce.data()), 1);
  ASSERT_EQ(
      EVP_EncryptUpdate(ctx, nullptr, &n, kAssociated.data(), static_cast<int>(kAssociated.size())),
      1);
  ASSERT_EQ(EVP_EncryptUpdate(ctx, ciphertext.data(), &n, plain.data(), 4), 1);
  ASSERT_EQ(EVP_EncryptFinal_ex(ctx, ciphertext.data() + n, &n), 1);
  ASSERT_EQ(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag.data()), 1);
  EVP_CIPHER_CTX_free(ctx);
  Result<buf::Bytes, SkOpenError> opened =
      aead(20, 128, keymat).open(kAssociated, concat({iv, ciphertext, tag}));
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error(), SkOpenError::BadPadding);

  // CBC: RFC 3602 case #1's plaintext "Single block msg" ends in 'g' (103),
  // more than the 15 bytes before it; the ICV is valid.
  const buf::Bytes integ_key = repeat(0x0b, 20);
  const buf::Bytes covered =
      hex("3dafba429d9eb430b422da802c9fac41 e353779c1079aeb82708942dbe77181a");
  const buf::Bytes icv =
      slice(reference_hmac(EVP_sha1(), integ_key, concat({kAssociated, covered})), 0, 12);
  Result<buf::Bytes, SkOpenError> cbc_opened =
      cbc(128, hex("06a9214036b8a15b512e03d534120006"), 2, integ_key)
          .open(kAssociated, concat({covered, icv}));
  ASSERT_FALSE(cbc_opened.has_value());
  EXPECT_EQ(cbc_opened.error(), SkOpenError::BadPadding);
}

TEST(SkCipherTest, CbcBodyMustBeBlockAligned) {
  auto [sender, receiver] = pair_for(kSuites[0]);
  const buf::Bytes body = must(sender.seal(kAssociated, text("x")));
  // Drop one ciphertext byte: misaligned, refused before any MAC work.
  buf::Bytes bad = concat({slice(body, 0, 16), slice(body, 17, body.size() - 17)});
  EXPECT_EQ(receiver.open(kAssociated, bad).error(), SkOpenError::Truncated);
}

TEST(SkCipherTest, CreateChecksKeysAndPairing) {
  const EncrSpec gcm = must(encr_spec_for_transform_id(20, 128));
  const EncrSpec aes = must(encr_spec_for_transform_id(12, 128));
  const Integrity sha = must(Integrity::for_transform_id(12));
  EXPECT_FALSE(SkCipher::create(gcm, buf::SecretBytes(repeat(1, 16))).has_value());  // no salt
  EXPECT_FALSE(
      SkCipher::create(gcm, buf::SecretBytes(repeat(1, 20)), sha, buf::SecretBytes(repeat(1, 32)))
          .has_value());                                                             // AEAD + INTEG
  EXPECT_FALSE(SkCipher::create(aes, buf::SecretBytes(repeat(1, 16))).has_value());  // no INTEG
  EXPECT_FALSE(
      SkCipher::create(aes, buf::SecretBytes(repeat(1, 16)), sha, buf::SecretBytes(repeat(1, 20)))
          .has_value());                                           // short SK_a
  const EncrSpec ctr = must(encr_spec_for_transform_id(13, 128));  // ESP only
  EXPECT_FALSE(SkCipher::create(ctr, buf::SecretBytes(repeat(1, 20))).has_value());
}

TEST(SkCipherTest, EncrSpecSizes) {
  EXPECT_FALSE(encr_spec_for_transform_id(12, 0).has_value());  // AES needs a key length
  EXPECT_FALSE(encr_spec_for_transform_id(12, 512).has_value());
  EXPECT_FALSE(encr_spec_for_transform_id(28, 256).has_value());  // RFC 7634: no attribute
  EXPECT_FALSE(encr_spec(rct::EncAlg::Aes128Cbc, 256).has_value());
  EXPECT_EQ(must(encr_spec(rct::EncAlg::Aes256Cbc, 0)).key_size, 32u);
  EXPECT_EQ(must(encr_spec_for_transform_id(11, 0)).keymat_size(), 0u);     // ESP NULL
  EXPECT_EQ(must(encr_spec_for_transform_id(13, 256)).keymat_size(), 36u);  // AES-CTR
  EXPECT_EQ(must(encr_spec_for_transform_id(16, 128)).keymat_size(), 19u);  // AES-CCM-16
  EXPECT_EQ(must(encr_spec_for_transform_id(3, 0)).keymat_size(), 24u);     // 3DES
}

}  // namespace
}  // namespace rc::crypto
