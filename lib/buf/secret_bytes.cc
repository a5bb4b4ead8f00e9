#include "buf/secret_bytes.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <string>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "buf/bytes.h"

namespace rc::buf {

namespace {

// A test hook, not configuration: nullptr in every program.
std::atomic<testing::WipeObserver> g_wipe_observer{nullptr};

std::string openssl_error_text() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "no OpenSSL error recorded";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

void testing::set_wipe_observer(WipeObserver observer) noexcept {
  g_wipe_observer = observer;
}

SecretBytes::SecretBytes(std::span<const std::uint8_t> bytes) : SecretBytes(zeros(bytes.size())) {
  std::copy(bytes.begin(), bytes.end(), data_.get());
}

SecretBytes SecretBytes::zeros(std::size_t n) {
  SecretBytes out;
  if (n == 0) return out;
  out.data_ = std::make_unique<std::uint8_t[]>(n);  // value-initialised: all zero
  out.size_ = n;
  return out;
}

Result<SecretBytes> SecretBytes::random(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    return fail(Error::invalid("requested random secret is too large"));
  }
  SecretBytes out = zeros(n);
  if (n > 0 && RAND_bytes(out.data_.get(), static_cast<int>(n)) != 1) {
    return fail(Error::invalid("cannot generate random bytes: " + openssl_error_text()));
  }
  return out;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    clear();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() {
  clear();
}

SecretBytes SecretBytes::clone() const {
  return SecretBytes(reveal());
}

void SecretBytes::clear() noexcept {
  if (data_) {
    // OPENSSL_cleanse, unlike memset, is not removed as a dead store.
    OPENSSL_cleanse(data_.get(), size_);
    if (auto observer = g_wipe_observer.load()) observer(reveal());
  }
  data_.reset();
  size_ = 0;
}

bool equal(const SecretBytes& a, const SecretBytes& b) noexcept {
  return constant_time_equal(a.reveal(), b.reveal());
}

}  // namespace rc::buf
