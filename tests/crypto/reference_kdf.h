// IKEv2's prf and prf+ written out in the test with OpenSSL's one-shot
// HMAC() and EVP_Q_mac(), sharing no code with lib/crypto's EVP_MAC_CTX
// path, so derivations are checked against an independent computation.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf/bytes.h"

namespace rc::crypto::testing {

inline buf::Bytes reference_hmac(const EVP_MD* md, const buf::Bytes& key, const buf::Bytes& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), data.data(), data.size(), digest, &size);
  return buf::Bytes(digest, digest + size);
}

// AES-128-CMAC with a 16-byte key (= AES-CMAC-PRF-128 for such a key).
inline buf::Bytes reference_aes_cmac(const buf::Bytes& key, const buf::Bytes& data) {
  unsigned char out[16];
  std::size_t size = 0;
  EVP_Q_mac(nullptr, "CMAC", nullptr, "AES-128-CBC", nullptr, key.data(), key.size(), data.data(),
            data.size(), out, sizeof out, &size);
  return buf::Bytes(out, out + size);
}

// T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), cut to `length`.
inline buf::Bytes reference_prf_plus(const EVP_MD* md, const buf::Bytes& key,
                                     const buf::Bytes& seed, std::size_t length) {
  buf::Bytes out;
  buf::Bytes previous;
  for (unsigned n = 1; out.size() < length; ++n) {
    buf::Bytes input = previous;
    input.insert(input.end(), seed.begin(), seed.end());
    input.push_back(static_cast<std::uint8_t>(n));
    previous = reference_hmac(md, key, input);
    out.insert(out.end(), previous.begin(), previous.end());
  }
  out.resize(length);
  return out;
}

// Bytes [from, from + n) of `bytes`.
inline buf::Bytes slice(const buf::Bytes& bytes, std::size_t from, std::size_t n) {
  return buf::Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(from),
                    bytes.begin() + static_cast<std::ptrdiff_t>(from + n));
}

}  // namespace rc::crypto::testing
