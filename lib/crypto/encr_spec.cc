#include "crypto/encr_spec.h"

#include <fmt/format.h>

#include "rct/ikev2.h"
#include "rct/names.h"

namespace rc::crypto {
namespace {

Error bad_key_length(rct::EncAlg algorithm, unsigned key_bits) {
  return Error::invalid(
      fmt::format("{} cannot take a {}-bit key", rct::display_name(algorithm), key_bits));
}

// AES transforms with the Key Length attribute: 128, 192 or 256 bits.
Result<std::size_t> aes_key_size(rct::EncAlg algorithm, unsigned key_bits) {
  if (key_bits != 128 && key_bits != 192 && key_bits != 256) {
    if (key_bits == 0) {
      return fail(
          Error::invalid(fmt::format("{} needs a key length", rct::display_name(algorithm))));
    }
    return fail(bad_key_length(algorithm, key_bits));
  }
  return std::size_t{key_bits / 8};
}

// OpenSSL's names for the AES modes run in SK payloads.
const char* aes_evp_name(std::size_t key_size, bool gcm) {
  switch (key_size) {
    case 16:
      return gcm ? "AES-128-GCM" : "AES-128-CBC";
    case 24:
      return gcm ? "AES-192-GCM" : "AES-192-CBC";
    default:
      return gcm ? "AES-256-GCM" : "AES-256-CBC";
  }
}

}  // namespace

Result<EncrSpec> encr_spec(rct::EncAlg algorithm, unsigned key_bits) {
  EncrSpec spec;
  spec.algorithm = algorithm;
  switch (algorithm) {
    case rct::EncAlg::Aes128Cbc:
    case rct::EncAlg::Aes192Cbc:
    case rct::EncAlg::Aes256Cbc: {
      const unsigned implied = algorithm == rct::EncAlg::Aes128Cbc   ? 128
                               : algorithm == rct::EncAlg::Aes192Cbc ? 192
                                                                     : 256;
      if (key_bits != 0 && key_bits != implied) return fail(bad_key_length(algorithm, key_bits));
      key_bits = implied;
      [[fallthrough]];
    }
    case rct::EncAlg::RijndaelCbc: {
      Result<std::size_t> key = aes_key_size(algorithm, key_bits);
      if (!key) return fail(std::move(key).error());
      spec.key_size = *key;
      spec.iv_size = 16;
      spec.block_size = 16;
      spec.evp_cipher = aes_evp_name(*key, false);
      break;
    }
    case rct::EncAlg::AesGcm8:
    case rct::EncAlg::AesGcm12:
    case rct::EncAlg::AesGcm16: {
      Result<std::size_t> key = aes_key_size(algorithm, key_bits);
      if (!key) return fail(std::move(key).error());
      spec.key_size = *key;
      spec.salt_size = 4;
      spec.iv_size = 8;
      spec.icv_size = algorithm == rct::EncAlg::AesGcm8    ? 8
                      : algorithm == rct::EncAlg::AesGcm12 ? 12
                                                           : 16;
      spec.evp_cipher = aes_evp_name(*key, true);
      break;
    }
    case rct::EncAlg::Chacha20Poly1305:
      // RFC 7634 §2: a fixed 256-bit key; the Key Length attribute MUST NOT
      // be sent.
      if (key_bits != 0) return fail(bad_key_length(algorithm, key_bits));
      spec.key_size = 32;
      spec.salt_size = 4;
      spec.iv_size = 8;
      spec.icv_size = 16;
      spec.evp_cipher = "ChaCha20-Poly1305";
      break;
    case rct::EncAlg::Des3Cbc:
      if (key_bits != 0) return fail(bad_key_length(algorithm, key_bits));
      spec.key_size = 24;
      spec.iv_size = 8;
      spec.block_size = 8;
      spec.evp_cipher = "DES-EDE3-CBC";
      break;
    // ESP-only below: sizes for KEYMAT, no SK payload support.
    case rct::EncAlg::NullEnc:
      if (key_bits != 0) return fail(bad_key_length(algorithm, key_bits));
      break;
    case rct::EncAlg::AesCtr: {  // RFC 3686 / RFC 5930: 4-byte nonce
      Result<std::size_t> key = aes_key_size(algorithm, key_bits);
      if (!key) return fail(std::move(key).error());
      spec.key_size = *key;
      spec.salt_size = 4;
      spec.iv_size = 8;
      break;
    }
    case rct::EncAlg::AesCcm8:
    case rct::EncAlg::AesCcm12:
    case rct::EncAlg::AesCcm16: {  // RFC 4309 §7.1: 3-byte salt
      Result<std::size_t> key = aes_key_size(algorithm, key_bits);
      if (!key) return fail(std::move(key).error());
      spec.key_size = *key;
      spec.salt_size = 3;
      spec.iv_size = 8;
      spec.icv_size = algorithm == rct::EncAlg::AesCcm8    ? 8
                      : algorithm == rct::EncAlg::AesCcm12 ? 12
                                                           : 16;
      break;
    }
    case rct::EncAlg::NullAesGmac: {  // RFC 4543 §3.2: 4-byte salt
      Result<std::size_t> key = aes_key_size(algorithm, key_bits);
      if (!key) return fail(std::move(key).error());
      spec.key_size = *key;
      spec.salt_size = 4;
      spec.iv_size = 8;
      spec.icv_size = 16;
      break;
    }
    default:
      return fail(Error::invalid(
          fmt::format("encryption algorithm {} is not implemented", rct::display_name(algorithm))));
  }
  Result<rct::ikev2::EncrRow> row = rct::ikev2::to_encr(algorithm);
  if (!row) return fail(std::move(row).error());
  spec.transform_id = row->id;
  return spec;
}

Result<EncrSpec> encr_spec_for_transform_id(std::uint16_t id, unsigned key_bits) {
  const std::optional<rct::EncAlg> algorithm = rct::ikev2::from_encr(id);
  if (!algorithm) {
    return fail(Error::invalid(fmt::format("unknown IKEv2 encryption transform {}", id)));
  }
  return encr_spec(*algorithm, key_bits);
}

}  // namespace rc::crypto
