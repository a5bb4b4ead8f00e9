// ISAKMP / IPsec DOI tables. Citations above each table; "IANA IPsec" is the
// "Internet Key Exchange (IKE) Attributes" registry (phase-1 values) and
// "IANA ISAKMP" the "ISAKMP Identifiers" registry (IPsec DOI values).
#include "rct/isakmp.h"

#include <array>

namespace rc::rct::isakmp {
namespace {

constexpr std::string_view kTarget = "IKEv1/ISAKMP";

constexpr std::uint8_t exchange(ExchangeType type) {
  return static_cast<std::uint8_t>(type);
}

// RFC 2408 §3.1; `main` is Identity Protection.
constexpr auto kExchangeTypes = std::to_array<Row<ExchangeMode, std::uint8_t>>({
    {ExchangeMode::Base, exchange(ExchangeType::Base)},
    {ExchangeMode::Main, exchange(ExchangeType::IdentityProtection)},
    {ExchangeMode::Aggressive, exchange(ExchangeType::Aggressive)},
});

// RFC 2407 §4.4.1 "IPSEC Security Protocol Identifiers".
constexpr auto kProtocols = std::to_array<Row<SaType, std::uint8_t>>({
    {SaType::Ah, 2},
    {SaType::Esp, 3},
    {SaType::Ipcomp, 4},
});

// RFC 2407 §4.4.4, and IANA ISAKMP "IPSEC ESP Transform Identifiers" for
// AES-CBC (RFC 3602), AES-CTR (RFC 3686), CCM (RFC 4309), GCM (RFC 4106)
// and NULL_AUTH_AES_GMAC (RFC 4543; 23 here, 21 in IKEv2). Twofish 253 is
// KAME's private-use value. No IPsec DOI id for ChaCha20-Poly1305.
constexpr auto kEspTransforms = std::to_array<Row<EncAlg, std::uint8_t>>({
    {EncAlg::DesCbcIv64, 1},
    {EncAlg::DesCbc, 2},
    {EncAlg::Des3Cbc, 3},
    {EncAlg::Rc5Cbc, 4},
    {EncAlg::IdeaCbc, 5},
    {EncAlg::Cast128Cbc, 6},
    {EncAlg::BlowfishCbc, 7},
    {EncAlg::Idea3Cbc, 8},
    {EncAlg::DesCbcIv32, 9},
    {EncAlg::Rc4Cbc, 10},
    {EncAlg::NullEnc, 11},
    {EncAlg::RijndaelCbc, 12},  // first: the reverse leaves the key length open
    {EncAlg::Aes128Cbc, 12},
    {EncAlg::Aes192Cbc, 12},
    {EncAlg::Aes256Cbc, 12},
    {EncAlg::AesCtr, 13},
    {EncAlg::AesCcm8, 14},
    {EncAlg::AesCcm12, 15},
    {EncAlg::AesCcm16, 16},
    {EncAlg::AesGcm8, 18},
    {EncAlg::AesGcm12, 19},
    {EncAlg::AesGcm16, 20},
    {EncAlg::NullAesGmac, 23},
    {EncAlg::TwofishCbc, 253},
});

// RFC 2407 §4.4.3 (AH_MD5 2, AH_SHA 3, AH_DES 4), IANA ISAKMP for
// AH_SHA2-256/384/512 5-7, AH_RIPEMD 8, AH_AES-XCBC-MAC 9. KPDK-MD5 is the
// generic AH_MD5 transform with the KPDK attribute, after HMAC-MD5 so the
// reverse of 2 is HMAC-MD5.
constexpr auto kAhTransforms = std::to_array<Row<AuthAlg, std::uint8_t>>({
    {AuthAlg::HmacMd5, 2},
    {AuthAlg::HmacSha1, 3},
    {AuthAlg::DesMac, 4},
    {AuthAlg::HmacSha2_256, 5},
    {AuthAlg::HmacSha2_384, 6},
    {AuthAlg::HmacSha2_512, 7},
    {AuthAlg::HmacRipemd160, 8},
    {AuthAlg::AesXcbc, 9},
    {AuthAlg::KpdkMd5, 2},
});

// RFC 2407 §4.4.5 "IPSEC IPCOMP Transform Identifiers".
constexpr auto kIpcompTransforms = std::to_array<Row<CompAlg, std::uint8_t>>({
    {CompAlg::Oui, 1},
    {CompAlg::Deflate, 2},
    {CompAlg::Lzs, 3},
});

// RFC 2407 §4.5 "Authentication Algorithm" (1-4), IANA ISAKMP for
// HMAC-SHA2-256/384/512 5-7, HMAC-RIPEMD 8, AES-XCBC-MAC 9.
constexpr auto kAuthAlgorithms = std::to_array<Row<AuthAlg, std::uint16_t>>({
    {AuthAlg::HmacMd5, 1},
    {AuthAlg::HmacSha1, 2},
    {AuthAlg::DesMac, 3},
    {AuthAlg::KpdkMd5, 4},
    {AuthAlg::HmacSha2_256, 5},
    {AuthAlg::HmacSha2_384, 6},
    {AuthAlg::HmacSha2_512, 7},
    {AuthAlg::HmacRipemd160, 8},
    {AuthAlg::AesXcbc, 9},
});

// RFC 2407 §4.5 "Encapsulation Mode" (1, 2) and the IANA Considerations of
// RFC 3947 (UDP-Encapsulated-Tunnel 3, UDP-Encapsulated-Transport 4).
constexpr auto kEncapsulationModes = std::to_array<EncapsulationRow>({
    {IpsecMode::Tunnel, Encapsulation::Plain, 1},
    {IpsecMode::Transport, Encapsulation::Plain, 2},
    {IpsecMode::Tunnel, Encapsulation::Udp, 3},
    {IpsecMode::Transport, Encapsulation::Udp, 4},
});

// RFC 2409 Appendix A "Encryption Algorithm" (1-6) and IANA IPsec for
// AES-CBC 7 (RFC 3602).
constexpr auto kIkeEncryption = std::to_array<Row<EncAlg, std::uint16_t>>({
    {EncAlg::DesCbc, 1},
    {EncAlg::IdeaCbc, 2},
    {EncAlg::BlowfishCbc, 3},
    {EncAlg::Rc5Cbc, 4},
    {EncAlg::Des3Cbc, 5},
    {EncAlg::Cast128Cbc, 6},
    {EncAlg::RijndaelCbc, 7},  // first: the reverse leaves the key length open
    {EncAlg::Aes128Cbc, 7},
    {EncAlg::Aes192Cbc, 7},
    {EncAlg::Aes256Cbc, 7},
});

// RFC 2409 Appendix A "Hash Algorithm" (1-3) and IANA IPsec for SHA2-256,
// SHA2-384, SHA2-512 (4-6).
constexpr auto kIkeHash = std::to_array<Row<HashAlg, std::uint16_t>>({
    {HashAlg::Md5, 1},
    {HashAlg::Sha1, 2},
    {HashAlg::Tiger, 3},
    {HashAlg::Sha2_256, 4},
    {HashAlg::Sha2_384, 5},
    {HashAlg::Sha2_512, 6},
});

// RFC 2409 Appendix A "Authentication Method" (1-5), RFC 4754 (IANA
// Considerations) for the ECDSA methods (9-11). GSSAPI Kerberos is 65001
// from the private range, as racoon and Windows 2000 use it
// (draft-ietf-ipsec-isakmp-gss-auth); the XAUTH draft reuses 65001 for
// XAUTHInitPreShared, which racoon2 never sends.
constexpr auto kIkeAuthMethods = std::to_array<Row<AuthMethod, std::uint16_t>>({
    {AuthMethod::Psk, 1},
    {AuthMethod::Dss, 2},
    {AuthMethod::RsaSig, 3},
    {AuthMethod::RsaEnc, 4},
    {AuthMethod::RsaRev, 5},
    {AuthMethod::Ecdsa256, 9},
    {AuthMethod::Ecdsa384, 10},
    {AuthMethod::Ecdsa521, 11},
    {AuthMethod::GssapiKrb, 65001},
});

// RFC 2409 §6.1-6.4 (1-4), RFC 3526 (5, 14-18), RFC 5903 (19-21). The
// CFRG curves (RFC 8031) are IKEv2-only.
constexpr auto kIkeGroups = std::to_array<Row<DhGroup, std::uint16_t>>({
    {DhGroup::Modp768, 1},
    {DhGroup::Modp1024, 2},
    {DhGroup::Ec2n155, 3},
    {DhGroup::Ec2n185, 4},
    {DhGroup::Modp1536, 5},
    {DhGroup::Modp2048, 14},
    {DhGroup::Modp3072, 15},
    {DhGroup::Modp4096, 16},
    {DhGroup::Modp6144, 17},
    {DhGroup::Modp8192, 18},
    {DhGroup::Ecp256, 19},
    {DhGroup::Ecp384, 20},
    {DhGroup::Ecp521, 21},
});

// RFC 2407 §4.6.2.1 "IPSEC Identification Type Values".
constexpr auto kIdTypes = std::to_array<IdTypeRow>({
    {IdType::IpAddr, IpFamily::V4, 1},
    {IdType::Fqdn, IpFamily::V4, 2},
    {IdType::UserFqdn, IpFamily::V4, 3},
    {IdType::IpAddr, IpFamily::V6, 5},
    {IdType::X509Subject, IpFamily::V4, 9},
    {IdType::KeyId, IpFamily::V4, 11},
});

}  // namespace

Result<std::uint8_t> to_exchange_type(ExchangeMode mode) {
  return convert(kExchangeTypes, mode, kTarget);
}
std::optional<ExchangeMode> from_exchange_type(std::uint8_t type) {
  return find_neutral(kExchangeTypes, type);
}
Result<std::uint8_t> to_protocol(SaType type) {
  return convert(kProtocols, type, kTarget);
}
std::optional<SaType> from_protocol(std::uint8_t id) {
  return find_neutral(kProtocols, id);
}
Result<std::uint8_t> to_esp_transform(EncAlg alg) {
  return convert(kEspTransforms, alg, kTarget);
}
std::optional<EncAlg> from_esp_transform(std::uint8_t id) {
  return find_neutral(kEspTransforms, id);
}
Result<std::uint8_t> to_ah_transform(AuthAlg alg) {
  return convert(kAhTransforms, alg, kTarget);
}
std::optional<AuthAlg> from_ah_transform(std::uint8_t id) {
  return find_neutral(kAhTransforms, id);
}
Result<std::uint8_t> to_ipcomp_transform(CompAlg alg) {
  return convert(kIpcompTransforms, alg, kTarget);
}
std::optional<CompAlg> from_ipcomp_transform(std::uint8_t id) {
  return find_neutral(kIpcompTransforms, id);
}
Result<std::uint16_t> to_auth_algorithm(AuthAlg alg) {
  return convert(kAuthAlgorithms, alg, kTarget);
}
std::optional<AuthAlg> from_auth_algorithm(std::uint16_t value) {
  return find_neutral(kAuthAlgorithms, value);
}

Result<std::uint16_t> to_encapsulation_mode(IpsecMode mode, Encapsulation encapsulation) {
  for (const EncapsulationRow& row : kEncapsulationModes) {
    if (row.mode == mode && row.encapsulation == encapsulation) return row.value;
  }
  return fail(unsupported(mode, kTarget));
}
std::optional<EncapsulationRow> from_encapsulation_mode(std::uint16_t value) {
  for (const EncapsulationRow& row : kEncapsulationModes) {
    if (row.value == value) return row;
  }
  return std::nullopt;
}

Result<std::uint16_t> to_ike_encryption(EncAlg alg) {
  return convert(kIkeEncryption, alg, kTarget);
}
std::optional<EncAlg> from_ike_encryption(std::uint16_t value) {
  return find_neutral(kIkeEncryption, value);
}
Result<std::uint16_t> to_ike_hash(HashAlg alg) {
  return convert(kIkeHash, alg, kTarget);
}
std::optional<HashAlg> from_ike_hash(std::uint16_t value) {
  return find_neutral(kIkeHash, value);
}
Result<std::uint16_t> to_ike_auth_method(AuthMethod method) {
  return convert(kIkeAuthMethods, method, kTarget);
}
std::optional<AuthMethod> from_ike_auth_method(std::uint16_t value) {
  return find_neutral(kIkeAuthMethods, value);
}
Result<std::uint16_t> to_ike_group(DhGroup group) {
  return convert(kIkeGroups, group, kTarget);
}
std::optional<DhGroup> from_ike_group(std::uint16_t value) {
  return find_neutral(kIkeGroups, value);
}
Result<std::uint8_t> to_id_type(IdType type, IpFamily family) {
  return convert_id_type(kIdTypes, type, family, kTarget);
}
std::optional<IdType> from_id_type(std::uint8_t id) {
  return find_id_type(kIdTypes, id);
}

std::span<const Row<ExchangeMode, std::uint8_t>> exchange_type_rows() {
  return kExchangeTypes;
}
std::span<const Row<SaType, std::uint8_t>> protocol_rows() {
  return kProtocols;
}
std::span<const Row<EncAlg, std::uint8_t>> esp_transform_rows() {
  return kEspTransforms;
}
std::span<const Row<AuthAlg, std::uint8_t>> ah_transform_rows() {
  return kAhTransforms;
}
std::span<const Row<CompAlg, std::uint8_t>> ipcomp_transform_rows() {
  return kIpcompTransforms;
}
std::span<const Row<AuthAlg, std::uint16_t>> auth_algorithm_rows() {
  return kAuthAlgorithms;
}
std::span<const EncapsulationRow> encapsulation_mode_rows() {
  return kEncapsulationModes;
}
std::span<const Row<EncAlg, std::uint16_t>> ike_encryption_rows() {
  return kIkeEncryption;
}
std::span<const Row<HashAlg, std::uint16_t>> ike_hash_rows() {
  return kIkeHash;
}
std::span<const Row<AuthMethod, std::uint16_t>> ike_auth_method_rows() {
  return kIkeAuthMethods;
}
std::span<const Row<DhGroup, std::uint16_t>> ike_group_rows() {
  return kIkeGroups;
}
std::span<const IdTypeRow> id_type_rows() {
  return kIdTypes;
}

}  // namespace rc::rct::isakmp
