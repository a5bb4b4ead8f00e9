// remote sections and their ikev1 / ikev2 / kink blocks: what each KMP
// needs before it can negotiate, after the three-tier lookup (reference
// §2.6, the original iked's configuration check, and kinkd's §6).
#include <array>

#include <fmt/format.h>

#include "conf/validate_checks.h"
#include "rct/ikev2.h"
#include "rct/isakmp.h"
#include "rct/names.h"

namespace rc::conf::validation {
namespace {

const KmpParams* block(const Remote* remote, rct::Kmp kmp) {
  if (remote == nullptr) return nullptr;
  const auto& params = remote->kmp(kmp);
  return params ? &*params : nullptr;
}

// One KMP of one named remote: its own block and the default's.
struct KmpView {
  const Context& context;
  const Remote& remote;
  rct::Kmp kmp;
  const KmpParams* own;
  const KmpParams* fallback;

  template <class T>
  const std::optional<T>& get(std::optional<T> KmpParams::*field) const {
    return resolved(own, fallback, field);
  }
  [[nodiscard]] const Location& location() const {
    return own != nullptr ? own->location : remote.location;
  }
  [[nodiscard]] std::string_view name() const { return rct::keyword(kmp); }

  void missing(std::string_view directive, std::string_view expected) const {
    context.out.error(location(), fmt::format("remote '{}' has no {} {} (and default has none); "
                                              "expected {}",
                                              remote.index, name(), directive, expected));
  }
  // Whether a list field is set to a non-empty list at either tier.
  template <class T>
  bool has(std::optional<std::vector<T>> KmpParams::*field) const {
    const auto& value = get(field);
    return value && !value->empty();
  }
};

bool is_signature(rct::AuthMethod method) {
  switch (method) {
    case rct::AuthMethod::Dss:
    case rct::AuthMethod::RsaSig:
    case rct::AuthMethod::Ecdsa256:
    case rct::AuthMethod::Ecdsa384:
    case rct::AuthMethod::Ecdsa521:
    case rct::AuthMethod::DigitalSignature:
      return true;
    default:
      return false;
  }
}

// psk needs the key file, signatures the peer's public key (reference §2.6).
void check_auth(const KmpView& view) {
  const auto& methods = view.get(&KmpParams::kmp_auth_method);
  if (!methods || methods->empty()) {
    view.missing("kmp_auth_method", "kmp_auth_method psk, rsasig or another method");
    return;
  }
  bool psk_done = false;
  bool signature_done = false;
  for (const rct::AuthMethod method : *methods) {
    std::string_view needs;
    std::string_view expected;
    if (method == rct::AuthMethod::Psk && !psk_done) {
      psk_done = true;
      if (!view.get(&KmpParams::pre_shared_key)) {
        needs = "pre_shared_key";
        expected = "pre_shared_key FILE";
      }
    } else if (is_signature(method) && !signature_done) {
      signature_done = true;
      if (!view.get(&KmpParams::peers_public_key)) {
        needs = "peers_public_key";
        expected = "peers_public_key TYPE FILE";
      }
    }
    if (needs.empty()) continue;
    view.context.out.error(
        view.location(),
        fmt::format("remote '{}' {} uses {} but has no {} (and default has "
                    "none); expected {}",
                    view.remote.index, view.name(), rct::display_name(method), needs, expected));
  }
}

void check_ikev2(const KmpView& view) {
  if (!view.has(&KmpParams::my_id)) view.missing("my_id", "my_id TYPE VALUE");
  check_auth(view);
}

void check_ikev1(const KmpView& view) {
  if (!view.has(&KmpParams::peers_ipaddr)) view.missing("peers_ipaddr", "peers_ipaddr ADDRESS");
  if (!view.has(&KmpParams::kmp_enc_alg)) view.missing("kmp_enc_alg", "kmp_enc_alg ALGORITHM");
  if (!view.has(&KmpParams::kmp_hash_alg)) view.missing("kmp_hash_alg", "kmp_hash_alg ALGORITHM");
  if (!view.has(&KmpParams::kmp_dh_group)) view.missing("kmp_dh_group", "kmp_dh_group GROUP");
  check_auth(view);

  // Main mode with a pre-shared key picks the key before the peer's ID is
  // known, so only the peer's address can identify it (RFC 2409 §5.4).
  const auto& methods = view.get(&KmpParams::kmp_auth_method);
  const auto& mode = view.get(&KmpParams::exchange_mode);
  const bool main_mode = !mode || *mode == rct::ExchangeMode::Main;
  if (!main_mode || !methods || methods->empty() || methods->front() != rct::AuthMethod::Psk) {
    return;
  }
  const auto& ids = view.get(&KmpParams::peers_id);
  if (!ids) return;
  for (const IdSpec& id : *ids) {
    if (id.type == rct::IdType::IpAddr) continue;
    view.context.out.error(id.location,
                           fmt::format("remote '{}' ikev1 peers_id {} cannot be used with main "
                                       "mode and psk; expected peers_id ipaddr ADDRESS",
                                       view.remote.index, rct::display_name(id.type)));
  }
}

void check_kink(const KmpView& view) {
  // kinkd's own identity; its usual place is default { remote { kink } }.
  if (!view.get(&KmpParams::my_principal)) {
    view.missing("my_principal", "my_principal \"kink/HOST@REALM\"");
  }
}

void check_remote(const Context& context, const Remote& remote) {
  const Remote* fallback = context.default_remote();
  const auto& accepted = resolved(&remote, fallback, &Remote::acceptable_kmp);
  std::vector<rct::Kmp> kmps;
  if (accepted && !accepted->empty()) {
    kmps = *accepted;
  } else {
    context.out.error(remote.location,
                      fmt::format("remote '{}' has no acceptable_kmp (and default has none); "
                                  "expected acceptable_kmp ikev2, ikev1 or kink",
                                  remote.index));
    // Still check the blocks that are written.
    for (const rct::Kmp kmp : {rct::Kmp::Ikev1, rct::Kmp::Ikev2, rct::Kmp::Kink}) {
      if (block(&remote, kmp) != nullptr) kmps.push_back(kmp);
    }
  }
  std::array<bool, 4> seen{};
  for (const rct::Kmp kmp : kmps) {
    const auto slot = static_cast<std::size_t>(kmp);
    if (slot >= seen.size() || seen[slot]) continue;
    seen[slot] = true;
    const KmpView view{context, remote, kmp, block(&remote, kmp), block(fallback, kmp)};
    if (view.own == nullptr && view.fallback == nullptr) {
      context.out.error(remote.location,
                        fmt::format("remote '{}' accepts {} but has no {} {{ }} block (and "
                                    "default has none)",
                                    remote.index, view.name(), view.name()));
      continue;
    }
    switch (kmp) {
      case rct::Kmp::Ikev1:
        check_ikev1(view);
        break;
      case rct::Kmp::Ikev2:
        check_ikev2(view);
        break;
      case rct::Kmp::Kink:
        check_kink(view);
        break;
    }
  }
}

// Whether `kmp` can negotiate `group`: IKEv2 has its own transform IDs
// (RFC 7296 §3.3.2); IKEv1 and KINK's quick mode use the IKE group
// registry (RFC 2409 §6).
bool usable(rct::Kmp kmp, rct::DhGroup group) {
  if (kmp == rct::Kmp::Ikev2) return rct::ikev2::to_dh(group).has_value();
  return rct::isakmp::to_ike_group(group).has_value();
}

// Values of one block as written, in a named remote or in the default.
void check_written_kmp(const Context& context, const KmpParams& params, rct::Kmp kmp) {
  const Location& at = params.location;
  const std::string_view name = rct::keyword(kmp);
  if (params.nonce_size) {
    const Bytes size = *params.nonce_size;
    if (kmp == rct::Kmp::Ikev2 && (size < 16 || size > 256)) {
      context.out.error(at, fmt::format("nonce_size {} is out of range; expected 16 to 256 bytes "
                                        "(RFC 7296 §3.9)",
                                        size));
    } else if (kmp == rct::Kmp::Ikev1 && (size < 8 || size > 256)) {
      context.out.error(at, fmt::format("nonce_size {} is out of range; expected 8 to 256 bytes "
                                        "(RFC 2409 §5)",
                                        size));
    }
  }
  // The original iked refused these too; only main mode is implemented.
  if (kmp == rct::Kmp::Ikev1 && params.exchange_mode &&
      *params.exchange_mode != rct::ExchangeMode::Main) {
    context.out.error(at, fmt::format("exchange_mode {} is not implemented; expected main",
                                      rct::display_name(*params.exchange_mode)));
  }
  if (params.kmp_dh_group) {
    for (const rct::DhGroup group : *params.kmp_dh_group) {
      if (usable(kmp, group)) continue;
      context.out.error(at, fmt::format("kmp_dh_group {} cannot be used with {}; expected a group "
                                        "{} defines",
                                        rct::display_name(group), name, rct::to_string(kmp)));
    }
    warn_weak(context, *params.kmp_dh_group, at);
  }
  if (params.kmp_enc_alg) warn_weak(context, *params.kmp_enc_alg);
  if (params.kmp_hash_alg) warn_weak(context, *params.kmp_hash_alg);
  if (params.kmp_integ_alg) warn_weak(context, *params.kmp_integ_alg);
  if (params.kmp_prf_alg) warn_weak(context, *params.kmp_prf_alg);
  if (params.pre_shared_key)
    context.check_secret_file("pre_shared_key", *params.pre_shared_key, at);
}

void check_written_remote(const Context& context, const Remote& remote) {
  for (const rct::Kmp kmp : {rct::Kmp::Ikev1, rct::Kmp::Ikev2, rct::Kmp::Kink}) {
    if (const KmpParams* params = block(&remote, kmp)) check_written_kmp(context, *params, kmp);
  }
}

}  // namespace

void check_remotes(const Context& context) {
  if (const Remote* remote = context.default_remote()) check_written_remote(context, *remote);
  for (const Remote& remote : context.model.remotes) {
    check_written_remote(context, remote);
    check_remote(context, remote);
  }
}

}  // namespace rc::conf::validation
