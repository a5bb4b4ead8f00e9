// IKEv2 key derivation: SKEYSEED and the SK_* keys of an IKE SA (RFC 7296
// §2.14), SKEYSEED of a rekeyed IKE SA (§2.18), and the KEYMAT of a
// CHILD_SA with or without PFS (§2.17). Pure functions over Prf; the caller
// picks the algorithms and says how long each key is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "buf/secret_bytes.h"
#include "crypto/encr_spec.h"
#include "crypto/integrity.h"
#include "crypto/prf.h"

namespace rc::crypto {

// Bytes of one direction's encryption key material (key and salt) and
// integrity key. An AEAD cipher has no integrity key; AH has no
// encryption key.
struct KeySizes {
  std::size_t encr = 0;
  std::size_t integ = 0;
};

// The sizes for a negotiated ENCR and INTEG (nullopt with an AEAD).
KeySizes key_sizes(const EncrSpec& encr, const std::optional<Integrity>& integ);

// SKEYSEED = prf(Ni | Nr, g^ir). A PRF with a fixed key size (AES-CMAC)
// is keyed with the first half-key of Ni and the first of Nr instead
// (§2.14; 64 bits each for a 128-bit key).
Result<buf::SecretBytes> skeyseed(const Prf& prf, std::span<const std::uint8_t> ni,
                                  std::span<const std::uint8_t> nr, const buf::SecretBytes& g_ir);

// A rekeyed IKE SA's SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr).
// `old_prf` is the old IKE SA's PRF: §2.18 says the rekeying exchange
// belongs to the old SA, so its PRF makes SKEYSEED; the new SA's PRF then
// expands it in derive_ike_sa_keys.
Result<buf::SecretBytes> rekey_skeyseed(const Prf& old_prf, const buf::SecretBytes& old_sk_d,
                                        const buf::SecretBytes& new_g_ir,
                                        std::span<const std::uint8_t> ni,
                                        std::span<const std::uint8_t> nr);

struct IkeSaKeys {
  buf::SecretBytes sk_d;
  buf::SecretBytes sk_ai;
  buf::SecretBytes sk_ar;
  buf::SecretBytes sk_ei;  // key | salt for an AEAD
  buf::SecretBytes sk_er;
  buf::SecretBytes sk_pi;
  buf::SecretBytes sk_pr;
};

// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
//   = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
// SK_d, SK_pi and SK_pr are prf.key_size() bytes. The SPIs are the 8-byte
// IKE SPIs in wire order.
Result<IkeSaKeys> derive_ike_sa_keys(const Prf& prf, KeySizes sizes,
                                     const buf::SecretBytes& skeyseed,
                                     std::span<const std::uint8_t> ni,
                                     std::span<const std::uint8_t> nr,
                                     std::span<const std::uint8_t> spi_i,
                                     std::span<const std::uint8_t> spi_r);

// One CHILD_SA's keys. "_i" protects traffic from the initiator to the
// responder (the responder's inbound SA), "_r" the reverse.
struct ChildSaKeys {
  buf::SecretBytes encr_i;
  buf::SecretBytes integ_i;
  buf::SecretBytes encr_r;
  buf::SecretBytes integ_r;
};

// KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr), taken as encryption key then
// integrity key for the initiator-to-responder direction, then the same for
// the other (§2.17). `pfs_g_ir` is the CREATE_CHILD_SA exchange's shared
// secret when it carried KE payloads, else nullptr.
Result<ChildSaKeys> derive_child_sa_keys(const Prf& prf, const buf::SecretBytes& sk_d,
                                         KeySizes sizes, std::span<const std::uint8_t> ni,
                                         std::span<const std::uint8_t> nr,
                                         const buf::SecretBytes* pfs_g_ir = nullptr);

}  // namespace rc::crypto
