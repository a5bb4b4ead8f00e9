#include "kernel/pfkey/pfkey_register.h"

#include <linux/pfkeyv2.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "kernel/pfkey/pfkey_mapping.h"

namespace rc::kernel::pfkey {
namespace {

// RFC 2367 §2.3.5, 2.3.7, 2.3.8, checked against the kernel's header.
static_assert(sizeof(sadb_supported) == 8);
static_assert(sizeof(sadb_alg) == 8);
static_assert(offsetof(sadb_alg, sadb_alg_ivlen) == 1);
static_assert(offsetof(sadb_alg, sadb_alg_minbits) == 2);
static_assert(offsetof(sadb_alg, sadb_alg_maxbits) == 4);
static_assert(sizeof(sadb_ident) == 16);
static_assert(offsetof(sadb_ident, sadb_ident_type) == 4);
static_assert(offsetof(sadb_ident, sadb_ident_id) == 8);
static_assert(sizeof(sadb_prop) == 8);
static_assert(offsetof(sadb_prop, sadb_prop_replay) == 4);
static_assert(sizeof(sadb_comb) == 72);
static_assert(offsetof(sadb_comb, sadb_comb_flags) == 2);
static_assert(offsetof(sadb_comb, sadb_comb_encrypt_maxbits) == 10);
static_assert(offsetof(sadb_comb, sadb_comb_soft_allocations) == 16);
static_assert(offsetof(sadb_comb, sadb_comb_soft_bytes) == 24);
static_assert(offsetof(sadb_comb, sadb_comb_hard_usetime) == 64);

// Extension lengths count 64-bit words in 16 bits.
constexpr std::size_t kMaxExtensionBytes = std::size_t{0xffff} * kAlignment;

Error malformed(const Extension& extension, const std::string& what) {
  return Error{EBADMSG, fmt::format("malformed PF_KEY extension {}: {}", extension.type, what)};
}

// The fixed head of an extension and the bytes after it.
template <class T>
Result<std::pair<T, std::span<const std::uint8_t>>> split(const Extension& extension) {
  const auto head = read_struct<T>(extension.bytes);
  if (!head) {
    return fail(
        malformed(extension, fmt::format("{} bytes, needs {}", extension.bytes.size(), sizeof(T))));
  }
  return std::pair{*head, extension.bytes.subspan(sizeof(T))};
}

Result<void> add_supported(MessageBuilder& builder, std::uint16_t type,
                           const std::vector<SupportedAlgorithm>& algorithms) {
  if (algorithms.empty()) return ok();
  if (sizeof(sadb_supported) + algorithms.size() * sizeof(sadb_alg) > kMaxExtensionBytes) {
    return fail(mapping::invalid(fmt::format("{} algorithms in one extension", algorithms.size())));
  }
  WipedBuffer list;
  for (const SupportedAlgorithm& algorithm : algorithms) {
    sadb_alg alg{};
    alg.sadb_alg_id = algorithm.id;
    alg.sadb_alg_ivlen = algorithm.iv_length;
    alg.sadb_alg_minbits = algorithm.min_bits;
    alg.sadb_alg_maxbits = algorithm.max_bits;
    append_struct(list, alg);
  }
  builder.extension(type, sadb_supported{}, list.view());
  return ok();
}

Result<std::vector<SupportedAlgorithm>> read_supported(const Extension& extension) {
  auto parts = split<sadb_supported>(extension);
  if (!parts) return fail(std::move(parts).error());
  std::span<const std::uint8_t> rest = parts->second;
  // The extension is whole words and sadb_alg is one: nothing is left over.
  std::vector<SupportedAlgorithm> algorithms;
  while (const auto alg = read_struct<sadb_alg>(rest)) {
    algorithms.push_back(SupportedAlgorithm{alg->sadb_alg_id, alg->sadb_alg_ivlen,
                                            alg->sadb_alg_minbits, alg->sadb_alg_maxbits});
    rest = rest.subspan(sizeof(sadb_alg));
  }
  if (!rest.empty()) return fail(malformed(extension, "a partial sadb_alg"));
  return algorithms;
}

}  // namespace

WipedBuffer encode_register(std::uint8_t satype, std::uint32_t seq) {
  return MessageBuilder(Header{SADB_REGISTER, 0, satype, seq, 0}).finish();
}

Result<WipedBuffer> encode_register_reply(const Header& header,
                                          const SupportedAlgorithms& algorithms) {
  MessageBuilder builder(header);
  if (auto auth = add_supported(builder, SADB_EXT_SUPPORTED_AUTH, algorithms.authentication);
      !auth) {
    return fail(std::move(auth).error());
  }
  if (auto encrypt = add_supported(builder, SADB_EXT_SUPPORTED_ENCRYPT, algorithms.encryption);
      !encrypt) {
    return fail(std::move(encrypt).error());
  }
  return std::move(builder).finish();
}

Result<SupportedAlgorithms> decode_supported(const Message& message) {
  SupportedAlgorithms algorithms;
  for (const auto& [type, list] : {std::pair{SADB_EXT_SUPPORTED_AUTH, &algorithms.authentication},
                                   std::pair{SADB_EXT_SUPPORTED_ENCRYPT, &algorithms.encryption}}) {
    if (const Extension* extension = message.find(static_cast<std::uint16_t>(type))) {
      auto read = read_supported(*extension);
      if (!read) return fail(std::move(read).error());
      *list = std::move(*read);
    }
  }
  return algorithms;
}

void add_identity(MessageBuilder& builder, std::uint16_t type, const IdentityExtension& identity) {
  sadb_ident head{};
  head.sadb_ident_type = identity.type;
  head.sadb_ident_id = identity.id;
  WipedBuffer text;
  text.append({reinterpret_cast<const std::uint8_t*>(identity.text.data()), identity.text.size()});
  text.append_zeros(1);  // the NUL; the builder pads to 8 bytes
  builder.extension(type, head, text.view());
}

Result<IdentityExtension> read_identity(const Extension& extension) {
  auto parts = split<sadb_ident>(extension);
  if (!parts) return fail(std::move(parts).error());
  const auto& [head, text] = *parts;
  IdentityExtension identity{head.sadb_ident_type, head.sadb_ident_id, {}};
  // No text at all is an identity by type and id only; text must end in
  // a NUL inside the extension.
  if (!text.empty()) {
    const auto nul = std::find(text.begin(), text.end(), std::uint8_t{0});
    if (nul == text.end()) return fail(malformed(extension, "identity text without its NUL"));
    identity.text.assign(text.begin(), nul);
  }
  return identity;
}

void add_proposal(MessageBuilder& builder, const ProposalExtension& proposal) {
  sadb_prop head{};
  head.sadb_prop_replay = proposal.replay;
  WipedBuffer combinations;
  for (const Combination& c : proposal.combinations) {
    sadb_comb comb{};
    comb.sadb_comb_auth = c.auth;
    comb.sadb_comb_encrypt = c.encrypt;
    comb.sadb_comb_flags = c.flags;
    comb.sadb_comb_auth_minbits = c.auth_min_bits;
    comb.sadb_comb_auth_maxbits = c.auth_max_bits;
    comb.sadb_comb_encrypt_minbits = c.encrypt_min_bits;
    comb.sadb_comb_encrypt_maxbits = c.encrypt_max_bits;
    comb.sadb_comb_soft_allocations = c.soft_allocations;
    comb.sadb_comb_hard_allocations = c.hard_allocations;
    comb.sadb_comb_soft_bytes = c.soft_bytes;
    comb.sadb_comb_hard_bytes = c.hard_bytes;
    comb.sadb_comb_soft_addtime = c.soft_add_time;
    comb.sadb_comb_hard_addtime = c.hard_add_time;
    comb.sadb_comb_soft_usetime = c.soft_use_time;
    comb.sadb_comb_hard_usetime = c.hard_use_time;
    append_struct(combinations, comb);
  }
  builder.extension(SADB_EXT_PROPOSAL, head, combinations.view());
}

Result<ProposalExtension> read_proposal(const Extension& extension) {
  auto parts = split<sadb_prop>(extension);
  if (!parts) return fail(std::move(parts).error());
  ProposalExtension proposal{parts->first.sadb_prop_replay, {}};
  std::span<const std::uint8_t> rest = parts->second;
  while (const auto comb = read_struct<sadb_comb>(rest)) {
    proposal.combinations.push_back(Combination{
        comb->sadb_comb_auth, comb->sadb_comb_encrypt, comb->sadb_comb_flags,
        comb->sadb_comb_auth_minbits, comb->sadb_comb_auth_maxbits, comb->sadb_comb_encrypt_minbits,
        comb->sadb_comb_encrypt_maxbits, comb->sadb_comb_soft_allocations,
        comb->sadb_comb_hard_allocations, comb->sadb_comb_soft_bytes, comb->sadb_comb_hard_bytes,
        comb->sadb_comb_soft_addtime, comb->sadb_comb_hard_addtime, comb->sadb_comb_soft_usetime,
        comb->sadb_comb_hard_usetime});
    rest = rest.subspan(sizeof(sadb_comb));
  }
  if (!rest.empty()) {
    return fail(
        malformed(extension, fmt::format("{} bytes after the last sadb_comb", rest.size())));
  }
  return proposal;
}

}  // namespace rc::kernel::pfkey
