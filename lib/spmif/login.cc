#include "spmif/login.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "base/unique_fd.h"
#include "safefile/safefile.h"

namespace rc::spmif {

namespace {

constexpr std::size_t kChallengeSeedBytes = 256;
constexpr std::size_t kSha1Bytes = 20;
constexpr std::string_view kUpperHex = "0123456789ABCDEF";

using Digest = std::array<std::uint8_t, kSha1Bytes>;

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// SHA-1 over the concatenation of `parts`, fed piece by piece so the
// password text never needs a second, unwiped copy.
Result<Digest> sha1(std::initializer_list<std::span<const std::uint8_t>> parts) {
  const std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) != 1) {
    return fail(Error::invalid("cannot initialise SHA-1 (OpenSSL)"));
  }
  for (const auto part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) {
      return fail(Error::invalid("SHA-1 update failed (OpenSSL)"));
    }
  }
  Digest digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1 || length != digest.size()) {
    return fail(Error::invalid("SHA-1 final failed (OpenSSL)"));
  }
  return digest;
}

void write_upper_hex(std::span<const std::uint8_t> bytes, char* out) {
  for (const std::uint8_t byte : bytes) {
    *out++ = kUpperHex[byte >> 4];
    *out++ = kUpperHex[byte & 0x0f];
  }
}

std::string upper_hex(std::span<const std::uint8_t> bytes) {
  std::string out(bytes.size() * 2, '\0');
  write_upper_hex(bytes, out.data());
  return out;
}

std::span<const std::uint8_t> text_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Result<void> write_all(int fd, std::span<const std::uint8_t> bytes, std::string_view path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(errno, "cannot write " + std::string(path)));
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return ok();
}

}  // namespace

Result<std::string> make_challenge() {
  auto seed = buf::SecretBytes::random(kChallengeSeedBytes);
  if (!seed) return fail(std::move(seed).error());
  auto digest = sha1({seed->reveal()});
  if (!digest) return fail(std::move(digest).error());
  return upper_hex(*digest);
}

buf::SecretBytes password_hex(std::span<const std::uint8_t> secret) {
  buf::SecretBytes out = buf::SecretBytes::zeros(secret.size() * 2);
  write_upper_hex(secret, reinterpret_cast<char*>(out.reveal_writable().data()));
  return out;
}

Result<std::string> login_response(std::string_view challenge, const buf::SecretBytes& password) {
  auto digest = sha1({text_bytes(challenge), password.reveal()});
  if (!digest) return fail(std::move(digest).error());
  return upper_hex(*digest);
}

bool check_login(std::string_view challenge, const buf::SecretBytes& password,
                 std::string_view response) {
  auto expected = login_response(challenge, password);
  if (!expected || response.size() != expected->size()) return false;
  return CRYPTO_memcmp(expected->data(), response.data(), response.size()) == 0;
}

Result<buf::SecretBytes> read_password(std::string_view path) {
  auto secret = safefile::read_secret_file(path, kMaxPasswordFileBytes);
  if (!secret) return fail(std::move(secret).error());
  return password_hex(secret->reveal());
}

Result<bool> create_password_file(std::string_view path, std::size_t bytes) {
  if (bytes == 0 || bytes > kMaxPasswordFileBytes) {
    return fail(Error::invalid("a spmif password must have 1 to 4096 bytes"));
  }
  const std::string name(path);
  // O_EXCL (which also refuses any symbolic link) is the check that no file
  // is there: an existing password is never replaced.
  UniqueFd fd(::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    if (errno == EEXIST) return false;
    return fail(Error::from_errno(errno, "cannot create " + name));
  }
  auto written = [&]() -> Result<void> {
    // The umask can only remove bits; this makes the mode exactly 0600.
    if (::fchmod(fd.get(), 0600) != 0) {
      return fail(Error::from_errno(errno, "cannot chmod " + name));
    }
    auto secret = buf::SecretBytes::random(bytes);
    if (!secret) return fail(std::move(secret).error());
    if (auto wrote = write_all(fd.get(), secret->reveal(), name); !wrote) return wrote;
    if (::fsync(fd.get()) != 0) return fail(Error::from_errno(errno, "cannot fsync " + name));
    return ok();
  }();
  if (!written) {
    // A short password file would lock every client out for good.
    ::unlink(name.c_str());
    return fail(std::move(written).error());
  }
  return true;
}

}  // namespace rc::spmif
