// XFRM tables. Algorithm names, ICV lengths and key ranges follow the
// kernel's algorithm list (net/xfrm/xfrm_algo.c), except the integrity
// truncations, which follow the RFCs (the kernel defaults for SHA-2 predate
// RFC 4868). Mode, direction, action and protocol numbers are checked
// against <linux/xfrm.h> and <linux/in.h> below.
#include "rct/xfrm.h"

#include <linux/in.h>
#include <linux/xfrm.h>

#include <array>

namespace rc::rct::xfrm {
namespace {

constexpr std::string_view kTarget = "XFRM";

constexpr KeyBits fixed(std::uint16_t bits) {
  return {bits, bits, bits, 0};
}
constexpr KeyBits aes_range() {
  return {128, 128, 256, 64};
}

// Key ranges: DES/3DES RFC 2405/2451, CAST-128 and Blowfish RFC 2451 §2.2,
// AES RFC 3602 §2.2, Twofish and AES-CTR/GCM/CCM/GMAC 128/192/256,
// ChaCha20 RFC 7634 (256). Salt: AES-CTR nonce 32 (RFC 3686), GCM 32
// (RFC 4106), CCM 24 (RFC 4309), GMAC 32 (RFC 4543), ChaCha20-Poly1305 32
// (RFC 7634), each from its "Keying Material" section.
constexpr auto kCiphers = std::to_array<CipherRow>({
    {EncAlg::DesCbc, {"cbc(des)", CipherAttribute::Crypt, 0, fixed(64), 0}},
    {EncAlg::Des3Cbc, {"cbc(des3_ede)", CipherAttribute::Crypt, 0, fixed(192), 0}},
    {EncAlg::Cast128Cbc, {"cbc(cast5)", CipherAttribute::Crypt, 0, {128, 40, 128, 8}, 0}},
    {EncAlg::BlowfishCbc, {"cbc(blowfish)", CipherAttribute::Crypt, 0, {128, 40, 448, 8}, 0}},
    {EncAlg::NullEnc, {"ecb(cipher_null)", CipherAttribute::Crypt, 0, fixed(0), 0}},
    // rijndael_cbc first: the reverse of "cbc(aes)" leaves the key length open.
    {EncAlg::RijndaelCbc, {"cbc(aes)", CipherAttribute::Crypt, 0, aes_range(), 0}},
    {EncAlg::Aes128Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, fixed(128), 0}},
    {EncAlg::Aes192Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, fixed(192), 0}},
    {EncAlg::Aes256Cbc, {"cbc(aes)", CipherAttribute::Crypt, 0, fixed(256), 0}},
    {EncAlg::AesCtr, {"rfc3686(ctr(aes))", CipherAttribute::Crypt, 0, aes_range(), 32}},
    {EncAlg::TwofishCbc, {"cbc(twofish)", CipherAttribute::Crypt, 0, aes_range(), 0}},
    {EncAlg::AesGcm8, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 64, aes_range(), 32}},
    {EncAlg::AesGcm12, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 96, aes_range(), 32}},
    {EncAlg::AesGcm16, {"rfc4106(gcm(aes))", CipherAttribute::Aead, 128, aes_range(), 32}},
    {EncAlg::AesCcm8, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 64, aes_range(), 24}},
    {EncAlg::AesCcm12, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 96, aes_range(), 24}},
    {EncAlg::AesCcm16, {"rfc4309(ccm(aes))", CipherAttribute::Aead, 128, aes_range(), 24}},
    {EncAlg::Chacha20Poly1305,
     {"rfc7539esp(chacha20,poly1305)", CipherAttribute::Aead, 128, fixed(256), 32}},
    {EncAlg::NullAesGmac, {"rfc4543(gcm(aes))", CipherAttribute::Aead, 128, aes_range(), 32}},
    // Kernel names exist for these, but the kernel has no IV64/IV32 DES,
    // RC5, IDEA, 3IDEA or RC4 ESP cipher, so they are left out on purpose:
    // a miss gives the "not supported by XFRM" error.
});

// Truncation: HMAC-MD5-96 RFC 2403, HMAC-SHA-1-96 RFC 2404, HMAC-SHA2
// 128/192/256 RFC 4868, HMAC-RIPEMD-160-96 RFC 2857, AES-XCBC-MAC-96
// RFC 3566, AES-CMAC-96 RFC 4494. Key: the hash output (RFC 2104 §3 as the
// IPsec RFCs fix it) or the AES-128 key.
constexpr auto kIntegrity = std::to_array<IntegrityRow>({
    {AuthAlg::NonAuth, {"digest_null", 0, 0}},
    {AuthAlg::HmacMd5, {"hmac(md5)", 96, 128}},
    {AuthAlg::HmacSha1, {"hmac(sha1)", 96, 160}},
    {AuthAlg::HmacSha2_256, {"hmac(sha256)", 128, 256}},
    {AuthAlg::HmacSha2_384, {"hmac(sha384)", 192, 384}},
    {AuthAlg::HmacSha2_512, {"hmac(sha512)", 256, 512}},
    {AuthAlg::HmacRipemd160, {"hmac(rmd160)", 96, 160}},
    {AuthAlg::AesXcbc, {"xcbc(aes)", 96, 128}},
    {AuthAlg::AesCmac, {"cmac(aes)", 96, 128}},
});

// The kernel's IPComp list has deflate, lzs and lzjh; no OUI.
constexpr auto kCompression = std::to_array<CompressionRow>({
    {CompAlg::Deflate, "deflate"},
    {CompAlg::Lzs, "lzs"},
});

constexpr auto kModes = std::to_array<Row<IpsecMode, std::uint8_t>>({
    {IpsecMode::Transport, 0},
    {IpsecMode::Tunnel, 1},
});
static_assert(find_number(kModes, IpsecMode::Transport) == XFRM_MODE_TRANSPORT);
static_assert(find_number(kModes, IpsecMode::Tunnel) == XFRM_MODE_TUNNEL);

constexpr auto kDirections = std::to_array<Row<Direction, std::uint8_t>>({
    {Direction::Inbound, 0},
    {Direction::Outbound, 1},
    {Direction::Fwd, 2},
});
static_assert(find_number(kDirections, Direction::Inbound) == XFRM_POLICY_IN);
static_assert(find_number(kDirections, Direction::Outbound) == XFRM_POLICY_OUT);
static_assert(find_number(kDirections, Direction::Fwd) == XFRM_POLICY_FWD);

// First row per (action, templates) pair is the reverse answer.
constexpr auto kActions = std::to_array<ActionRow>({
    {Action::AutoIpsec, 0, true},
    {Action::StaticIpsec, 0, true},
    {Action::None, 0, false},
    {Action::Discard, 1, false},
});
static_assert(kActions[0].xfrm_action == XFRM_POLICY_ALLOW);
static_assert(kActions[1].xfrm_action == XFRM_POLICY_ALLOW);
static_assert(kActions[2].xfrm_action == XFRM_POLICY_ALLOW);
static_assert(kActions[3].xfrm_action == XFRM_POLICY_BLOCK);

// IANA protocol numbers: ESP 50, AH 51, IPComp 108.
constexpr auto kProtocols = std::to_array<Row<SaType, std::uint8_t>>({
    {SaType::Esp, 50},
    {SaType::Ah, 51},
    {SaType::Ipcomp, 108},
});
static_assert(find_number(kProtocols, SaType::Esp) == IPPROTO_ESP);
static_assert(find_number(kProtocols, SaType::Ah) == IPPROTO_AH);
static_assert(find_number(kProtocols, SaType::Ipcomp) == IPPROTO_COMP);

constexpr bool key_length_fits(const KeyBits& rule, std::uint16_t bits) {
  if (bits < rule.min_bits || bits > rule.max_bits) return false;
  if (rule.step_bits == 0) return bits == rule.min_bits;
  return (bits - rule.min_bits) % rule.step_bits == 0;
}
static_assert(key_length_fits(aes_range(), 192));
static_assert(!key_length_fits(aes_range(), 160));
static_assert(!key_length_fits(fixed(256), 128));

}  // namespace

Result<Cipher> to_cipher(EncAlg alg) {
  for (const CipherRow& row : kCiphers) {
    if (row.alg == alg) return row.cipher;
  }
  return fail(unsupported(alg, kTarget));
}

std::optional<EncAlg> from_cipher(std::string_view name, std::uint16_t icv_bits) {
  for (const CipherRow& row : kCiphers) {
    if (row.cipher.name == name && row.cipher.icv_bits == icv_bits) return row.alg;
  }
  return std::nullopt;
}

Result<std::uint16_t> key_blob_bits(EncAlg alg, std::uint16_t configured_bits) {
  Result<Cipher> cipher = to_cipher(alg);
  if (!cipher) return fail(std::move(cipher).error());
  const KeyBits& rule = cipher->key;
  const std::uint16_t bits = configured_bits == 0 ? rule.default_bits : configured_bits;
  if (!key_length_fits(rule, bits)) {
    if (rule.step_bits == 0) {
      return fail(
          Error::invalid(fmt::format("key length {} bits is not valid for {} (it must be {})", bits,
                                     display_name(alg), rule.min_bits)));
    }
    return fail(Error::invalid(
        fmt::format("key length {} bits is not valid for {} (XFRM accepts {} to {} in steps of {})",
                    bits, display_name(alg), rule.min_bits, rule.max_bits, rule.step_bits)));
  }
  return static_cast<std::uint16_t>(bits + cipher->salt_bits);
}

Result<Integrity> to_integrity(AuthAlg alg) {
  for (const IntegrityRow& row : kIntegrity) {
    if (row.alg == alg) return row.integrity;
  }
  return fail(unsupported(alg, kTarget));
}

std::optional<AuthAlg> from_integrity(std::string_view name) {
  for (const IntegrityRow& row : kIntegrity) {
    if (row.integrity.name == name) return row.alg;
  }
  return std::nullopt;
}

Result<std::string_view> to_compression(CompAlg alg) {
  for (const CompressionRow& row : kCompression) {
    if (row.alg == alg) return row.name;
  }
  return fail(unsupported(alg, kTarget));
}

std::optional<CompAlg> from_compression(std::string_view name) {
  for (const CompressionRow& row : kCompression) {
    if (row.name == name) return row.alg;
  }
  return std::nullopt;
}

Result<std::uint8_t> to_mode(IpsecMode mode) {
  return convert(kModes, mode, kTarget);
}
std::optional<IpsecMode> from_mode(std::uint8_t mode) {
  return find_neutral(kModes, mode);
}
Result<std::uint8_t> to_direction(Direction dir) {
  return convert(kDirections, dir, kTarget);
}
std::optional<Direction> from_direction(std::uint8_t dir) {
  return find_neutral(kDirections, dir);
}

Result<ActionRow> to_action(Action action) {
  for (const ActionRow& row : kActions) {
    if (row.action == action) return row;
  }
  return fail(unsupported(action, kTarget));
}

std::optional<Action> from_action(std::uint8_t xfrm_action, bool has_templates) {
  for (const ActionRow& row : kActions) {
    if (row.xfrm_action == xfrm_action && row.has_templates == has_templates) return row.action;
  }
  return std::nullopt;
}

Result<std::uint8_t> to_protocol(SaType type) {
  return convert(kProtocols, type, kTarget);
}
std::optional<SaType> from_protocol(std::uint8_t proto) {
  return find_neutral(kProtocols, proto);
}

std::span<const CipherRow> cipher_rows() {
  return kCiphers;
}
std::span<const IntegrityRow> integrity_rows() {
  return kIntegrity;
}
std::span<const CompressionRow> compression_rows() {
  return kCompression;
}
std::span<const Row<IpsecMode, std::uint8_t>> mode_rows() {
  return kModes;
}
std::span<const Row<Direction, std::uint8_t>> direction_rows() {
  return kDirections;
}
std::span<const ActionRow> action_rows() {
  return kActions;
}
std::span<const Row<SaType, std::uint8_t>> protocol_rows() {
  return kProtocols;
}

}  // namespace rc::rct::xfrm
