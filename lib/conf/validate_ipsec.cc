// ipsec and sa sections: bundles and the algorithms each SA protocol needs
// (reference §2.4; RFC 4303 ESP, RFC 4302 AH, RFC 3173 IPComp).
#include <algorithm>

#include <fmt/format.h>

#include "conf/validate_checks.h"
#include "rct/names.h"

namespace rc::conf::validation {
namespace {

template <class Alg>
using AlgList = std::optional<std::vector<AlgorithmSpec<Alg>>>;

// The SA a bundle member names, with its protocol resolved through
// default { sa { } }; unset when the sa is missing or names none.
std::optional<rct::SaType> protocol_of(const Context& context, const Ref& ref) {
  const Sa* sa = find_section(context, context.model.sas, ref.name);
  if (sa == nullptr) return std::nullopt;
  return resolved(sa, context.default_sa(), &Sa::sa_protocol);
}

// A bundle is at most one SA per protocol, so the allowed sets are AH, ESP,
// IPComp and their combinations (reference §2.4).
void check_bundle(const Context& context, const Ipsec& ipsec) {
  if (!ipsec.sa_index) return;
  const auto& refs = *ipsec.sa_index;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const auto protocol = protocol_of(context, refs[i]);
    if (!protocol) continue;
    for (std::size_t j = 0; j < i; ++j) {
      if (protocol_of(context, refs[j]) != protocol) continue;
      context.out.error(refs[i].location,
                        fmt::format("{} lists two {} sa blocks ('{}' and '{}'); a bundle holds at "
                                    "most one sa per protocol",
                                    describe("ipsec", ipsec.index), rct::display_name(*protocol),
                                    refs[j].name, refs[i].name));
      break;
    }
  }
}

void check_ipsec(const Context& context, const Ipsec& ipsec) {
  const auto& sas = resolved(&ipsec, context.default_ipsec(), &Ipsec::sa_index);
  if (!sas || sas->empty()) {
    context.out.error(
        ipsec.location,
        fmt::format("ipsec '{}' has no sa_index; expected sa_index NAME", ipsec.index));
  }
}

bool all_aead(const AlgList<rct::EncAlg>& list) {
  return list && !list->empty() && std::all_of(list->begin(), list->end(), [](const auto& spec) {
           return is_aead(spec.algorithm);
         });
}

// An integrity list that asks for no integrity at all (`non_auth`).
bool only_non_auth(const AlgList<rct::AuthAlg>& list) {
  return list && std::all_of(list->begin(), list->end(), [](const auto& spec) {
           return spec.algorithm == rct::AuthAlg::NonAuth;
         });
}

// An AEAD protects integrity itself: RFC 4106 (and RFC 4309, RFC 7634 for
// CCM and ChaCha20-Poly1305) use it without a separate integrity algorithm,
// and an IKEv2 proposal carrying one offers no integrity transform.
void check_aead(const Context& context, const AlgList<rct::EncAlg>& enc,
                const AlgList<rct::AuthAlg>& auth) {
  if (!enc || !auth || auth->empty() || only_non_auth(auth)) return;
  for (const auto& spec : *enc) {
    if (!is_aead(spec.algorithm)) continue;
    context.out.error(spec.location,
                      fmt::format("{} is an AEAD but esp_auth_alg is set too; expected no "
                                  "esp_auth_alg with an AEAD (RFC 4106: no separate integrity)",
                                  rct::display_name(spec.algorithm)));
  }
}

// Lists of another protocol in a named sa are ignored by the daemons.
template <class Alg>
void warn_ignored(const Context& context, const Sa& sa, rct::SaType protocol,
                  std::string_view directive, const AlgList<Alg>& list) {
  if (!list) return;
  const Location& at = list->empty() ? sa.location : list->front().location;
  context.out.warning(at, fmt::format("sa '{}' uses {}, so {} is ignored", sa.index,
                                      rct::display_name(protocol), directive));
}

void check_protocol(const Context& context, const Sa& sa, rct::SaType protocol) {
  const Sa* fallback = context.default_sa();
  const auto require = [&](std::string_view directive, bool present) {
    if (present) return;
    context.out.error(sa.location,
                      fmt::format("sa '{}' uses {} but has no {}; expected {} "
                                  "ALGORITHM",
                                  sa.index, rct::display_name(protocol), directive, directive));
  };
  const auto& enc = resolved(&sa, fallback, &Sa::esp_enc_alg);
  const auto& esp_auth = resolved(&sa, fallback, &Sa::esp_auth_alg);
  switch (protocol) {
    case rct::SaType::Esp:
      require("esp_enc_alg", enc && !enc->empty());
      if (enc && !enc->empty() && !all_aead(enc) && (!esp_auth || esp_auth->empty())) {
        context.out.warning(sa.location,
                            fmt::format("sa '{}' uses esp without esp_auth_alg, which gives no "
                                        "integrity; expected esp_auth_alg or an AEAD esp_enc_alg",
                                        sa.index));
      }
      warn_ignored(context, sa, protocol, "ah_auth_alg", sa.ah_auth_alg);
      warn_ignored(context, sa, protocol, "ipcomp_alg", sa.ipcomp_alg);
      break;
    case rct::SaType::Ah: {
      const auto& auth = resolved(&sa, fallback, &Sa::ah_auth_alg);
      require("ah_auth_alg", auth && !auth->empty());
      warn_ignored(context, sa, protocol, "esp_enc_alg", sa.esp_enc_alg);
      warn_ignored(context, sa, protocol, "esp_auth_alg", sa.esp_auth_alg);
      warn_ignored(context, sa, protocol, "ipcomp_alg", sa.ipcomp_alg);
      break;
    }
    case rct::SaType::Ipcomp: {
      const auto& comp = resolved(&sa, fallback, &Sa::ipcomp_alg);
      require("ipcomp_alg", comp && !comp->empty());
      warn_ignored(context, sa, protocol, "esp_enc_alg", sa.esp_enc_alg);
      warn_ignored(context, sa, protocol, "esp_auth_alg", sa.esp_auth_alg);
      warn_ignored(context, sa, protocol, "ah_auth_alg", sa.ah_auth_alg);
      break;
    }
    default:
      // Bundle types are never written in a config; the builder cannot make one.
      break;
  }
}

// The algorithm checks of one sa as written (named or default).
void check_written_sa(const Context& context, const Sa& sa, const AlgList<rct::EncAlg>& enc) {
  if (sa.esp_enc_alg) warn_weak(context, *sa.esp_enc_alg);
  if (sa.esp_auth_alg) warn_weak(context, *sa.esp_auth_alg, all_aead(enc));
  if (sa.ah_auth_alg) warn_weak(context, *sa.ah_auth_alg);
}

void check_sa(const Context& context, const Sa& sa) {
  const Sa* fallback = context.default_sa();
  const auto& enc = resolved(&sa, fallback, &Sa::esp_enc_alg);
  check_written_sa(context, sa, enc);
  // Report an AEAD + integrity mix where it was written: here when this sa
  // sets either list, else once at the default.
  if (sa.esp_enc_alg || sa.esp_auth_alg) {
    check_aead(context, enc, resolved(&sa, fallback, &Sa::esp_auth_alg));
  }
  const auto& protocol = resolved(&sa, fallback, &Sa::sa_protocol);
  if (!protocol) {
    context.out.error(sa.location, fmt::format("sa '{}' has no sa_protocol; expected "
                                               "sa_protocol esp, ah or ipcomp",
                                               sa.index));
    return;
  }
  check_protocol(context, sa, *protocol);
}

}  // namespace

void check_ipsecs(const Context& context) {
  if (const Ipsec* ipsec = context.default_ipsec()) check_bundle(context, *ipsec);
  for (const Ipsec& ipsec : context.model.ipsecs) {
    check_bundle(context, ipsec);
    check_ipsec(context, ipsec);
  }
}

void check_sas(const Context& context) {
  if (const Sa* sa = context.default_sa()) {
    check_written_sa(context, *sa, sa->esp_enc_alg);
    check_aead(context, sa->esp_enc_alg, sa->esp_auth_alg);
  }
  for (const Sa& sa : context.model.sas) check_sa(context, sa);
}

}  // namespace rc::conf::validation
