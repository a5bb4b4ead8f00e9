// IKEv2 tables, from RFC 7296 §3.3.2 (transform ids), §3.5 (ID types), §3.8
// (auth methods) and the IANA "IKEv2 Parameters" registry for the ids
// assigned after it (RFC 4106, 4309, 4543, 4494, 4868, 5903, 7427, 7634,
// 8031, RFC 4754).
#include "rct/ikev2.h"

#include <array>

namespace rc::rct::ikev2 {
namespace {

constexpr std::string_view kTarget = "IKEv2";

// IANA "Transform Type 1 - Encryption Algorithm Transform IDs". No id for
// RC4 (10 is reserved) or Twofish.
constexpr auto kEncr = std::to_array<EncrRow>({
    {EncAlg::DesCbcIv64, 1, false},  {EncAlg::DesCbc, 2, false},
    {EncAlg::Des3Cbc, 3, false},     {EncAlg::Rc5Cbc, 4, true},
    {EncAlg::IdeaCbc, 5, false},     {EncAlg::Cast128Cbc, 6, true},
    {EncAlg::BlowfishCbc, 7, true},  {EncAlg::Idea3Cbc, 8, false},
    {EncAlg::DesCbcIv32, 9, false},  {EncAlg::NullEnc, 11, false},
    {EncAlg::RijndaelCbc, 12, true},  // first: the reverse leaves the key length open
    {EncAlg::Aes128Cbc, 12, true},   {EncAlg::Aes192Cbc, 12, true},
    {EncAlg::Aes256Cbc, 12, true},   {EncAlg::AesCtr, 13, true},
    {EncAlg::AesCcm8, 14, true},     {EncAlg::AesCcm12, 15, true},
    {EncAlg::AesCcm16, 16, true},    {EncAlg::AesGcm8, 18, true},
    {EncAlg::AesGcm12, 19, true},    {EncAlg::AesGcm16, 20, true},
    {EncAlg::NullAesGmac, 21, true}, {EncAlg::Chacha20Poly1305, 28, false},
});

// IANA "Transform Type 2 - Pseudorandom Function Transform IDs".
constexpr auto kPrf = std::to_array<Row<Prf, std::uint16_t>>({
    {Prf::HmacMd5, 1},
    {Prf::HmacSha1, 2},
    {Prf::AesXcbc, 4},
    {Prf::HmacSha2_256, 5},
    {Prf::HmacSha2_384, 6},
    {Prf::HmacSha2_512, 7},
    {Prf::AesCmac, 8},
});

// IANA "Transform Type 3 - Integrity Algorithm Transform IDs". non_auth is
// NONE (0), used with AEAD ciphers.
constexpr auto kInteg = std::to_array<Row<AuthAlg, std::uint16_t>>({
    {AuthAlg::NonAuth, 0},
    {AuthAlg::HmacMd5, 1},
    {AuthAlg::HmacSha1, 2},
    {AuthAlg::DesMac, 3},
    {AuthAlg::KpdkMd5, 4},
    {AuthAlg::AesXcbc, 5},
    {AuthAlg::AesCmac, 8},
    {AuthAlg::HmacSha2_256, 12},
    {AuthAlg::HmacSha2_384, 13},
    {AuthAlg::HmacSha2_512, 14},
});

// IANA "Transform Type 4 - Key Exchange Method Transform IDs" (formerly
// Diffie-Hellman Group). The EC2N groups 3 and 4 are IKEv1-only (reserved here).
constexpr auto kDh = std::to_array<Row<DhGroup, std::uint16_t>>({
    {DhGroup::Modp768, 1},
    {DhGroup::Modp1024, 2},
    {DhGroup::Modp1536, 5},
    {DhGroup::Modp2048, 14},
    {DhGroup::Modp3072, 15},
    {DhGroup::Modp4096, 16},
    {DhGroup::Modp6144, 17},
    {DhGroup::Modp8192, 18},
    {DhGroup::Ecp256, 19},
    {DhGroup::Ecp384, 20},
    {DhGroup::Ecp521, 21},
    {DhGroup::Curve25519, 31},
    {DhGroup::Curve448, 32},
});

// IANA "Transform Type 5 - Extended Sequence Numbers Transform IDs".
constexpr auto kEsn = std::to_array<Row<Bool, std::uint16_t>>({
    {Bool::Off, 0},
    {Bool::On, 1},
});

// IANA "IKEv2 Authentication Method". No IKEv2 form of rsaenc, rsarev or
// gssapi_krb.
constexpr auto kAuthMethods = std::to_array<Row<AuthMethod, std::uint8_t>>({
    {AuthMethod::RsaSig, 1},
    {AuthMethod::Psk, 2},
    {AuthMethod::Dss, 3},
    {AuthMethod::Ecdsa256, 9},
    {AuthMethod::Ecdsa384, 10},
    {AuthMethod::Ecdsa521, 11},
    {AuthMethod::DigitalSignature, 14},
});

// IANA "IKEv2 Identification Payload ID Types" (RFC 7296 §3.5).
constexpr auto kIdTypes = std::to_array<IdTypeRow>({
    {IdType::IpAddr, IpFamily::V4, 1},
    {IdType::Fqdn, IpFamily::V4, 2},
    {IdType::UserFqdn, IpFamily::V4, 3},
    {IdType::IpAddr, IpFamily::V6, 5},
    {IdType::X509Subject, IpFamily::V4, 9},
    {IdType::KeyId, IpFamily::V4, 11},
});

// IANA "IKEv2 Security Protocol Identifiers" (RFC 7296 §3.3.1).
constexpr auto kProtocols = std::to_array<Row<SaType, std::uint8_t>>({
    {SaType::Ah, 2},
    {SaType::Esp, 3},
});

// IANA "IPCOMP Transform IDs" used by IPCOMP_SUPPORTED (RFC 7296 §3.10.1),
// the same numbers as RFC 2407 §4.4.5.
constexpr auto kIpcomp = std::to_array<Row<CompAlg, std::uint8_t>>({
    {CompAlg::Oui, 1},
    {CompAlg::Deflate, 2},
    {CompAlg::Lzs, 3},
});

}  // namespace

Result<EncrRow> to_encr(EncAlg alg) {
  for (const EncrRow& row : kEncr) {
    if (row.alg == alg) return row;
  }
  return fail(unsupported(alg, kTarget));
}
std::optional<EncAlg> from_encr(std::uint16_t id) {
  for (const EncrRow& row : kEncr) {
    if (row.id == id) return row.alg;
  }
  return std::nullopt;
}
Result<std::uint16_t> to_prf(Prf prf) {
  return convert(kPrf, prf, kTarget);
}
std::optional<Prf> from_prf(std::uint16_t id) {
  return find_neutral(kPrf, id);
}
Result<std::uint16_t> to_integ(AuthAlg alg) {
  return convert(kInteg, alg, kTarget);
}
std::optional<AuthAlg> from_integ(std::uint16_t id) {
  return find_neutral(kInteg, id);
}
Result<std::uint16_t> to_dh(DhGroup group) {
  return convert(kDh, group, kTarget);
}
std::optional<DhGroup> from_dh(std::uint16_t id) {
  return find_neutral(kDh, id);
}
Result<std::uint16_t> to_esn(Bool esn) {
  return convert(kEsn, esn, kTarget);
}
std::optional<Bool> from_esn(std::uint16_t id) {
  return find_neutral(kEsn, id);
}
Result<std::uint8_t> to_auth_method(AuthMethod method) {
  return convert(kAuthMethods, method, kTarget);
}
std::optional<AuthMethod> from_auth_method(std::uint8_t id) {
  return find_neutral(kAuthMethods, id);
}
Result<std::uint8_t> to_id_type(IdType type, IpFamily family) {
  return convert_id_type(kIdTypes, type, family, kTarget);
}
std::optional<IdType> from_id_type(std::uint8_t id) {
  return find_id_type(kIdTypes, id);
}
Result<std::uint8_t> to_protocol(SaType type) {
  return convert(kProtocols, type, kTarget);
}
std::optional<SaType> from_protocol(std::uint8_t id) {
  return find_neutral(kProtocols, id);
}
Result<std::uint8_t> to_ipcomp(CompAlg alg) {
  return convert(kIpcomp, alg, kTarget);
}
std::optional<CompAlg> from_ipcomp(std::uint8_t id) {
  return find_neutral(kIpcomp, id);
}

std::span<const EncrRow> encr_rows() {
  return kEncr;
}
std::span<const Row<Prf, std::uint16_t>> prf_rows() {
  return kPrf;
}
std::span<const Row<AuthAlg, std::uint16_t>> integ_rows() {
  return kInteg;
}
std::span<const Row<DhGroup, std::uint16_t>> dh_rows() {
  return kDh;
}
std::span<const Row<Bool, std::uint16_t>> esn_rows() {
  return kEsn;
}
std::span<const Row<AuthMethod, std::uint8_t>> auth_method_rows() {
  return kAuthMethods;
}
std::span<const IdTypeRow> id_type_rows() {
  return kIdTypes;
}
std::span<const Row<SaType, std::uint8_t>> protocol_rows() {
  return kProtocols;
}
std::span<const Row<CompAlg, std::uint8_t>> ipcomp_rows() {
  return kIpcomp;
}

}  // namespace rc::rct::ikev2
