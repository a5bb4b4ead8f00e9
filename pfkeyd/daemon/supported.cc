#include "supported.h"

#include <linux/pfkeyv2.h>

#include <array>

#include "kernel/pfkey/pfkey_sa.h"

namespace rc::pfkeyd {
namespace {

using kernel::pfkey::SupportedAlgorithm;

// {id, IV bytes, min key bits, max key bits}. AES-CTR, CCM and GCM keys end
// with their salt (RFC 3686, 4309, 4106): 32 more bits than the cipher key.
constexpr std::array<SupportedAlgorithm, 8> kAuthentication{{
    {SADB_AALG_MD5HMAC, 0, 128, 128},
    {SADB_AALG_SHA1HMAC, 0, 160, 160},
    {SADB_X_AALG_SHA2_256HMAC, 0, 256, 256},
    {SADB_X_AALG_SHA2_384HMAC, 0, 384, 384},
    {SADB_X_AALG_SHA2_512HMAC, 0, 512, 512},
    {SADB_X_AALG_RIPEMD160HMAC, 0, 160, 160},
    {SADB_X_AALG_AES_XCBC_MAC, 0, 128, 128},
    {SADB_X_AALG_NULL, 0, 0, 0},
}};

constexpr std::array<SupportedAlgorithm, 16> kEncryption{{
    {SADB_EALG_DESCBC, 8, 64, 64},
    {SADB_EALG_3DESCBC, 8, 192, 192},
    {SADB_X_EALG_CASTCBC, 8, 40, 128},
    {SADB_X_EALG_BLOWFISHCBC, 8, 40, 448},
    {SADB_EALG_NULL, 0, 0, 0},
    {SADB_X_EALG_AESCBC, 16, 128, 256},
    {SADB_X_EALG_AESCTR, 8, 160, 288},
    {SADB_X_EALG_AES_CCM_ICV8, 8, 152, 280},
    {SADB_X_EALG_AES_CCM_ICV12, 8, 152, 280},
    {SADB_X_EALG_AES_CCM_ICV16, 8, 152, 280},
    {SADB_X_EALG_AES_GCM_ICV8, 8, 160, 288},
    {SADB_X_EALG_AES_GCM_ICV12, 8, 160, 288},
    {SADB_X_EALG_AES_GCM_ICV16, 8, 160, 288},
    {SADB_X_EALG_NULL_AES_GMAC, 8, 160, 288},
    {SADB_X_EALG_TWOFISHCBC, 16, 128, 256},
    {kernel::pfkey::kPfkeydChacha20Poly1305, 8, 288, 288},  // the pfkeyd dialect (pfkey_sa.h)
}};

constexpr std::array<SupportedAlgorithm, 3> kCompression{{
    {SADB_X_CALG_OUI, 0, 0, 0},
    {SADB_X_CALG_DEFLATE, 0, 0, 0},
    {SADB_X_CALG_LZS, 0, 0, 0},
}};

}  // namespace

kernel::pfkey::SupportedAlgorithms supported_algorithms(std::uint8_t satype) {
  kernel::pfkey::SupportedAlgorithms supported;
  switch (satype) {
    case SADB_SATYPE_ESP:
      supported.authentication.assign(kAuthentication.begin(), kAuthentication.end());
      supported.encryption.assign(kEncryption.begin(), kEncryption.end());
      break;
    case SADB_SATYPE_AH:
      supported.authentication.assign(kAuthentication.begin(), kAuthentication.end() - 1);
      break;
    case SADB_X_SATYPE_IPCOMP:
      supported.encryption.assign(kCompression.begin(), kCompression.end());
      break;
    default:
      break;
  }
  return supported;
}

}  // namespace rc::pfkeyd
