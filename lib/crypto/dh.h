// Diffie-Hellman for IKEv2 KE payloads (RFC 7296 §1.2, §3.4): one ephemeral
// key pair per exchange. MODP groups 5 and 14-18 (RFC 3526), ECP groups
// 19/20/21 (RFC 5903) and Curve25519, group 31 (RFC 8031), all through
// OpenSSL's EVP_PKEY. The private key never leaves the EVP_PKEY.
//
// Public values are in IKE's encoding: MODP y big-endian, zero-padded to the
// prime's length; ECP x | y, each padded to the field size (no 0x04 prefix);
// X25519 the 32-byte u-coordinate. Shared secrets g^ir likewise: MODP padded
// to the prime's length (§2.14), ECP the x-coordinate (RFC 5903 §7), X25519
// the 32-byte output (RFC 8031 §2).
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "buf/bytes.h"
#include "buf/secret_bytes.h"
#include "crypto/handles.h"
#include "rct/types.h"

namespace rc::crypto {

namespace detail {
struct DhGroupInfo;
}

// The errno in Error.code when the peer's public value is refused (wrong
// length, out of range, not on the curve, or an all-zero X25519 result), so
// a caller can tell a peer's fault from a local failure (code 0).
inline constexpr int kBadPeerValue = EBADMSG;

class DhKeyPair {
 public:
  static Result<DhKeyPair> generate(rct::DhGroup group);
  // From an IKEv2 DH transform id (the KE payload's Diffie-Hellman Group Num).
  static Result<DhKeyPair> generate_for_transform_id(std::uint16_t id);

  // A key pair from a known private value: big-endian exponent or scalar for
  // MODP and ECP, the 32 RFC 7748 bytes for X25519. For known-answer tests
  // and interoperability tools only: a negotiation must use generate(), since
  // a reused private value loses forward secrecy.
  static Result<DhKeyPair> from_private_value(rct::DhGroup group,
                                              std::span<const std::uint8_t> private_value);

  // Bytes of the KE payload's key exchange data for the group, so a caller
  // can refuse a wrong length before any work.
  static Result<std::size_t> public_value_size(rct::DhGroup group);

  [[nodiscard]] rct::DhGroup group() const noexcept;
  [[nodiscard]] std::uint16_t transform_id() const noexcept;
  [[nodiscard]] std::span<const std::uint8_t> public_value() const noexcept {
    return public_value_;
  }

  // g^ir from the peer's key exchange data, after checking it: exact length;
  // MODP 1 < y < p-1 (and OpenSSL's subgroup check); ECP a point on the
  // curve, not the point at infinity; X25519 not an all-zero result.
  [[nodiscard]] Result<buf::SecretBytes> shared_secret(
      std::span<const std::uint8_t> peer_public_value) const;

 private:
  DhKeyPair(const detail::DhGroupInfo& info, PkeyPtr key, buf::Bytes public_value);
  static Result<DhKeyPair> wrap(const detail::DhGroupInfo& info, PkeyPtr key);

  const detail::DhGroupInfo* info_;
  PkeyPtr key_;
  buf::Bytes public_value_;
};

}  // namespace rc::crypto
