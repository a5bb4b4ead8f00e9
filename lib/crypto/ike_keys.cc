#include "crypto/ike_keys.h"

#include "buf/bytes.h"

namespace rc::crypto {
namespace {

constexpr std::size_t kIkeSpiSize = 8;

// Hands out consecutive pieces of a prf+ output, each as its own secret.
class KeySplitter {
 public:
  explicit KeySplitter(const buf::SecretBytes& keymat) : keymat_(keymat.reveal()) {}
  buf::SecretBytes take(std::size_t n) {
    buf::SecretBytes out(keymat_.subspan(at_, n));
    at_ += n;
    return out;
  }

 private:
  std::span<const std::uint8_t> keymat_;
  std::size_t at_ = 0;
};

}  // namespace

KeySizes key_sizes(const EncrSpec& encr, const std::optional<Integrity>& integ) {
  return KeySizes{encr.keymat_size(), integ ? integ->key_size() : 0};
}

Result<buf::SecretBytes> skeyseed(const Prf& prf, std::span<const std::uint8_t> ni,
                                  std::span<const std::uint8_t> nr, const buf::SecretBytes& g_ir) {
  // The nonces are public; only g^ir is secret.
  buf::Bytes key;
  if (prf.fixed_key_size()) {
    const std::size_t half = prf.key_size() / 2;
    if (ni.size() < half || nr.size() < half) {
      return fail(Error::invalid("nonces are too short for the PRF's key"));
    }
    ni = ni.first(half);
    nr = nr.first(half);
  }
  key.reserve(ni.size() + nr.size());
  key.insert(key.end(), ni.begin(), ni.end());
  key.insert(key.end(), nr.begin(), nr.end());
  return crypto::prf(prf, key, {g_ir.reveal()});
}

Result<buf::SecretBytes> rekey_skeyseed(const Prf& old_prf, const buf::SecretBytes& old_sk_d,
                                        const buf::SecretBytes& new_g_ir,
                                        std::span<const std::uint8_t> ni,
                                        std::span<const std::uint8_t> nr) {
  return crypto::prf(old_prf, old_sk_d.reveal(), {new_g_ir.reveal(), ni, nr});
}

Result<IkeSaKeys> derive_ike_sa_keys(const Prf& prf, KeySizes sizes,
                                     const buf::SecretBytes& skeyseed,
                                     std::span<const std::uint8_t> ni,
                                     std::span<const std::uint8_t> nr,
                                     std::span<const std::uint8_t> spi_i,
                                     std::span<const std::uint8_t> spi_r) {
  if (spi_i.size() != kIkeSpiSize || spi_r.size() != kIkeSpiSize) {
    return fail(Error::invalid("IKE SPIs must be 8 bytes"));
  }
  const std::size_t prf_key = prf.key_size();
  const std::size_t total = 3 * prf_key + 2 * sizes.integ + 2 * sizes.encr;
  Result<buf::SecretBytes> keymat = prf_plus(prf, skeyseed.reveal(), {ni, nr, spi_i, spi_r}, total);
  if (!keymat) return fail(std::move(keymat).error());
  KeySplitter split(*keymat);
  IkeSaKeys keys;
  keys.sk_d = split.take(prf_key);
  keys.sk_ai = split.take(sizes.integ);
  keys.sk_ar = split.take(sizes.integ);
  keys.sk_ei = split.take(sizes.encr);
  keys.sk_er = split.take(sizes.encr);
  keys.sk_pi = split.take(prf_key);
  keys.sk_pr = split.take(prf_key);
  return keys;
}

Result<ChildSaKeys> derive_child_sa_keys(const Prf& prf, const buf::SecretBytes& sk_d,
                                         KeySizes sizes, std::span<const std::uint8_t> ni,
                                         std::span<const std::uint8_t> nr,
                                         const buf::SecretBytes* pfs_g_ir) {
  const std::size_t total = 2 * (sizes.encr + sizes.integ);
  const std::span<const std::uint8_t> g_ir =
      pfs_g_ir != nullptr ? pfs_g_ir->reveal() : std::span<const std::uint8_t>{};
  Result<buf::SecretBytes> keymat = prf_plus(prf, sk_d.reveal(), {g_ir, ni, nr}, total);
  if (!keymat) return fail(std::move(keymat).error());
  KeySplitter split(*keymat);
  ChildSaKeys keys;
  keys.encr_i = split.take(sizes.encr);
  keys.integ_i = split.take(sizes.integ);
  keys.encr_r = split.take(sizes.encr);
  keys.integ_r = split.take(sizes.integ);
  return keys;
}

}  // namespace rc::crypto
