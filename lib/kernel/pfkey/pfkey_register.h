// SADB_REGISTER (RFC 2367 §3.1.7): the request is a bare header with the
// SA type; the reply lists the algorithms the engine supports in
// SADB_EXT_SUPPORTED_AUTH and SADB_EXT_SUPPORTED_ENCRYPT. Also the other
// typed extensions that only some messages carry: identities (§2.3.5) and
// the proposal of an ACQUIRE (§2.3.8).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "kernel/pfkey/pfkey_message.h"

namespace rc::kernel::pfkey {

// struct sadb_alg
struct SupportedAlgorithm {
  std::uint8_t id = 0;  // SADB_AALG_* / SADB_EALG_* / SADB_X_CALG_*
  std::uint8_t iv_length = 0;
  std::uint16_t min_bits = 0;
  std::uint16_t max_bits = 0;

  bool operator==(const SupportedAlgorithm&) const = default;
};

struct SupportedAlgorithms {
  std::vector<SupportedAlgorithm> authentication;
  std::vector<SupportedAlgorithm> encryption;

  bool operator==(const SupportedAlgorithms&) const = default;
};

WipedBuffer encode_register(std::uint8_t satype, std::uint32_t seq = 0);
Result<WipedBuffer> encode_register_reply(const Header& header,
                                          const SupportedAlgorithms& algorithms);
// Absent SUPPORTED extensions read as empty lists.
Result<SupportedAlgorithms> decode_supported(const Message& message);

// SADB_EXT_IDENTITY_SRC / _DST. read_identity keeps the text up to its
// NUL and refuses text without one; no text at all reads as empty.
struct IdentityExtension {
  std::uint16_t type = 0;  // SADB_IDENTTYPE_*
  std::uint64_t id = 0;
  std::string text;  // NUL-terminated on the wire, padded to 8 bytes

  bool operator==(const IdentityExtension&) const = default;
};
void add_identity(MessageBuilder& builder, std::uint16_t type, const IdentityExtension& identity);
Result<IdentityExtension> read_identity(const Extension& extension);

// SADB_EXT_PROPOSAL: a replay window and sadb_comb entries (72 bytes each;
// read_proposal refuses bytes left over after the last one).
struct Combination {
  std::uint8_t auth = 0;
  std::uint8_t encrypt = 0;
  std::uint16_t flags = 0;  // sadb_comb_flags is 16 bits
  std::uint16_t auth_min_bits = 0;
  std::uint16_t auth_max_bits = 0;
  std::uint16_t encrypt_min_bits = 0;
  std::uint16_t encrypt_max_bits = 0;
  std::uint32_t soft_allocations = 0;
  std::uint32_t hard_allocations = 0;
  std::uint64_t soft_bytes = 0;
  std::uint64_t hard_bytes = 0;
  std::uint64_t soft_add_time = 0;
  std::uint64_t hard_add_time = 0;
  std::uint64_t soft_use_time = 0;
  std::uint64_t hard_use_time = 0;

  bool operator==(const Combination&) const = default;
};
struct ProposalExtension {
  std::uint8_t replay = 0;
  std::vector<Combination> combinations;

  bool operator==(const ProposalExtension&) const = default;
};
void add_proposal(MessageBuilder& builder, const ProposalExtension& proposal);
Result<ProposalExtension> read_proposal(const Extension& extension);

}  // namespace rc::kernel::pfkey
