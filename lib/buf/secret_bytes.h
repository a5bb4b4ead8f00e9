// SecretBytes: key material (PSKs, SKEYSEED, session keys, passwords). Owned
// by exactly one object, wiped before its memory is freed, compared in
// constant time, and deliberately hard to leak: it cannot be copied by
// accident, formatted by fmt, hex-dumped, or converted to a span implicitly.
// reveal() is the one door to the bytes, so every use is greppable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"

namespace rc::buf {

class SecretBytes {
 public:
  SecretBytes() noexcept = default;
  // Copies the given bytes; the caller remains responsible for wiping its own.
  explicit SecretBytes(std::span<const std::uint8_t> bytes);
  // n zero bytes, to be filled through reveal_writable() (e.g. by a KDF).
  static SecretBytes zeros(std::size_t n);
  // n bytes from the OpenSSL CSPRNG.
  static Result<SecretBytes> random(std::size_t n);

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;  // wipes the old bytes
  ~SecretBytes();

  // An explicit second copy; wiped independently.
  [[nodiscard]] SecretBytes clone() const;

  [[nodiscard]] std::span<const std::uint8_t> reveal() const noexcept {
    return {data_.get(), size_};
  }
  [[nodiscard]] std::span<std::uint8_t> reveal_writable() noexcept { return {data_.get(), size_}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  // Wipes and releases the bytes now; the object is empty afterwards.
  void clear() noexcept;

  // == would invite a timing-leaky comparison; use equal().
  bool operator==(const SecretBytes&) const = delete;

 private:
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
};

// Constant-time comparison (CRYPTO_memcmp); false on a length mismatch.
bool equal(const SecretBytes& a, const SecretBytes& b) noexcept;

namespace testing {
// Called with the bytes of every SecretBytes buffer after it was wiped and
// just before it is freed, so a test can check the wipe without reading freed
// memory. Pass nullptr to remove. Only tests install one.
using WipeObserver = void (*)(std::span<const std::uint8_t> wiped);
void set_wipe_observer(WipeObserver observer) noexcept;
}  // namespace testing

}  // namespace rc::buf
