#include "crypto/dh.h"

#include <array>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <fmt/format.h>

#include "crypto/dh_family.h"
#include "crypto/openssl_error.h"
#include "rct/ikev2.h"
#include "rct/names.h"

namespace rc::crypto {
namespace detail {
namespace {

using rct::DhGroup;

// MODP 768 and 1024 (groups 1, 2) have no OpenSSL named group and are not
// offered; Curve448 (32) is left for later.
constexpr auto kGroups = std::to_array<DhGroupInfo>({
    {DhGroup::Modp1536, 5, DhFamily::Modp, "DH", "modp_1536", 0, 192, 192},
    {DhGroup::Modp2048, 14, DhFamily::Modp, "DH", "modp_2048", 0, 256, 256},
    {DhGroup::Modp3072, 15, DhFamily::Modp, "DH", "modp_3072", 0, 384, 384},
    {DhGroup::Modp4096, 16, DhFamily::Modp, "DH", "modp_4096", 0, 512, 512},
    {DhGroup::Modp6144, 17, DhFamily::Modp, "DH", "modp_6144", 0, 768, 768},
    {DhGroup::Modp8192, 18, DhFamily::Modp, "DH", "modp_8192", 0, 1024, 1024},
    {DhGroup::Ecp256, 19, DhFamily::Ecp, "EC", "prime256v1", NID_X9_62_prime256v1, 64, 32},
    {DhGroup::Ecp384, 20, DhFamily::Ecp, "EC", "secp384r1", NID_secp384r1, 96, 48},
    {DhGroup::Ecp521, 21, DhFamily::Ecp, "EC", "secp521r1", NID_secp521r1, 132, 66},
    {DhGroup::Curve25519, 31, DhFamily::X25519, "X25519", nullptr, 0, 32, 32},
});

}  // namespace

const DhGroupInfo* find_dh_group(rct::DhGroup group) noexcept {
  for (const DhGroupInfo& info : kGroups) {
    if (info.group == group) return &info;
  }
  return nullptr;
}

Error bad_peer_value(const DhGroupInfo& info, std::string_view why) {
  discard_openssl_errors();
  return Error{kBadPeerValue,
               fmt::format("peer's DH group {} public value refused: {}", info.transform_id, why)};
}

Result<PkeyPtr> pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return fail(openssl_error(fmt::format("cannot set up a {} key import", key_type)));
  }
  EVP_PKEY* raw = nullptr;
  // fromdata's parameter array is not modified; the API just lacks const.
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) {
    return fail(openssl_error(fmt::format("cannot import a {} key", key_type)));
  }
  return PkeyPtr(raw);
}

}  // namespace detail

namespace {

using detail::DhFamily;
using detail::DhGroupInfo;

Result<const DhGroupInfo*> lookup(rct::DhGroup group) {
  const DhGroupInfo* info = detail::find_dh_group(group);
  if (info == nullptr) {
    return fail(
        Error::invalid(fmt::format("DH group {} is not implemented", rct::display_name(group))));
  }
  return info;
}

Result<PkeyPtr> generate_key(const DhGroupInfo& info) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, info.key_type, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) {
    return fail(openssl_error("cannot set up DH key generation"));
  }
  if (info.group_name != nullptr) {
    std::string name(info.group_name);
    const std::array<OSSL_PARAM, 2> params{
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_PKEY_CTX_set_params(ctx.get(), params.data()) != 1) {
      return fail(openssl_error(fmt::format("cannot select group {}", info.group_name)));
    }
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    return fail(openssl_error(fmt::format("cannot generate a DH group {} key", info.transform_id)));
  }
  return PkeyPtr(raw);
}

bool all_zero(std::span<const std::uint8_t> bytes) noexcept {
  // No early exit: the time does not depend on the secret's bytes.
  std::uint8_t any = 0;
  for (const std::uint8_t byte : bytes) any = static_cast<std::uint8_t>(any | byte);
  return any == 0;
}

}  // namespace

DhKeyPair::DhKeyPair(const DhGroupInfo& info, PkeyPtr key, buf::Bytes public_value)
    : info_(&info), key_(std::move(key)), public_value_(std::move(public_value)) {}

Result<DhKeyPair> DhKeyPair::wrap(const DhGroupInfo& info, PkeyPtr key) {
  Result<buf::Bytes> public_value = [&]() -> Result<buf::Bytes> {
    switch (info.family) {
      case DhFamily::Modp:
        return detail::modp_public_value(info, *key);
      case DhFamily::Ecp:
        return detail::ecp_public_value(info, *key);
      case DhFamily::X25519:
        return detail::x25519_public_value(info, *key);
    }
    return fail(Error::invalid("unknown DH family"));
  }();
  if (!public_value) return fail(std::move(public_value).error());
  if (public_value->size() != info.public_size) {
    return fail(Error::invalid("DH public value has an unexpected length"));
  }
  return DhKeyPair(info, std::move(key), std::move(*public_value));
}

Result<DhKeyPair> DhKeyPair::generate(rct::DhGroup group) {
  Result<const DhGroupInfo*> info = lookup(group);
  if (!info) return fail(std::move(info).error());
  Result<PkeyPtr> key = generate_key(**info);
  if (!key) return fail(std::move(key).error());
  return wrap(**info, std::move(*key));
}

Result<DhKeyPair> DhKeyPair::generate_for_transform_id(std::uint16_t id) {
  const std::optional<rct::DhGroup> group = rct::ikev2::from_dh(id);
  if (!group) return fail(Error::invalid(fmt::format("unknown IKEv2 DH group {}", id)));
  return generate(*group);
}

Result<DhKeyPair> DhKeyPair::from_private_value(rct::DhGroup group,
                                                std::span<const std::uint8_t> private_value) {
  Result<const DhGroupInfo*> info = lookup(group);
  if (!info) return fail(std::move(info).error());
  const DhGroupInfo& group_info = **info;
  Result<PkeyPtr> key = [&]() -> Result<PkeyPtr> {
    switch (group_info.family) {
      case DhFamily::Modp:
        return detail::modp_from_private(group_info, private_value);
      case DhFamily::Ecp:
        return detail::ecp_from_private(group_info, private_value);
      case DhFamily::X25519:
        return detail::x25519_from_private(group_info, private_value);
    }
    return fail(Error::invalid("unknown DH family"));
  }();
  if (!key) return fail(std::move(key).error());
  return wrap(group_info, std::move(*key));
}

Result<std::size_t> DhKeyPair::public_value_size(rct::DhGroup group) {
  Result<const DhGroupInfo*> info = lookup(group);
  if (!info) return fail(std::move(info).error());
  return (*info)->public_size;
}

rct::DhGroup DhKeyPair::group() const noexcept {
  return info_->group;
}

std::uint16_t DhKeyPair::transform_id() const noexcept {
  return info_->transform_id;
}

Result<buf::SecretBytes> DhKeyPair::shared_secret(
    std::span<const std::uint8_t> peer_public_value) const {
  const DhGroupInfo& info = *info_;
  if (peer_public_value.size() != info.public_size) {
    return fail(
        detail::bad_peer_value(info, fmt::format("{} bytes where the group has {}",
                                                 peer_public_value.size(), info.public_size)));
  }
  Result<PkeyPtr> peer = [&]() -> Result<PkeyPtr> {
    switch (info.family) {
      case DhFamily::Modp:
        return detail::modp_peer_key(info, *key_, peer_public_value);
      case DhFamily::Ecp:
        return detail::ecp_peer_key(info, peer_public_value);
      case DhFamily::X25519:
        return detail::x25519_peer_key(info, peer_public_value);
    }
    return fail(Error::invalid("unknown DH family"));
  }();
  if (!peer) return fail(std::move(peer).error());

  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) {
    return fail(openssl_error("cannot set up DH key derivation"));
  }
  // g^ir keeps its leading zero bytes (RFC 7296 §2.14); OpenSSL strips them
  // unless asked.
  if (info.family == DhFamily::Modp && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1) {
    return fail(openssl_error("cannot ask for a padded DH secret"));
  }
  // set_peer runs OpenSSL's public-key check (for MODP with q: y^q = 1).
  if (EVP_PKEY_derive_set_peer(ctx.get(), peer->get()) != 1) {
    return fail(detail::bad_peer_value(info, "OpenSSL's public key check failed"));
  }
  std::size_t length = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1 || length != info.secret_size) {
    return fail(openssl_error("cannot size the DH shared secret"));
  }
  buf::SecretBytes secret = buf::SecretBytes::zeros(length);
  if (EVP_PKEY_derive(ctx.get(), secret.reveal_writable().data(), &length) != 1) {
    // OpenSSL's X25519 refuses an all-zero result (a small-order point).
    if (info.family == DhFamily::X25519) {
      return fail(detail::bad_peer_value(info, "small-order point"));
    }
    return fail(openssl_error("DH key derivation failed"));
  }
  if (length != info.secret_size) return fail(Error::invalid("DH secret has an unexpected length"));
  // RFC 8031 §2.3 / RFC 7748 §6.1: an all-zero X25519 output MUST be refused;
  // checked here too so the rule does not rest on OpenSSL's behaviour.
  if (info.family == DhFamily::X25519 && all_zero(secret.reveal())) {
    return fail(detail::bad_peer_value(info, "all-zero shared secret"));
  }
  return secret;
}

}  // namespace rc::crypto
