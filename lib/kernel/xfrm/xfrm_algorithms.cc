#include "kernel/xfrm/xfrm_algorithms.h"

#include <linux/xfrm.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "kernel/xfrm/xfrm_wire.h"
#include "rct/names.h"
#include "rct/xfrm.h"

namespace rc::kernel::xfrm::algorithms {
namespace {

using wire::invalid;
using wire::malformed;

constexpr std::string_view kNullCipher = "ecb(cipher_null)";

template <class T>
T named(std::string_view name) {
  T out{};
  const std::size_t length = std::min(name.size(), sizeof(out.alg_name) - 1);
  std::memcpy(out.alg_name, name.data(), length);
  return out;
}

template <class T>
std::string_view name_of(const T& algo) {
  return {algo.alg_name, strnlen(algo.alg_name, sizeof(algo.alg_name))};
}

Error unnamed(std::string_view what) {
  return Error{ENOTSUP, fmt::format("the kernel holds an SA with {}, which racoon2 has no name "
                                    "for",
                                    what)};
}

Result<void> append_cipher(netlink::MessageBuilder& message, const SaParams& sa) {
  auto cipher = rct::xfrm::to_cipher(sa.encryption);
  if (!cipher) return fail(invalid(cipher.error().message));
  const std::size_t total_bits = sa.encryption_key.size() * 8;
  const std::size_t salt_bits = cipher->salt_bits;
  auto expected = rct::xfrm::key_blob_bits(
      sa.encryption,
      static_cast<std::uint16_t>(total_bits > salt_bits ? total_bits - salt_bits : 0));
  if (!expected) return fail(invalid("encryption key: " + expected.error().message));
  if (*expected != total_bits) {
    return fail(invalid(fmt::format("encryption key of {} bits does not fit {} ({} bits{})",
                                    total_bits, rct::display_name(sa.encryption), *expected,
                                    salt_bits != 0 ? " including the salt" : "")));
  }
  const auto key_bits = static_cast<unsigned>(total_bits);
  if (cipher->attribute == rct::xfrm::CipherAttribute::Aead) {
    auto head = named<wire::AlgoAeadHead>(cipher->name);
    head.alg_key_len = key_bits;
    head.alg_icv_len = cipher->icv_bits;
    message.attribute(XFRMA_ALG_AEAD, head, sa.encryption_key.reveal());
  } else {
    auto head = named<wire::AlgoHead>(cipher->name);
    head.alg_key_len = key_bits;
    message.attribute(XFRMA_ALG_CRYPT, head, sa.encryption_key.reveal());
  }
  return ok();
}

Result<void> append_integrity(netlink::MessageBuilder& message, const SaParams& sa) {
  auto integrity = rct::xfrm::to_integrity(sa.integrity);
  if (!integrity) return fail(invalid(integrity.error().message));
  const std::size_t key_bits = sa.integrity_key.size() * 8;
  if (key_bits != integrity->key_bits) {
    return fail(invalid(fmt::format("integrity key of {} bits does not fit {} ({} bits)", key_bits,
                                    rct::display_name(sa.integrity), integrity->key_bits)));
  }
  auto head = named<wire::AlgoAuthHead>(integrity->name);
  head.alg_key_len = static_cast<unsigned>(key_bits);
  head.alg_trunc_len = integrity->truncation_bits;
  message.attribute(XFRMA_ALG_AUTH_TRUNC, head, sa.integrity_key.reveal());
  return ok();
}

Result<void> append_compression(netlink::MessageBuilder& message, const SaParams& sa) {
  auto name = rct::xfrm::to_compression(sa.compression);
  if (!name) return fail(invalid(name.error().message));
  message.attribute(XFRMA_ALG_COMP, named<wire::AlgoHead>(*name));
  return ok();
}

bool is_aead(rct::EncAlg alg) {
  auto cipher = rct::xfrm::to_cipher(alg);
  return cipher && cipher->attribute == rct::xfrm::CipherAttribute::Aead;
}

// The key after a struct whose alg_key_len counts bits.
template <class T>
struct AlgoWithKey {
  T head;
  std::span<const std::uint8_t> key;
};

template <class T>
Result<AlgoWithKey<T>> algo_with_key(const netlink::Attribute& attribute, std::string_view what) {
  const auto head = netlink::read_struct<T>(attribute.data);
  if (!head) {
    return fail(malformed(
        fmt::format("{} attribute of {} bytes, needs {}", what, attribute.data.size(), sizeof(T))));
  }
  const std::size_t key_bytes = (std::size_t{head->alg_key_len} + 7) / 8;
  const std::size_t room = attribute.data.size() - sizeof(T);
  if (key_bytes > room) {
    return fail(malformed(fmt::format("{} key of {} bits in an attribute with {} key bytes", what,
                                      head->alg_key_len, room)));
  }
  return AlgoWithKey<T>{*head, attribute.data.subspan(sizeof(T), key_bytes)};
}

// cbc(aes) reads back as aes128/192/256_cbc when a fixed-length row of the
// same kernel name matches the key: the most exact name for what is there.
rct::EncAlg exact_cipher(rct::EncAlg found, std::string_view name, std::size_t key_bits) {
  for (const rct::xfrm::CipherRow& row : rct::xfrm::cipher_rows()) {
    if (row.cipher.name == name && row.cipher.attribute == rct::xfrm::CipherAttribute::Crypt &&
        row.cipher.key.step_bits == 0 && row.cipher.key.min_bits == key_bits &&
        row.cipher.salt_bits == 0) {
      return row.alg;
    }
  }
  return found;
}

}  // namespace

Result<void> append(netlink::MessageBuilder& message, const SaParams& sa) {
  const bool cipher = sa.encryption != rct::EncAlg{};
  const bool integrity = sa.integrity != rct::AuthAlg{};
  const bool compression = sa.compression != rct::CompAlg{};
  switch (sa.id.type) {
    case rct::SaType::Esp:
      if (compression) return fail(invalid("an ESP SA takes no compression algorithm"));
      if (!cipher && !integrity) return fail(invalid("an ESP SA needs a cipher or integrity"));
      if (cipher && is_aead(sa.encryption) && integrity) {
        return fail(
            invalid(fmt::format("{} is an AEAD cipher: it takes no separate integrity "
                                "algorithm",
                                rct::display_name(sa.encryption))));
      }
      if (cipher) {
        if (auto r = append_cipher(message, sa); !r) return r;
      } else {
        if (!sa.encryption_key.empty()) return fail(invalid("an encryption key without a cipher"));
        auto head = named<wire::AlgoHead>(kNullCipher);
        message.attribute(XFRMA_ALG_CRYPT, head);
      }
      if (integrity) return append_integrity(message, sa);
      return ok();
    case rct::SaType::Ah:
      if (cipher || compression) return fail(invalid("an AH SA takes integrity only"));
      if (!integrity) return fail(invalid("an AH SA needs an integrity algorithm"));
      return append_integrity(message, sa);
    case rct::SaType::Ipcomp:
      if (cipher || integrity) return fail(invalid("an IPComp SA takes compression only"));
      if (!compression) return fail(invalid("an IPComp SA needs a compression algorithm"));
      return append_compression(message, sa);
    default:
      return fail(invalid(fmt::format("SA type {} is a bundle: one ESP, AH or IPComp per SA",
                                      rct::display_name(sa.id.type))));
  }
}

Result<bool> read(const std::vector<netlink::Attribute>& attributes, SaParams& sa) {
  bool any = false;
  if (const netlink::Attribute* a = netlink::find(attributes, XFRMA_ALG_AEAD)) {
    auto algo = algo_with_key<wire::AlgoAeadHead>(*a, "XFRMA_ALG_AEAD");
    if (!algo) return fail(std::move(algo).error());
    const auto& [head, key] = *algo;
    const auto alg =
        rct::xfrm::from_cipher(name_of(head), static_cast<std::uint16_t>(head.alg_icv_len));
    if (!alg) {
      return fail(
          unnamed(fmt::format("AEAD {} with a {}-bit ICV", name_of(head), head.alg_icv_len)));
    }
    sa.encryption = *alg;
    sa.encryption_key = buf::SecretBytes(key);
    any = true;
  }
  if (const netlink::Attribute* a = netlink::find(attributes, XFRMA_ALG_CRYPT)) {
    auto algo = algo_with_key<wire::AlgoHead>(*a, "XFRMA_ALG_CRYPT");
    if (!algo) return fail(std::move(algo).error());
    const auto& [head, key] = *algo;
    const auto alg = rct::xfrm::from_cipher(name_of(head), 0);
    if (!alg) return fail(unnamed(fmt::format("cipher {}", name_of(head))));
    sa.encryption = exact_cipher(*alg, name_of(head), head.alg_key_len);
    sa.encryption_key = buf::SecretBytes(key);
    any = true;
  }
  // The kernel reports both AUTH (no truncation) and AUTH_TRUNC; the latter
  // says exactly what is installed.
  if (const netlink::Attribute* a = netlink::find(attributes, XFRMA_ALG_AUTH_TRUNC)) {
    auto algo = algo_with_key<wire::AlgoAuthHead>(*a, "XFRMA_ALG_AUTH_TRUNC");
    if (!algo) return fail(std::move(algo).error());
    const auto& [head, key] = *algo;
    const auto alg = rct::xfrm::from_integrity(name_of(head));
    bool exact = false;
    if (alg) {
      const auto row = rct::xfrm::to_integrity(*alg);
      exact = row && row->truncation_bits == head.alg_trunc_len;
    }
    if (!exact) {
      return fail(unnamed(
          fmt::format("integrity {} truncated to {} bits", name_of(head), head.alg_trunc_len)));
    }
    sa.integrity = *alg;
    sa.integrity_key = buf::SecretBytes(key);
    any = true;
  } else if (const netlink::Attribute* plain = netlink::find(attributes, XFRMA_ALG_AUTH)) {
    auto algo = algo_with_key<wire::AlgoHead>(*plain, "XFRMA_ALG_AUTH");
    if (!algo) return fail(std::move(algo).error());
    const auto& [head, key] = *algo;
    const auto alg = rct::xfrm::from_integrity(name_of(head));
    if (!alg) return fail(unnamed(fmt::format("integrity {}", name_of(head))));
    sa.integrity = *alg;
    sa.integrity_key = buf::SecretBytes(key);
    any = true;
  }
  if (const netlink::Attribute* a = netlink::find(attributes, XFRMA_ALG_COMP)) {
    const auto head = netlink::read_struct<wire::AlgoHead>(a->data);
    if (!head) return fail(malformed("XFRMA_ALG_COMP shorter than struct xfrm_algo"));
    const auto alg = rct::xfrm::from_compression(name_of(*head));
    if (!alg) return fail(unnamed(fmt::format("compression {}", name_of(*head))));
    sa.compression = *alg;
    any = true;
  }
  return any;
}

}  // namespace rc::kernel::xfrm::algorithms
