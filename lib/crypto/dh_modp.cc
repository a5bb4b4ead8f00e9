// MODP groups (RFC 3526, and RFC 2409's group 5): OpenSSL's named groups
// "modp_N", which carry q = (p-1)/2, so OpenSSL's own public-key check also
// confirms the peer's value lies in the prime-order subgroup.
#include <array>
#include <string>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <fmt/format.h>

#include "crypto/dh_family.h"
#include "crypto/openssl_error.h"

namespace rc::crypto::detail {
namespace {

Result<BignumPtr> get_bn(const EVP_PKEY& key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(&key, name, &raw) != 1) {
    return fail(openssl_error(fmt::format("cannot read the DH key's {}", name)));
  }
  return BignumPtr(raw);
}

// The group's domain parameters as a parameters-only EVP_PKEY.
Result<PkeyPtr> domain(const DhGroupInfo& info) {
  std::string name(info.group_name);
  const std::array<OSSL_PARAM, 2> params{
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  return pkey_from_params("DH", EVP_PKEY_KEY_PARAMETERS, params.data());
}

}  // namespace

Result<buf::Bytes> modp_public_value(const DhGroupInfo& info, const EVP_PKEY& key) {
  Result<BignumPtr> y = get_bn(key, OSSL_PKEY_PARAM_PUB_KEY);
  if (!y) return fail(std::move(y).error());
  buf::Bytes out(info.public_size);
  if (BN_bn2binpad(y->get(), out.data(), static_cast<int>(out.size())) < 0) {
    return fail(Error::invalid("DH public value is longer than the prime"));
  }
  return out;
}

Result<PkeyPtr> modp_peer_key(const DhGroupInfo& info, const EVP_PKEY& own,
                              std::span<const std::uint8_t> peer) {
  BignumPtr y(BN_bin2bn(peer.data(), static_cast<int>(peer.size()), nullptr));
  Result<BignumPtr> p = get_bn(own, OSSL_PKEY_PARAM_FFC_P);
  if (!y || !p) return fail(openssl_error("cannot read the peer's DH value"));
  BignumPtr p_minus_1(BN_dup(p->get()));
  if (!p_minus_1 || BN_sub_word(p_minus_1.get(), 1) != 1) {
    return fail(openssl_error("cannot compute p-1"));
  }
  // RFC 7296 §5 / NIST SP 800-56A: 1 < y < p-1. 0, 1 and p-1 force the
  // shared secret into {0, 1, p-1}; y >= p is not an element at all.
  if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p_minus_1.get()) >= 0) {
    return fail(bad_peer_value(info, "y is not in (1, p-1)"));
  }
  ParamBuilderPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.group_name,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) != 1) {
    return fail(openssl_error("cannot build the peer's DH key"));
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return fail(openssl_error("cannot build the peer's DH key"));
  Result<PkeyPtr> key = pkey_from_params("DH", EVP_PKEY_PUBLIC_KEY, params.get());
  if (!key) return fail(bad_peer_value(info, key.error().message));
  return key;
}

Result<PkeyPtr> modp_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value) {
  Result<PkeyPtr> params_key = domain(info);
  if (!params_key) return fail(std::move(params_key).error());
  Result<BignumPtr> p = get_bn(**params_key, OSSL_PKEY_PARAM_FFC_P);
  Result<BignumPtr> g = get_bn(**params_key, OSSL_PKEY_PARAM_FFC_G);
  if (!p || !g) return fail(openssl_error("cannot read the group's p and g"));

  SecretBignumPtr x(BN_secure_new());
  BignumPtr y(BN_new());
  BnCtxPtr bn_ctx(BN_CTX_secure_new());
  if (!x || !y || !bn_ctx ||
      BN_bin2bn(value.data(), static_cast<int>(value.size()), x.get()) == nullptr) {
    return fail(openssl_error("cannot read the private value"));
  }
  if (BN_is_zero(x.get()) || BN_cmp(x.get(), p->get()) >= 0) {
    return fail(Error::invalid("DH private value is out of range"));
  }
  BN_set_flags(x.get(), BN_FLG_CONSTTIME);
  if (BN_mod_exp(y.get(), g->get(), x.get(), p->get(), bn_ctx.get()) != 1) {
    return fail(openssl_error("cannot compute g^x"));
  }
  ParamBuilderPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.group_name,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, x.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, y.get()) != 1) {
    return fail(openssl_error("cannot build the DH key"));
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return fail(openssl_error("cannot build the DH key"));
  return pkey_from_params("DH", EVP_PKEY_KEYPAIR, params.get());
}

}  // namespace rc::crypto::detail
