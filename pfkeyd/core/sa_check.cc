#include "sa_check.h"

#include <cerrno>

#include <fmt/format.h>

#include "rct/names.h"
#include "rct/xfrm.h"

namespace rc::pfkeyd {
namespace {

// XCBC and CMAC take an AES-128 key; HMACs take any key (RFC 2104 §3),
// though IKE always derives one of the hash's output length.
bool integrity_key_fits(rct::AuthAlg alg, std::size_t key_bits, std::size_t want_bits) {
  switch (alg) {
    case rct::AuthAlg::NonAuth:
      return key_bits == 0;
    case rct::AuthAlg::AesXcbc:
    case rct::AuthAlg::AesCmac:
      return key_bits == want_bits;
    default:
      return key_bits > 0;
  }
}

Error invalid(std::string message) {
  return Error{EINVAL, std::move(message)};
}

Result<void> check_cipher(const kernel::SaParams& sa, bool& aead) {
  auto cipher = rct::xfrm::to_cipher(sa.encryption);
  if (!cipher) {
    return fail(Error{ENOSYS, fmt::format("encryption algorithm {} is not available",
                                          rct::display_name(sa.encryption))});
  }
  aead = cipher->attribute == rct::xfrm::CipherAttribute::Aead;
  const std::size_t bits = sa.encryption_key.size() * 8;
  const bool fits = bits >= cipher->salt_bits && [&] {
    auto blob = rct::xfrm::key_blob_bits(sa.encryption,
                                         static_cast<std::uint16_t>(bits - cipher->salt_bits));
    return blob.has_value() && *blob == bits;
  }();
  if (!fits) {
    return fail(invalid(
        fmt::format("a {}-byte key does not fit {} (key {}-{} bits{})", sa.encryption_key.size(),
                    rct::display_name(sa.encryption), cipher->key.min_bits, cipher->key.max_bits,
                    cipher->salt_bits != 0 ? fmt::format(" plus a {}-bit salt", cipher->salt_bits)
                                           : std::string())));
  }
  return ok();
}

Result<void> check_integrity(const kernel::SaParams& sa) {
  auto integrity = rct::xfrm::to_integrity(sa.integrity);
  if (!integrity) {
    return fail(Error{ENOSYS, fmt::format("integrity algorithm {} is not available",
                                          rct::display_name(sa.integrity))});
  }
  if (!integrity_key_fits(sa.integrity, sa.integrity_key.size() * 8, integrity->key_bits)) {
    return fail(invalid(fmt::format("a {}-byte key does not fit {}", sa.integrity_key.size(),
                                    rct::display_name(sa.integrity))));
  }
  return ok();
}

Result<void> check_esp(const kernel::SaParams& sa) {
  if (sa.compression != rct::CompAlg{}) return fail(invalid("an ESP SA has no compression"));
  const bool has_cipher = sa.encryption != rct::EncAlg{};
  const bool has_integrity = sa.integrity != rct::AuthAlg{};
  bool aead = false;
  if (has_cipher) {
    if (auto checked = check_cipher(sa, aead); !checked) return checked;
  } else if (!sa.encryption_key.empty()) {
    return fail(invalid("an encryption key without an encryption algorithm"));
  }
  if (aead && has_integrity) {
    return fail(invalid(fmt::format("{} is an AEAD cipher: the SA takes no integrity algorithm",
                                    rct::display_name(sa.encryption))));
  }
  if (has_integrity) {
    if (auto checked = check_integrity(sa); !checked) return checked;
  } else if (!sa.integrity_key.empty()) {
    return fail(invalid("an integrity key without an integrity algorithm"));
  }
  const bool null_cipher = !has_cipher || sa.encryption == rct::EncAlg::NullEnc;
  const bool null_integrity = !has_integrity || sa.integrity == rct::AuthAlg::NonAuth;
  if (null_cipher && null_integrity) {
    // RFC 4303 §3.2: encryption and integrity must not both be NULL.
    return fail(invalid("an ESP SA needs encryption or integrity"));
  }
  return ok();
}

Result<void> check_ah(const kernel::SaParams& sa) {
  if (sa.encryption != rct::EncAlg{} || !sa.encryption_key.empty() ||
      sa.compression != rct::CompAlg{}) {
    return fail(invalid("an AH SA has only an integrity algorithm"));
  }
  if (sa.integrity == rct::AuthAlg{} || sa.integrity == rct::AuthAlg::NonAuth) {
    return fail(invalid("an AH SA needs an integrity algorithm"));
  }
  if (sa.nat) return fail(invalid("AH cannot be UDP-encapsulated"));
  return check_integrity(sa);
}

Result<void> check_ipcomp(const kernel::SaParams& sa) {
  if (sa.encryption != rct::EncAlg{} || sa.integrity != rct::AuthAlg{} ||
      !sa.encryption_key.empty() || !sa.integrity_key.empty()) {
    return fail(invalid("an IPComp SA has only a compression algorithm"));
  }
  if (sa.id.spi > 0xffff) return fail(invalid("an IPComp CPI has 16 bits"));
  if (sa.nat) return fail(invalid("IPComp cannot be UDP-encapsulated"));
  if (!rct::xfrm::to_compression(sa.compression)) {
    return fail(Error{ENOSYS, fmt::format("compression algorithm {} is not available",
                                          rct::display_name(sa.compression))});
  }
  return ok();
}

}  // namespace

bool is_single_sa_type(rct::SaType type) {
  return type == rct::SaType::Esp || type == rct::SaType::Ah || type == rct::SaType::Ipcomp;
}

Result<void> check_sa(const kernel::SaParams& sa) {
  if (!is_single_sa_type(sa.id.type)) return fail(invalid("an SA is ESP, AH or IPComp"));
  if (sa.id.src.family() != sa.id.dst.family()) {
    return fail(invalid("the SA's source and destination are of different families"));
  }
  if (sa.id.spi == 0) return fail(invalid("SPI 0 names no SA"));
  if (sa.mode != rct::IpsecMode::Transport && sa.mode != rct::IpsecMode::Tunnel) {
    return fail(invalid("the SA's mode is neither transport nor tunnel"));
  }
  if (sa.selector && sa.selector->src.family() != sa.selector->dst.family()) {
    return fail(invalid("the SA's selector mixes address families"));
  }
  switch (sa.id.type) {
    case rct::SaType::Esp:
      return check_esp(sa);
    case rct::SaType::Ah:
      return check_ah(sa);
    default:
      return check_ipcomp(sa);
  }
}

}  // namespace rc::pfkeyd
