// Keyword and log-name tables of the algorithm enums. The keywords of the
// original are those of its lexer (lib/cftoken.l, reference §2.7); the AEAD,
// ECDSA, RFC 7427 and ECP/CFRG-curve words are our additions.
#include <array>

#include "rct/names.h"

namespace rc::rct {
namespace {

constexpr auto kEncNames = std::to_array<NameRow<EncAlg>>({
    {EncAlg::DesCbcIv64, "des_cbc_iv64", "DES-CBC-IV64"},
    {EncAlg::DesCbc, "des_cbc", "DES-CBC"},
    {EncAlg::Des3Cbc, "3des_cbc", "3DES-CBC"},
    {EncAlg::Rc5Cbc, "rc5_cbc", "RC5-CBC"},
    {EncAlg::IdeaCbc, "idea_cbc", "IDEA-CBC"},
    {EncAlg::Cast128Cbc, "cast128_cbc", "CAST-128-CBC"},
    {EncAlg::BlowfishCbc, "blowfish_cbc", "Blowfish-CBC"},
    {EncAlg::Idea3Cbc, "3idea_cbc", "3IDEA-CBC"},
    {EncAlg::DesCbcIv32, "des_cbc_iv32", "DES-CBC-IV32"},
    {EncAlg::Rc4Cbc, "rc4_cbc", "RC4-CBC"},
    {EncAlg::NullEnc, "null_enc", "NULL"},
    {EncAlg::RijndaelCbc, "rijndael_cbc", "AES-CBC"},
    {EncAlg::Aes128Cbc, "aes128_cbc", "AES-128-CBC"},
    {EncAlg::Aes192Cbc, "aes192_cbc", "AES-192-CBC"},
    {EncAlg::Aes256Cbc, "aes256_cbc", "AES-256-CBC"},
    {EncAlg::AesCtr, "aes_ctr", "AES-CTR"},
    {EncAlg::TwofishCbc, "twofish_cbc", "Twofish-CBC"},
    {EncAlg::AesGcm8, "aes_gcm_8", "AES-GCM-8"},
    {EncAlg::AesGcm12, "aes_gcm_12", "AES-GCM-12"},
    {EncAlg::AesGcm16, "aes_gcm_16", "AES-GCM-16"},
    {EncAlg::AesCcm8, "aes_ccm_8", "AES-CCM-8"},
    {EncAlg::AesCcm12, "aes_ccm_12", "AES-CCM-12"},
    {EncAlg::AesCcm16, "aes_ccm_16", "AES-CCM-16"},
    {EncAlg::Chacha20Poly1305, "chacha20_poly1305", "ChaCha20-Poly1305"},
    {EncAlg::NullAesGmac, "null_aes_gmac", "NULL-AES-GMAC"},
});

constexpr auto kAuthNames = std::to_array<NameRow<AuthAlg>>({
    {AuthAlg::NonAuth, "non_auth", "NON-AUTH"},
    {AuthAlg::HmacMd5, "hmac_md5", "HMAC-MD5"},
    {AuthAlg::HmacSha1, "hmac_sha1", "HMAC-SHA-1"},
    {AuthAlg::HmacSha2_256, "hmac_sha2_256", "HMAC-SHA2-256"},
    {AuthAlg::HmacSha2_384, "hmac_sha2_384", "HMAC-SHA2-384"},
    {AuthAlg::HmacSha2_512, "hmac_sha2_512", "HMAC-SHA2-512"},
    {AuthAlg::AesXcbc, "aes_xcbc", "AES-XCBC"},
    {AuthAlg::DesMac, "des_mac", "DES-MAC"},
    {AuthAlg::AesCmac, "aes_cmac", "AES-CMAC"},
    {AuthAlg::KpdkMd5, "kpdk_md5", "KPDK-MD5"},
    {AuthAlg::KpdkSha1, "", "KPDK-SHA-1"},
    {AuthAlg::HmacRipemd160, "", "HMAC-RIPEMD-160"},
});

constexpr auto kHashNames = std::to_array<NameRow<HashAlg>>({
    {HashAlg::Md5, "md5", "MD5"},
    {HashAlg::Sha1, "sha1", "SHA-1"},
    {HashAlg::Tiger, "tiger", "Tiger"},
    {HashAlg::Sha2_256, "sha2_256", "SHA2-256"},
    {HashAlg::Sha2_384, "sha2_384", "SHA2-384"},
    {HashAlg::Sha2_512, "sha2_512", "SHA2-512"},
});

constexpr auto kPrfNames = std::to_array<NameRow<Prf>>({
    {Prf::HmacMd5, "hmac_md5", "PRF-HMAC-MD5"},
    {Prf::HmacSha1, "hmac_sha1", "PRF-HMAC-SHA-1"},
    {Prf::AesXcbc, "aes_xcbc", "PRF-AES128-XCBC"},
    {Prf::HmacSha2_256, "hmac_sha2_256", "PRF-HMAC-SHA2-256"},
    {Prf::HmacSha2_384, "hmac_sha2_384", "PRF-HMAC-SHA2-384"},
    {Prf::HmacSha2_512, "hmac_sha2_512", "PRF-HMAC-SHA2-512"},
    {Prf::AesCmac, "aes_cmac", "PRF-AES128-CMAC"},
});

constexpr auto kCompNames = std::to_array<NameRow<CompAlg>>({
    {CompAlg::Oui, "oui", "OUI"},
    {CompAlg::Deflate, "deflate", "Deflate"},
    {CompAlg::Lzs, "lzs", "LZS"},
});

constexpr auto kAuthMethodNames = std::to_array<NameRow<AuthMethod>>({
    {AuthMethod::Psk, "psk", "PSK"},
    {AuthMethod::Dss, "dss", "DSS"},
    {AuthMethod::RsaSig, "rsasig", "RSA-SIG"},
    {AuthMethod::RsaEnc, "rsaenc", "RSA-ENC"},
    {AuthMethod::RsaRev, "rsarev", "RSA-REV"},
    {AuthMethod::GssapiKrb, "gssapi_krb", "GSSAPI-KRB"},
    {AuthMethod::Ecdsa256, "ecdsa_256", "ECDSA-256"},
    {AuthMethod::Ecdsa384, "ecdsa_384", "ECDSA-384"},
    {AuthMethod::Ecdsa521, "ecdsa_521", "ECDSA-521"},
    {AuthMethod::DigitalSignature, "digital_signature", "DIGITAL-SIGNATURE"},
});

constexpr auto kDhNames = std::to_array<NameRow<DhGroup>>({
    {DhGroup::Modp768, "modp768", "MODP-768"},
    {DhGroup::Modp1024, "modp1024", "MODP-1024"},
    {DhGroup::Modp1536, "modp1536", "MODP-1536"},
    {DhGroup::Ec2n155, "ec2n155", "EC2N-155"},
    {DhGroup::Ec2n185, "ec2n185", "EC2N-185"},
    {DhGroup::Modp2048, "modp2048", "MODP-2048"},
    {DhGroup::Modp3072, "modp3072", "MODP-3072"},
    {DhGroup::Modp4096, "modp4096", "MODP-4096"},
    {DhGroup::Modp6144, "modp6144", "MODP-6144"},
    {DhGroup::Modp8192, "modp8192", "MODP-8192"},
    {DhGroup::Ecp256, "ecp256", "ECP-256"},
    {DhGroup::Ecp384, "ecp384", "ECP-384"},
    {DhGroup::Ecp521, "ecp521", "ECP-521"},
    {DhGroup::Curve25519, "curve25519", "Curve25519"},
    {DhGroup::Curve448, "curve448", "Curve448"},
});

// Fills `found` from E's table unless an earlier table already matched.
template <class E>
void match_into(std::optional<AnyAlgorithm>& found, std::string_view word) {
  if (found) return;
  if (const std::optional<E> value = from_keyword<E>(word)) found = *value;
}

}  // namespace

std::span<const NameRow<EncAlg>> name_rows(EncAlg) {
  return kEncNames;
}
std::span<const NameRow<AuthAlg>> name_rows(AuthAlg) {
  return kAuthNames;
}
std::span<const NameRow<HashAlg>> name_rows(HashAlg) {
  return kHashNames;
}
std::span<const NameRow<Prf>> name_rows(Prf) {
  return kPrfNames;
}
std::span<const NameRow<CompAlg>> name_rows(CompAlg) {
  return kCompNames;
}
std::span<const NameRow<AuthMethod>> name_rows(AuthMethod) {
  return kAuthMethodNames;
}
std::span<const NameRow<DhGroup>> name_rows(DhGroup) {
  return kDhNames;
}

std::optional<AnyAlgorithm> algorithm_from_keyword(std::string_view word) {
  std::optional<AnyAlgorithm> found;
  match_into<EncAlg>(found, word);
  match_into<AuthAlg>(found, word);
  match_into<HashAlg>(found, word);
  match_into<CompAlg>(found, word);
  match_into<DhGroup>(found, word);
  match_into<AuthMethod>(found, word);
  return found;
}

}  // namespace rc::rct
