// PF_KEYv2 tables. Numbers are written out (not taken from the macros) so the
// static_asserts below check them against the kernel's <linux/pfkeyv2.h> and
// <linux/ipsec.h>; the KAME-only ones cite the KAME/NetBSD <net/pfkeyv2.h>.
#include "rct/pfkey.h"

#include <linux/ipsec.h>
#include <linux/pfkeyv2.h>

#include "rct/constants.h"

namespace rc::rct::pfkey {
namespace {

constexpr std::string_view kTarget = "PF_KEY";

// RFC 2367 SADB_SATYPE_* plus KAME's SADB_X_SATYPE_IPCOMP.
constexpr auto kSaTypes = std::to_array<Row<SaType, std::uint8_t>>({
    {SaType::Ah, 2},
    {SaType::Esp, 3},
    {SaType::Ipcomp, 9},
});
static_assert(find_number(kSaTypes, SaType::Ah) == SADB_SATYPE_AH);
static_assert(find_number(kSaTypes, SaType::Esp) == SADB_SATYPE_ESP);
static_assert(find_number(kSaTypes, SaType::Ipcomp) == SADB_X_SATYPE_IPCOMP);

// RFC 2367 SADB_EALG_* and the SADB_X_EALG_* extensions, which follow the
// IPsec DOI ESP transform ids (RFC 2407 §4.4.4 and the IANA Considerations
// of RFC 3686, 4106, 4309, 4543). Twofish 253 is KAME's private-use value.
// ChaCha20-Poly1305 has no SADB id (Linux offers it over XFRM only).
constexpr auto kEncryption = std::to_array<Row<EncAlg, std::uint8_t>>({
    {EncAlg::DesCbc, 2},
    {EncAlg::Des3Cbc, 3},
    {EncAlg::Cast128Cbc, 6},
    {EncAlg::BlowfishCbc, 7},
    {EncAlg::NullEnc, 11},
    {EncAlg::RijndaelCbc, 12},  // first of the AES-CBC rows: the reverse leaves the key length open
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
static_assert(find_number(kEncryption, EncAlg::DesCbc) == SADB_EALG_DESCBC);
static_assert(find_number(kEncryption, EncAlg::Des3Cbc) == SADB_EALG_3DESCBC);
static_assert(find_number(kEncryption, EncAlg::Cast128Cbc) == SADB_X_EALG_CASTCBC);
static_assert(find_number(kEncryption, EncAlg::BlowfishCbc) == SADB_X_EALG_BLOWFISHCBC);
static_assert(find_number(kEncryption, EncAlg::NullEnc) == SADB_EALG_NULL);
static_assert(find_number(kEncryption, EncAlg::RijndaelCbc) == SADB_X_EALG_AESCBC);
static_assert(find_number(kEncryption, EncAlg::Aes128Cbc) == SADB_X_EALG_AESCBC);
static_assert(find_number(kEncryption, EncAlg::Aes192Cbc) == SADB_X_EALG_AESCBC);
static_assert(find_number(kEncryption, EncAlg::Aes256Cbc) == SADB_X_EALG_AESCBC);
static_assert(find_number(kEncryption, EncAlg::AesCtr) == SADB_X_EALG_AESCTR);
static_assert(find_number(kEncryption, EncAlg::AesCcm8) == SADB_X_EALG_AES_CCM_ICV8);
static_assert(find_number(kEncryption, EncAlg::AesCcm12) == SADB_X_EALG_AES_CCM_ICV12);
static_assert(find_number(kEncryption, EncAlg::AesCcm16) == SADB_X_EALG_AES_CCM_ICV16);
static_assert(find_number(kEncryption, EncAlg::AesGcm8) == SADB_X_EALG_AES_GCM_ICV8);
static_assert(find_number(kEncryption, EncAlg::AesGcm12) == SADB_X_EALG_AES_GCM_ICV12);
static_assert(find_number(kEncryption, EncAlg::AesGcm16) == SADB_X_EALG_AES_GCM_ICV16);
static_assert(find_number(kEncryption, EncAlg::NullAesGmac) == SADB_X_EALG_NULL_AES_GMAC);
static_assert(find_number(kEncryption, EncAlg::TwofishCbc) == SADB_X_EALG_TWOFISHCBC);

// RFC 2367 SADB_AALG_* and the SADB_X_AALG_* extensions. KPDK
// (keyed MD5/SHA, RFC 1828) are KAME's SADB_X_AALG_MD5 249 and
// SADB_X_AALG_SHA 250, which Linux does not define. non_auth is KAME's
// SADB_X_AALG_NULL, Linux's "digest_null".
constexpr auto kAuthentication = std::to_array<Row<AuthAlg, std::uint8_t>>({
    {AuthAlg::HmacMd5, 2},
    {AuthAlg::HmacSha1, 3},
    {AuthAlg::HmacSha2_256, 5},
    {AuthAlg::HmacSha2_384, 6},
    {AuthAlg::HmacSha2_512, 7},
    {AuthAlg::HmacRipemd160, 8},
    {AuthAlg::AesXcbc, 9},
    {AuthAlg::KpdkMd5, 249},
    {AuthAlg::KpdkSha1, 250},
    {AuthAlg::NonAuth, 251},
});
static_assert(find_number(kAuthentication, AuthAlg::HmacMd5) == SADB_AALG_MD5HMAC);
static_assert(find_number(kAuthentication, AuthAlg::HmacSha1) == SADB_AALG_SHA1HMAC);
static_assert(find_number(kAuthentication, AuthAlg::HmacSha2_256) == SADB_X_AALG_SHA2_256HMAC);
static_assert(find_number(kAuthentication, AuthAlg::HmacSha2_384) == SADB_X_AALG_SHA2_384HMAC);
static_assert(find_number(kAuthentication, AuthAlg::HmacSha2_512) == SADB_X_AALG_SHA2_512HMAC);
static_assert(find_number(kAuthentication, AuthAlg::HmacRipemd160) == SADB_X_AALG_RIPEMD160HMAC);
static_assert(find_number(kAuthentication, AuthAlg::AesXcbc) == SADB_X_AALG_AES_XCBC_MAC);
static_assert(find_number(kAuthentication, AuthAlg::NonAuth) == SADB_X_AALG_NULL);

// KAME's SADB_X_CALG_* (= the IPCOMP transform ids of RFC 2407 §4.4.5).
constexpr auto kCompression = std::to_array<Row<CompAlg, std::uint8_t>>({
    {CompAlg::Oui, 1},
    {CompAlg::Deflate, 2},
    {CompAlg::Lzs, 3},
});
static_assert(find_number(kCompression, CompAlg::Oui) == SADB_X_CALG_OUI);
static_assert(find_number(kCompression, CompAlg::Deflate) == SADB_X_CALG_DEFLATE);
static_assert(find_number(kCompression, CompAlg::Lzs) == SADB_X_CALG_LZS);

// KAME <netinet6/ipsec.h>, Linux <linux/ipsec.h>: IPSEC_MODE_*.
constexpr auto kModes = std::to_array<Row<IpsecMode, std::uint8_t>>({
    {IpsecMode::Transport, 1},
    {IpsecMode::Tunnel, 2},
});
static_assert(find_number(kModes, IpsecMode::Transport) == IPSEC_MODE_TRANSPORT);
static_assert(find_number(kModes, IpsecMode::Tunnel) == IPSEC_MODE_TUNNEL);

// IPSEC_LEVEL_*.
constexpr auto kLevels = std::to_array<Row<IpsecLevel, std::uint8_t>>({
    {IpsecLevel::Use, 1},
    {IpsecLevel::Require, 2},
    {IpsecLevel::Unique, 3},
});
static_assert(find_number(kLevels, IpsecLevel::Use) == IPSEC_LEVEL_USE);
static_assert(find_number(kLevels, IpsecLevel::Require) == IPSEC_LEVEL_REQUIRE);
static_assert(find_number(kLevels, IpsecLevel::Unique) == IPSEC_LEVEL_UNIQUE);

// IPSEC_DIR_*; IPSEC_DIR_FWD is Linux's own.
constexpr auto kDirections = std::to_array<Row<Direction, std::uint8_t>>({
    {Direction::Inbound, 1},
    {Direction::Outbound, 2},
    {Direction::Fwd, 3},
});
static_assert(find_number(kDirections, Direction::Inbound) == IPSEC_DIR_INBOUND);
static_assert(find_number(kDirections, Direction::Outbound) == IPSEC_DIR_OUTBOUND);
static_assert(find_number(kDirections, Direction::Fwd) == IPSEC_DIR_FWD);

// IPSEC_POLICY_*. `none` is IPSEC_POLICY_NONE (no IPsec), as the original
// installs it; IPSEC_POLICY_BYPASS is only for per-socket policies.
constexpr auto kPolicyTypes = std::to_array<Row<Action, std::uint16_t>>({
    {Action::Discard, 0},
    {Action::None, 1},
    {Action::AutoIpsec, 2},
    {Action::StaticIpsec, 2},
});
static_assert(find_number(kPolicyTypes, Action::Discard) == IPSEC_POLICY_DISCARD);
static_assert(find_number(kPolicyTypes, Action::None) == IPSEC_POLICY_NONE);
static_assert(find_number(kPolicyTypes, Action::AutoIpsec) == IPSEC_POLICY_IPSEC);
static_assert(find_number(kPolicyTypes, Action::StaticIpsec) == IPSEC_POLICY_IPSEC);

static_assert(kProtoAny == IPSEC_ULPROTO_ANY);
static_assert(kPortAny == IPSEC_PORT_ANY);

}  // namespace

Result<std::uint8_t> to_sa_type(SaType type) {
  return convert(kSaTypes, type, kTarget);
}
std::optional<SaType> from_sa_type(std::uint8_t satype) {
  return find_neutral(kSaTypes, satype);
}
Result<std::uint8_t> to_encryption(EncAlg alg) {
  return convert(kEncryption, alg, kTarget);
}
std::optional<EncAlg> from_encryption(std::uint8_t id) {
  return find_neutral(kEncryption, id);
}
Result<std::uint8_t> to_authentication(AuthAlg alg) {
  return convert(kAuthentication, alg, kTarget);
}
std::optional<AuthAlg> from_authentication(std::uint8_t id) {
  return find_neutral(kAuthentication, id);
}
Result<std::uint8_t> to_compression(CompAlg alg) {
  return convert(kCompression, alg, kTarget);
}
std::optional<CompAlg> from_compression(std::uint8_t id) {
  return find_neutral(kCompression, id);
}
Result<std::uint8_t> to_mode(IpsecMode mode) {
  return convert(kModes, mode, kTarget);
}
std::optional<IpsecMode> from_mode(std::uint8_t mode) {
  return find_neutral(kModes, mode);
}
Result<std::uint8_t> to_level(IpsecLevel level) {
  return convert(kLevels, level, kTarget);
}
std::optional<IpsecLevel> from_level(std::uint8_t level) {
  return find_neutral(kLevels, level);
}
Result<std::uint8_t> to_direction(Direction dir) {
  return convert(kDirections, dir, kTarget);
}
std::optional<Direction> from_direction(std::uint8_t dir) {
  return find_neutral(kDirections, dir);
}
Result<std::uint16_t> to_policy_type(Action action) {
  return convert(kPolicyTypes, action, kTarget);
}
std::optional<Action> from_policy_type(std::uint16_t type) {
  return find_neutral(kPolicyTypes, type);
}

std::span<const Row<SaType, std::uint8_t>> sa_type_rows() {
  return kSaTypes;
}
std::span<const Row<EncAlg, std::uint8_t>> encryption_rows() {
  return kEncryption;
}
std::span<const Row<AuthAlg, std::uint8_t>> authentication_rows() {
  return kAuthentication;
}
std::span<const Row<CompAlg, std::uint8_t>> compression_rows() {
  return kCompression;
}
std::span<const Row<IpsecMode, std::uint8_t>> mode_rows() {
  return kModes;
}
std::span<const Row<IpsecLevel, std::uint8_t>> level_rows() {
  return kLevels;
}
std::span<const Row<Direction, std::uint8_t>> direction_rows() {
  return kDirections;
}
std::span<const Row<Action, std::uint16_t>> policy_type_rows() {
  return kPolicyTypes;
}

}  // namespace rc::rct::pfkey
