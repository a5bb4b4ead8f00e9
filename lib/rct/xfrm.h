// Conversions between neutral values and Linux XFRM (netlink) terms: kernel
// crypto algorithm names with their ICV and key-length rules, XFRM_MODE_*,
// XFRM_POLICY_IN/OUT/FWD, XFRM_POLICY_ALLOW/BLOCK and IPPROTO_ESP/AH/COMP.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"
#include "rct/table.h"
#include "rct/types.h"

namespace rc::rct::xfrm {

// Which netlink attribute carries a cipher: XFRMA_ALG_CRYPT (struct
// xfrm_algo) or XFRMA_ALG_AEAD (struct xfrm_algo_aead).
enum class CipherAttribute { Crypt, Aead };

// Key lengths an algorithm accepts, in bits, not counting the salt. A step
// of 0 means the length is fixed at min_bits.
struct KeyBits {
  std::uint16_t default_bits;
  std::uint16_t min_bits;
  std::uint16_t max_bits;
  std::uint16_t step_bits;

  bool operator==(const KeyBits&) const = default;
};

// What the kernel needs to know about an ESP cipher.
struct Cipher {
  std::string_view name;  // kernel crypto API name, e.g. "rfc4106(gcm(aes))"
  CipherAttribute attribute;
  std::uint16_t icv_bits;  // AEAD ICV length (xfrm_algo_aead.alg_icv_len); 0 otherwise
  KeyBits key;
  // Salt or nonce the kernel expects after the key in alg_key: the
  // "Keying Material" sections of RFC 3686, 4106, 4309, 4543 and RFC 7634.
  std::uint16_t salt_bits;

  bool operator==(const Cipher&) const = default;
};

// What the kernel needs to know about an integrity algorithm. It is always
// installed with XFRMA_ALG_AUTH_TRUNC so the truncation is explicit: the
// kernel's own default for hmac(sha256) is the pre-RFC 4868 96 bits.
struct Integrity {
  std::string_view name;
  std::uint16_t truncation_bits;  // xfrm_algo_auth.alg_trunc_len
  std::uint16_t key_bits;

  bool operator==(const Integrity&) const = default;
};

struct CipherRow {
  EncAlg alg{};
  Cipher cipher;

  bool operator==(const CipherRow&) const = default;
};
struct IntegrityRow {
  AuthAlg alg{};
  Integrity integrity;

  bool operator==(const IntegrityRow&) const = default;
};
struct CompressionRow {
  CompAlg alg;
  std::string_view name;

  bool operator==(const CompressionRow&) const = default;
};
// XFRM has no "none" policy type: bypass is ALLOW without templates.
struct ActionRow {
  Action action;
  std::uint8_t xfrm_action;  // XFRM_POLICY_ALLOW / XFRM_POLICY_BLOCK
  bool has_templates;

  bool operator==(const ActionRow&) const = default;
};

Result<Cipher> to_cipher(EncAlg alg);
// icv_bits is 0 for a non-AEAD cipher.
std::optional<EncAlg> from_cipher(std::string_view name, std::uint16_t icv_bits);

// Length of alg_key for `alg`: the configured key length (0 = the default)
// checked against the algorithm's rule, plus the salt.
Result<std::uint16_t> key_blob_bits(EncAlg alg, std::uint16_t configured_bits);

Result<Integrity> to_integrity(AuthAlg alg);
std::optional<AuthAlg> from_integrity(std::string_view name);

Result<std::string_view> to_compression(CompAlg alg);
std::optional<CompAlg> from_compression(std::string_view name);

// xfrm_usersa_info.mode, xfrm_user_tmpl.mode
Result<std::uint8_t> to_mode(IpsecMode mode);
std::optional<IpsecMode> from_mode(std::uint8_t mode);

// xfrm_userpolicy_info.dir
Result<std::uint8_t> to_direction(Direction dir);
std::optional<Direction> from_direction(std::uint8_t dir);

// xfrm_userpolicy_info.action, and whether the policy carries templates.
Result<ActionRow> to_action(Action action);
std::optional<Action> from_action(std::uint8_t xfrm_action, bool has_templates);

// xfrm_id.proto
Result<std::uint8_t> to_protocol(SaType type);
std::optional<SaType> from_protocol(std::uint8_t proto);

std::span<const CipherRow> cipher_rows();
std::span<const IntegrityRow> integrity_rows();
std::span<const CompressionRow> compression_rows();
std::span<const Row<IpsecMode, std::uint8_t>> mode_rows();
std::span<const Row<Direction, std::uint8_t>> direction_rows();
std::span<const ActionRow> action_rows();
std::span<const Row<SaType, std::uint8_t>> protocol_rows();

}  // namespace rc::rct::xfrm
