// Internal to lib/crypto: what DhKeyPair needs of each group family (MODP,
// ECP, X25519), one file each, and the group table they share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "buf/bytes.h"
#include "crypto/handles.h"
#include "rct/types.h"

namespace rc::crypto::detail {

enum class DhFamily { Modp, Ecp, X25519 };

struct DhGroupInfo {
  rct::DhGroup group;
  std::uint16_t transform_id;
  DhFamily family;
  const char* key_type;    // EVP_PKEY key type: "DH", "EC", "X25519"
  const char* group_name;  // OpenSSL group name; nullptr for X25519
  int curve_nid;           // ECP only
  std::size_t public_size;
  std::size_t secret_size;
};

const DhGroupInfo* find_dh_group(rct::DhGroup group) noexcept;

// An Error with code kBadPeerValue: the peer's value is refused.
Error bad_peer_value(const DhGroupInfo& info, std::string_view why);

// Each family: our public value in IKE's encoding, a peer's public value as
// an EVP_PKEY (after the family's own checks), and a key pair from a known
// private value.
Result<buf::Bytes> modp_public_value(const DhGroupInfo& info, const EVP_PKEY& key);
Result<PkeyPtr> modp_peer_key(const DhGroupInfo& info, const EVP_PKEY& own,
                              std::span<const std::uint8_t> peer);
Result<PkeyPtr> modp_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value);

Result<buf::Bytes> ecp_public_value(const DhGroupInfo& info, const EVP_PKEY& key);
Result<PkeyPtr> ecp_peer_key(const DhGroupInfo& info, std::span<const std::uint8_t> peer);
Result<PkeyPtr> ecp_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value);

Result<buf::Bytes> x25519_public_value(const DhGroupInfo& info, const EVP_PKEY& key);
Result<PkeyPtr> x25519_peer_key(const DhGroupInfo& info, std::span<const std::uint8_t> peer);
Result<PkeyPtr> x25519_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value);

// EVP_PKEY_fromdata for `key_type` with the given parameters.
Result<PkeyPtr> pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params);

}  // namespace rc::crypto::detail
