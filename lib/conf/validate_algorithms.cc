// Weak algorithms: a warning for each place one is written. The verdicts
// follow the IETF's current implementation guidance, RFC 8221 for ESP and
// AH and RFC 8247 for IKEv2: what they mark MUST NOT or SHOULD NOT, and
// what they leave out because it is broken or has 64-bit blocks (Sweet32).
// IKEv1 has no such document; its hashes and groups are judged by the
// IKEv2 verdict on the same primitive. These are warnings, not errors: an
// old peer may leave no choice, and the administrator should know.
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "conf/validate_checks.h"
#include "rct/names.h"

namespace rc::conf::validation {
namespace {

template <class Alg>
struct Verdict {
  Alg algorithm;
  std::string_view why;
};

constexpr std::string_view kBetterEnc = "an AES algorithm or chacha20_poly1305";
constexpr std::string_view kBetterMac = "hmac_sha2_256 or stronger";
constexpr std::string_view kBetterHash = "sha2_256 or stronger";
constexpr std::string_view kBetterGroup = "modp2048, ecp256, curve25519 or stronger";

constexpr auto kWeakEnc = std::to_array<Verdict<rct::EncAlg>>({
    {rct::EncAlg::DesCbcIv64, "RFC 8221: MUST NOT"},
    {rct::EncAlg::DesCbc, "RFC 8221 and RFC 8247: MUST NOT"},
    {rct::EncAlg::DesCbcIv32, "RFC 8221: MUST NOT"},
    {rct::EncAlg::Des3Cbc, "64-bit blocks; RFC 8221: SHOULD NOT"},
    {rct::EncAlg::BlowfishCbc, "RFC 8221: MUST NOT"},
    {rct::EncAlg::Idea3Cbc, "RFC 8221: MUST NOT"},
    // Not listed by RFC 8221 or RFC 8247 at all, and 64-bit block ciphers.
    {rct::EncAlg::Rc5Cbc, "64-bit blocks; not in RFC 8221"},
    {rct::EncAlg::IdeaCbc, "64-bit blocks; not in RFC 8221"},
    {rct::EncAlg::Cast128Cbc, "64-bit blocks; not in RFC 8221"},
    {rct::EncAlg::Rc4Cbc, "RC4 is broken; not in RFC 8221"},
    // RFC 8221 keeps ENCR_NULL for integrity-only ESP, but it hides nothing;
    // RFC 7296 §5 forbids it for the IKE SA.
    {rct::EncAlg::NullEnc, "no confidentiality"},
});

constexpr auto kWeakMac = std::to_array<Verdict<rct::AuthAlg>>({
    {rct::AuthAlg::HmacMd5, "RFC 8221 and RFC 8247: MUST NOT"},
    {rct::AuthAlg::DesMac, "RFC 8221 and RFC 8247: MUST NOT"},
    {rct::AuthAlg::KpdkMd5, "RFC 8221 and RFC 8247: MUST NOT"},
    // AUTH_NONE is right only with an AEAD (the caller skips that case);
    // RFC 8221 says MUST NOT for AH.
    {rct::AuthAlg::NonAuth, "no integrity"},
});

constexpr auto kWeakHash = std::to_array<Verdict<rct::HashAlg>>({
    {rct::HashAlg::Md5, "RFC 8247: MUST NOT"},
    {rct::HashAlg::Tiger, "not in RFC 8247"},
});

constexpr auto kWeakPrf = std::to_array<Verdict<rct::Prf>>({
    {rct::Prf::HmacMd5, "RFC 8247: MUST NOT"},
});

constexpr auto kWeakGroup = std::to_array<Verdict<rct::DhGroup>>({
    {rct::DhGroup::Modp768, "RFC 8247: MUST NOT"},
    {rct::DhGroup::Modp1024, "RFC 8247: SHOULD NOT"},
    {rct::DhGroup::Modp1536, "RFC 8247: SHOULD NOT"},
    // IKEv1's EC2N groups 3 and 4 give well under 80-bit strength.
    {rct::DhGroup::Ec2n155, "not in RFC 8247"},
    {rct::DhGroup::Ec2n185, "not in RFC 8247"},
});

template <class Alg, std::size_t N>
std::string_view verdict(const std::array<Verdict<Alg>, N>& table, Alg algorithm) {
  for (const auto& row : table) {
    if (row.algorithm == algorithm) return row.why;
  }
  return {};
}

template <class Alg, std::size_t N>
void warn_spec(const Context& context, const AlgorithmSpec<Alg>& spec,
               const std::array<Verdict<Alg>, N>& table, std::string_view better) {
  const std::string_view why = verdict(table, spec.algorithm);
  if (why.empty()) return;
  context.out.warning(spec.location, fmt::format("{} is weak ({}); expected {}",
                                                 rct::display_name(spec.algorithm), why, better));
}

// AES, whatever the mode, has 128-, 192- and 256-bit keys.
bool is_aes(rct::EncAlg algorithm) {
  switch (algorithm) {
    case rct::EncAlg::RijndaelCbc:
    case rct::EncAlg::Aes128Cbc:
    case rct::EncAlg::Aes192Cbc:
    case rct::EncAlg::Aes256Cbc:
    case rct::EncAlg::AesCtr:
    case rct::EncAlg::NullAesGmac:
      return true;
    default:
      return is_aead(algorithm) && algorithm != rct::EncAlg::Chacha20Poly1305;
  }
}

}  // namespace

bool is_aead(rct::EncAlg algorithm) {
  switch (algorithm) {
    case rct::EncAlg::AesGcm8:
    case rct::EncAlg::AesGcm12:
    case rct::EncAlg::AesGcm16:
    case rct::EncAlg::AesCcm8:
    case rct::EncAlg::AesCcm12:
    case rct::EncAlg::AesCcm16:
    case rct::EncAlg::Chacha20Poly1305:
    case rct::EncAlg::NullAesGmac:
      return true;
    default:
      return false;
  }
}

void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::EncAlg>>& list) {
  for (const auto& spec : list) {
    warn_spec(context, spec, kWeakEnc, kBetterEnc);
    if (!is_aes(spec.algorithm) || spec.key_bits == 0 || spec.key_bits >= 128) continue;
    context.out.warning(spec.location,
                        fmt::format("{} with a {}-bit key is weak; expected 128, "
                                    "192 or 256 bits",
                                    rct::display_name(spec.algorithm), spec.key_bits));
  }
}

void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::AuthAlg>>& list,
               bool aead_only) {
  for (const auto& spec : list) {
    if (aead_only && spec.algorithm == rct::AuthAlg::NonAuth) continue;
    warn_spec(context, spec, kWeakMac, kBetterMac);
  }
}

void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::HashAlg>>& list) {
  for (const auto& spec : list) warn_spec(context, spec, kWeakHash, kBetterHash);
}

void warn_weak(const Context& context, const std::vector<AlgorithmSpec<rct::Prf>>& list) {
  for (const auto& spec : list) warn_spec(context, spec, kWeakPrf, kBetterMac);
}

void warn_weak(const Context& context, const std::vector<rct::DhGroup>& groups,
               const Location& location) {
  for (const rct::DhGroup group : groups) {
    const std::string_view why = verdict(kWeakGroup, group);
    if (why.empty()) continue;
    context.out.warning(location, fmt::format("{} is weak ({}); expected {}",
                                              rct::display_name(group), why, kBetterGroup));
  }
}

}  // namespace rc::conf::validation
