// ECP groups 19/20/21 (RFC 5903): NIST P-256/384/521. IKE carries x | y
// without SEC1's 0x04 prefix (RFC 5903 §7), so the prefix is dropped on the
// way out and added on the way in.
#include <string>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <fmt/format.h>

#include "crypto/dh_family.h"
#include "crypto/openssl_error.h"

namespace rc::crypto::detail {
namespace {

constexpr std::uint8_t kUncompressed = 0x04;

}  // namespace

Result<buf::Bytes> ecp_public_value(const DhGroupInfo& info, const EVP_PKEY& key) {
  buf::Bytes encoded(1 + info.public_size);
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(&key, OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size(),
                                      &length) != 1) {
    return fail(openssl_error("cannot read the EC public key"));
  }
  if (length != encoded.size() || encoded[0] != kUncompressed) {
    return fail(Error::invalid("EC public key is not an uncompressed point"));
  }
  return buf::Bytes(encoded.begin() + 1, encoded.end());
}

Result<PkeyPtr> ecp_peer_key(const DhGroupInfo& info, std::span<const std::uint8_t> peer) {
  buf::Bytes encoded;
  encoded.reserve(1 + peer.size());
  encoded.push_back(kUncompressed);
  encoded.insert(encoded.end(), peer.begin(), peer.end());
  ParamBuilderPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.group_name,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(),
                                       encoded.size()) != 1) {
    return fail(openssl_error("cannot build the peer's EC key"));
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return fail(openssl_error("cannot build the peer's EC key"));
  // The import decodes the point, which refuses coordinates >= p and points
  // off the curve.
  Result<PkeyPtr> key = pkey_from_params("EC", EVP_PKEY_PUBLIC_KEY, params.get());
  if (!key) return fail(bad_peer_value(info, "not a point on the curve"));
  // The full check again (on the curve, not infinity, right order), so the
  // rule does not rest on the import path.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
  if (!check) return fail(openssl_error("cannot check the peer's EC key"));
  if (EVP_PKEY_public_check(check.get()) != 1) {
    return fail(bad_peer_value(info, "EC public key check failed"));
  }
  return key;
}

Result<PkeyPtr> ecp_from_private(const DhGroupInfo& info, std::span<const std::uint8_t> value) {
  EcGroupPtr group(EC_GROUP_new_by_curve_name(info.curve_nid));
  SecretBignumPtr scalar(BN_secure_new());
  BnCtxPtr bn_ctx(BN_CTX_secure_new());
  if (!group || !scalar || !bn_ctx ||
      BN_bin2bn(value.data(), static_cast<int>(value.size()), scalar.get()) == nullptr) {
    return fail(openssl_error("cannot read the EC private value"));
  }
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return fail(Error::invalid("EC private value is out of range"));
  }
  EcPointPtr point(EC_POINT_new(group.get()));
  if (!point ||
      EC_POINT_mul(group.get(), point.get(), scalar.get(), nullptr, nullptr, bn_ctx.get()) != 1) {
    return fail(openssl_error("cannot compute the EC public point"));
  }
  buf::Bytes encoded(1 + info.public_size);
  if (EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), bn_ctx.get()) != encoded.size()) {
    return fail(openssl_error("cannot encode the EC public point"));
  }
  ParamBuilderPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, info.group_name,
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(),
                                       encoded.size()) != 1) {
    return fail(openssl_error("cannot build the EC key"));
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return fail(openssl_error("cannot build the EC key"));
  return pkey_from_params("EC", EVP_PKEY_KEYPAIR, params.get());
}

}  // namespace rc::crypto::detail
