#include "crypto/prf.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "crypto/mac.h"
#include "rct/ikev2.h"
#include "rct/names.h"

namespace rc::crypto {
namespace {

constexpr std::size_t kAesBlock = 16;
constexpr std::size_t kMaxPrfPlusBlocks = 255;

// AES-CMAC-PRF-128 (RFC 4615 §3): a key of any length is first brought to
// 128 bits with AES-CMAC under the all-zero key.
Result<buf::SecretBytes> cmac_prf(std::span<const std::uint8_t> key, detail::Chunks data) {
  if (key.size() == kAesBlock) return detail::aes_cmac(key, data);
  static constexpr std::array<std::uint8_t, kAesBlock> kZeroKey{};
  const std::array<std::span<const std::uint8_t>, 1> key_piece{key};
  Result<buf::SecretBytes> derived = detail::aes_cmac(kZeroKey, key_piece);
  if (!derived) return derived;
  return detail::aes_cmac(derived->reveal(), data);
}

// The concatenation of the pieces, kept as a secret (prf+ seeds can hold
// g^ir).
buf::SecretBytes concatenate(Pieces pieces) {
  std::size_t total = 0;
  for (const auto& piece : pieces) total += piece.size();
  buf::SecretBytes out = buf::SecretBytes::zeros(total);
  std::size_t at = 0;
  for (const auto& piece : pieces) {
    std::copy(piece.begin(), piece.end(),
              out.reveal_writable().begin() + static_cast<std::ptrdiff_t>(at));
    at += piece.size();
  }
  return out;
}

}  // namespace

Result<Prf> Prf::create(rct::Prf algorithm) {
  Prf out;
  out.algorithm_ = algorithm;
  switch (algorithm) {
    case rct::Prf::HmacSha1:
      out.digest_ = "SHA1";
      out.output_size_ = 20;
      break;
    case rct::Prf::HmacSha2_256:
      out.digest_ = "SHA2-256";
      out.output_size_ = 32;
      break;
    case rct::Prf::HmacSha2_384:
      out.digest_ = "SHA2-384";
      out.output_size_ = 48;
      break;
    case rct::Prf::HmacSha2_512:
      out.digest_ = "SHA2-512";
      out.output_size_ = 64;
      break;
    case rct::Prf::AesCmac:
      out.cmac_ = true;
      out.output_size_ = kAesBlock;
      break;
    case rct::Prf::HmacMd5:  // not offered: RFC 8247 says MUST NOT
    case rct::Prf::AesXcbc:  // no EVP_MAC for XCBC in OpenSSL 3
    default:
      return fail(
          Error::invalid(fmt::format("PRF {} is not implemented", rct::display_name(algorithm))));
  }
  // HMAC's preferred key is its output size; AES-CMAC's is the AES key.
  out.key_size_ = out.output_size_;
  Result<std::uint16_t> id = rct::ikev2::to_prf(algorithm);
  if (!id) return fail(std::move(id).error());
  out.transform_id_ = *id;
  return out;
}

Result<Prf> Prf::for_transform_id(std::uint16_t id) {
  const std::optional<rct::Prf> algorithm = rct::ikev2::from_prf(id);
  if (!algorithm) return fail(Error::invalid(fmt::format("unknown IKEv2 PRF transform {}", id)));
  return create(*algorithm);
}

Result<buf::SecretBytes> prf(const Prf& algorithm, std::span<const std::uint8_t> key, Pieces data) {
  const detail::Chunks chunks(data.begin(), data.size());
  if (algorithm.cmac_) return cmac_prf(key, chunks);
  if (algorithm.digest_ == nullptr) return fail(Error::invalid("PRF is not initialised"));
  return detail::hmac(algorithm.digest_, key, chunks);
}

Result<buf::SecretBytes> prf_plus(const Prf& algorithm, std::span<const std::uint8_t> key,
                                  Pieces seed, std::size_t length) {
  const std::size_t block = algorithm.output_size();
  if (block == 0) return fail(Error::invalid("PRF is not initialised"));
  if (length > kMaxPrfPlusBlocks * block) {
    return fail(Error::invalid(
        fmt::format("prf+ cannot produce {} bytes: at most 255 blocks of {}", length, block)));
  }
  const buf::SecretBytes joined_seed = concatenate(seed);
  buf::SecretBytes out = buf::SecretBytes::zeros(length);
  buf::SecretBytes previous;  // T0 is empty
  std::size_t filled = 0;
  for (std::size_t n = 1; filled < length; ++n) {
    const std::array<std::uint8_t, 1> counter{static_cast<std::uint8_t>(n)};
    Result<buf::SecretBytes> next =
        prf(algorithm, key, {previous.reveal(), joined_seed.reveal(), counter});
    if (!next) return next;
    const std::size_t take = std::min(block, length - filled);
    std::copy_n(next->reveal().begin(), take,
                out.reveal_writable().begin() + static_cast<std::ptrdiff_t>(filled));
    filled += take;
    previous = std::move(*next);
  }
  return out;
}

}  // namespace rc::crypto
