#include "crypto/sk_cipher.h"

#include <algorithm>
#include <array>
#include <climits>
#include <limits>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include "crypto/openssl_error.h"

namespace rc::crypto {
namespace {

constexpr std::size_t kAeadNonceSize = 12;  // salt (4) | IV (8)

// Plaintext buffers hold decrypted, possibly unauthenticated data; they are
// wiped when dropped on an error path.
void wipe(buf::Bytes& bytes) noexcept {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

int as_int(std::size_t n) noexcept {
  return static_cast<int>(n);
}

// Bytes an EVP Update and Final wrote together (each count is >= 0).
std::size_t produced(int update, int final) noexcept {
  return static_cast<std::size_t>(update) + static_cast<std::size_t>(final);
}

// payloads | padding | pad length, padded to `block` (minimal padding of
// zero bytes; §3.14 lets the sender choose any content).
buf::Bytes pad_plaintext(std::span<const std::uint8_t> payloads, std::size_t block) {
  const std::size_t pad = (block - (payloads.size() + 1) % block) % block;
  buf::Bytes out;
  out.reserve(payloads.size() + pad + 1);
  out.insert(out.end(), payloads.begin(), payloads.end());
  out.insert(out.end(), pad, 0);
  out.push_back(static_cast<std::uint8_t>(pad));
  return out;
}

// The payloads of a decrypted, authenticated plaintext, or BadPadding.
Result<buf::Bytes, SkOpenError> strip_padding(buf::Bytes plain) {
  if (plain.empty()) return fail(SkOpenError::BadPadding);
  const std::size_t pad = plain.back();
  if (pad + 1 > plain.size()) {
    wipe(plain);
    return fail(SkOpenError::BadPadding);
  }
  plain.resize(plain.size() - pad - 1);
  return plain;
}

}  // namespace

std::string_view describe(SkOpenError error) noexcept {
  switch (error) {
    case SkOpenError::Truncated:
      return "encrypted payload too short or misaligned";
    case SkOpenError::BadIcv:
      return "integrity check failed";
    case SkOpenError::BadPadding:
      return "pad length exceeds the plaintext";
    case SkOpenError::Internal:
      return "cipher failure";
  }
  return "unknown error";
}

Result<SkCipher> SkCipher::create(const EncrSpec& encr, buf::SecretBytes encr_key,
                                  std::optional<Integrity> integ, buf::SecretBytes integ_key) {
  if (encr.evp_cipher == nullptr || encr.key_size == 0) {
    return fail(Error::invalid(
        fmt::format("encryption transform {} cannot protect IKE messages", encr.transform_id)));
  }
  if (encr_key.size() != encr.keymat_size()) {
    return fail(Error::invalid(
        fmt::format("SK_e must be {} bytes, not {}", encr.keymat_size(), encr_key.size())));
  }
  if (encr.aead() == integ.has_value()) {
    return fail(Error::invalid(encr.aead() ? "an AEAD cipher takes no integrity transform"
                                           : "this cipher needs an integrity transform"));
  }
  if (integ && integ_key.size() != integ->key_size()) {
    return fail(Error::invalid(
        fmt::format("SK_a must be {} bytes, not {}", integ->key_size(), integ_key.size())));
  }
  if (!encr.aead() && encr.iv_size != encr.block_size) {
    return fail(Error::invalid("a CBC transform's IV must be one block"));
  }
  SkCipher out;
  out.cipher_.reset(EVP_CIPHER_fetch(nullptr, encr.evp_cipher, nullptr));
  if (!out.cipher_) return fail(openssl_error(fmt::format("cannot fetch {}", encr.evp_cipher)));
  if (static_cast<std::size_t>(EVP_CIPHER_get_key_length(out.cipher_.get())) != encr.key_size) {
    return fail(Error::invalid(fmt::format("{} has an unexpected key length", encr.evp_cipher)));
  }
  out.encr_ = encr;
  out.key_ = buf::SecretBytes(encr_key.reveal().first(encr.key_size));
  out.salt_ = buf::SecretBytes(encr_key.reveal().subspan(encr.key_size));
  out.integ_ = integ;
  out.integ_key_ = std::move(integ_key);
  return out;
}

std::size_t SkCipher::sealed_size(std::size_t payloads_size) const noexcept {
  const std::size_t block = encr_.block_size;
  const std::size_t padded = (payloads_size + 1 + block - 1) / block * block;
  const std::size_t icv = encr_.aead() ? encr_.icv_size : (integ_ ? integ_->icv_size() : 0);
  return encr_.iv_size + padded + icv;
}

Result<buf::Bytes> SkCipher::seal(std::span<const std::uint8_t> associated,
                                  std::span<const std::uint8_t> payloads) {
  if (!cipher_ || key_.empty()) return fail(Error::invalid("SK cipher has no key"));
  if (associated.size() > INT_MAX / 2 || payloads.size() > INT_MAX / 2) {
    return fail(Error::invalid("message too large to encrypt"));
  }
  return encr_.aead() ? seal_aead(associated, payloads) : seal_cbc(associated, payloads);
}

Result<buf::Bytes, SkOpenError> SkCipher::open(std::span<const std::uint8_t> associated,
                                               std::span<const std::uint8_t> body) const {
  if (!cipher_ || key_.empty()) return fail(SkOpenError::Internal);
  if (associated.size() > INT_MAX / 2 || body.size() > INT_MAX / 2) {
    return fail(SkOpenError::Truncated);
  }
  return encr_.aead() ? open_aead(associated, body) : open_cbc(associated, body);
}

Result<buf::Bytes> SkCipher::seal_cbc(std::span<const std::uint8_t> associated,
                                      std::span<const std::uint8_t> payloads) const {
  buf::Bytes plain = pad_plaintext(payloads, encr_.block_size);
  buf::Bytes body(sealed_size(payloads.size()));
  const std::span<std::uint8_t> iv(body.data(), encr_.iv_size);
  // §3.14: a CBC IV MUST be unpredictable, so each message gets a fresh one.
  if (RAND_bytes(iv.data(), as_int(iv.size())) != 1) {
    wipe(plain);
    return fail(openssl_error("cannot generate an IV"));
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int written = 0;
  int final_written = 0;
  std::uint8_t* ciphertext = body.data() + encr_.iv_size;
  const bool encrypted =
      ctx &&
      EVP_EncryptInit_ex2(ctx.get(), cipher_.get(), key_.reveal().data(), iv.data(), nullptr) ==
          1 &&
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
      EVP_EncryptUpdate(ctx.get(), ciphertext, &written, plain.data(), as_int(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), ciphertext + written, &final_written) == 1 &&
      produced(written, final_written) == plain.size();
  wipe(plain);
  if (!encrypted) return fail(openssl_error("SK payload encryption failed"));

  const std::size_t covered = encr_.iv_size + static_cast<std::size_t>(written);
  Result<buf::Bytes> icv =
      integ_->compute(integ_key_.reveal(), {associated, std::span(body.data(), covered)});
  if (!icv) return fail(std::move(icv).error());
  std::copy(icv->begin(), icv->end(), body.begin() + static_cast<std::ptrdiff_t>(covered));
  return body;
}

Result<buf::Bytes> SkCipher::seal_aead(std::span<const std::uint8_t> associated,
                                       std::span<const std::uint8_t> payloads) {
  if (next_iv_ == std::numeric_limits<std::uint64_t>::max()) {
    return fail(Error::invalid("AEAD IVs of this key are exhausted; rekey the IKE SA"));
  }
  const std::uint64_t counter = next_iv_++;
  buf::Bytes plain = pad_plaintext(payloads, encr_.block_size);
  buf::Bytes body(sealed_size(payloads.size()));
  for (std::size_t i = 0; i < encr_.iv_size; ++i) {
    body[i] = static_cast<std::uint8_t>(counter >> (8 * (encr_.iv_size - 1 - i)));
  }
  std::array<std::uint8_t, kAeadNonceSize> nonce{};
  std::copy(salt_.reveal().begin(), salt_.reveal().end(), nonce.begin());
  std::copy_n(body.begin(), encr_.iv_size,
              nonce.begin() + static_cast<std::ptrdiff_t>(salt_.size()));

  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::uint8_t* ciphertext = body.data() + encr_.iv_size;
  std::uint8_t* tag = ciphertext + plain.size();
  int written = 0;
  int ignored = 0;
  int final_written = 0;
  const bool encrypted =
      ctx && EVP_EncryptInit_ex2(ctx.get(), cipher_.get(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, as_int(nonce.size()), nullptr) == 1 &&
      EVP_EncryptInit_ex2(ctx.get(), nullptr, key_.reveal().data(), nonce.data(), nullptr) == 1 &&
      (associated.empty() || EVP_EncryptUpdate(ctx.get(), nullptr, &ignored, associated.data(),
                                               as_int(associated.size())) == 1) &&
      EVP_EncryptUpdate(ctx.get(), ciphertext, &written, plain.data(), as_int(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), ciphertext + written, &final_written) == 1 &&
      produced(written, final_written) == plain.size() &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, as_int(encr_.icv_size), tag) == 1;
  OPENSSL_cleanse(nonce.data(), nonce.size());
  wipe(plain);
  if (!encrypted) return fail(openssl_error("SK payload encryption failed"));
  return body;
}

Result<buf::Bytes, SkOpenError> SkCipher::open_cbc(std::span<const std::uint8_t> associated,
                                                   std::span<const std::uint8_t> body) const {
  const std::size_t icv_size = integ_->icv_size();
  const std::size_t block = encr_.block_size;
  if (body.size() < encr_.iv_size + block + icv_size) return fail(SkOpenError::Truncated);
  const std::size_t ciphertext_size = body.size() - encr_.iv_size - icv_size;
  if (ciphertext_size % block != 0) return fail(SkOpenError::Truncated);

  // Authenticate first: nothing of an unauthenticated message is decrypted.
  const std::span<const std::uint8_t> covered = body.first(body.size() - icv_size);
  if (!integ_->verify(integ_key_.reveal(), {associated, covered}, body.last(icv_size))) {
    return fail(SkOpenError::BadIcv);
  }
  const std::span<const std::uint8_t> iv = body.first(encr_.iv_size);
  const std::span<const std::uint8_t> ciphertext = body.subspan(encr_.iv_size, ciphertext_size);
  buf::Bytes plain(ciphertext_size);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int written = 0;
  int final_written = 0;
  const bool decrypted =
      ctx &&
      EVP_DecryptInit_ex2(ctx.get(), cipher_.get(), key_.reveal().data(), iv.data(), nullptr) ==
          1 &&
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plain.data(), &written, ciphertext.data(),
                        as_int(ciphertext.size())) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), plain.data() + written, &final_written) == 1 &&
      produced(written, final_written) == plain.size();
  if (!decrypted) {
    wipe(plain);
    discard_openssl_errors();
    return fail(SkOpenError::Internal);
  }
  return strip_padding(std::move(plain));
}

Result<buf::Bytes, SkOpenError> SkCipher::open_aead(std::span<const std::uint8_t> associated,
                                                    std::span<const std::uint8_t> body) const {
  const std::size_t icv_size = encr_.icv_size;
  // At least the pad length byte between IV and ICV.
  if (body.size() < encr_.iv_size + 1 + icv_size) return fail(SkOpenError::Truncated);
  const std::size_t ciphertext_size = body.size() - encr_.iv_size - icv_size;
  const std::span<const std::uint8_t> ciphertext = body.subspan(encr_.iv_size, ciphertext_size);
  // The tag buffer is an input to SET_TAG, but the ctrl API is not const.
  std::array<std::uint8_t, 16> tag{};
  if (icv_size > tag.size()) return fail(SkOpenError::Internal);
  std::copy_n(body.last(icv_size).begin(), icv_size, tag.begin());

  std::array<std::uint8_t, kAeadNonceSize> nonce{};
  std::copy(salt_.reveal().begin(), salt_.reveal().end(), nonce.begin());
  std::copy_n(body.begin(), encr_.iv_size,
              nonce.begin() + static_cast<std::ptrdiff_t>(salt_.size()));

  buf::Bytes plain(ciphertext_size);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int written = 0;
  int ignored = 0;
  const bool ready =
      ctx && EVP_DecryptInit_ex2(ctx.get(), cipher_.get(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, as_int(nonce.size()), nullptr) == 1 &&
      EVP_DecryptInit_ex2(ctx.get(), nullptr, key_.reveal().data(), nonce.data(), nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, as_int(icv_size), tag.data()) == 1 &&
      (associated.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &ignored, associated.data(),
                                               as_int(associated.size())) == 1) &&
      EVP_DecryptUpdate(ctx.get(), plain.data(), &written, ciphertext.data(),
                        as_int(ciphertext.size())) == 1;
  OPENSSL_cleanse(nonce.data(), nonce.size());
  if (!ready) {
    wipe(plain);
    discard_openssl_errors();
    return fail(SkOpenError::Internal);
  }
  // The tag is compared inside Final (in constant time); until it succeeds
  // the decrypted bytes are not trusted and never leave this function.
  int final_written = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), plain.data() + written, &final_written) != 1) {
    wipe(plain);
    discard_openssl_errors();
    return fail(SkOpenError::BadIcv);
  }
  if (produced(written, final_written) != plain.size()) {
    wipe(plain);
    return fail(SkOpenError::Internal);
  }
  return strip_padding(std::move(plain));
}

}  // namespace rc::crypto
