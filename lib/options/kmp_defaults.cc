// Per-KMP built-in defaults and gaps of the "kmp" rows. The rows carry
// IKEv2's built-ins; IKEv1's come from the original iked's
// ikev1_default_values and kinkd's from its get_nonce_size() (reference §2.6).
// The gaps are the fields the original iked's configuration check warned
// about as unimplemented or ignored for one protocol.
#include <array>

#include "options/option_table.h"

namespace rc::options {
namespace {

constexpr auto kDefaults = std::to_array<KmpDefault>({
    {"ikev1", "verify_id", "off"},
    {"ikev1", "verify_pubkey", "on"},
    {"ikev1", "send_cert", "on"},
    {"ikev1", "send_cert_req", "on"},
    {"ikev1", "nonce_size", "16 B"},
    {"ikev1", "initial_contact", "on"},
    {"ikev1", "selector_check", ""},  // IKEv1 has no selector check at all
    {"ikev1", "proposal_check", "strict"},
    {"ikev1", "random_pad_content", "on"},
    {"ikev1", "max_retry_to_send", "5"},
    {"ikev1", "kmp_sa_lifetime_time", "28800 sec"},
    {"ikev1", "kmp_sa_nego_time_limit", "30 sec"},
    {"ikev1", "ipsec_sa_nego_time_limit", "30 sec"},
    {"kink", "nonce_size", "16 B"},
});

constexpr std::string_view kIgnoredByIkev1 = "ignored by IKEv1 (as in the original iked)";
constexpr std::string_view kIgnoredByIkev2 = "ignored by IKEv2 (as in the original iked)";

constexpr auto kGaps = std::to_array<KmpGap>({
    {"ikev1", "selector_check", kIgnoredByIkev1},
    {"ikev1", "random_padlen", kIgnoredByIkev1},
    {"ikev1", "max_padlen", kIgnoredByIkev1},
    {"ikev1", "max_retry_to_send", kIgnoredByIkev1},
    {"ikev1", "kmp_sa_nego_time_limit", kIgnoredByIkev1},
    {"ikev1", "kmp_prf_alg", "IKEv1 derives its PRF from kmp_hash_alg (as the original did)"},
    {"ikev2", "verify_pubkey", kIgnoredByIkev2},
    {"ikev2", "send_cert", kIgnoredByIkev2},
    {"ikev2", "send_cert_req", kIgnoredByIkev2},
    {"ikev2", "support_proxy", kIgnoredByIkev2},
    {"ikev2", "proposal_check", kIgnoredByIkev2},
    {"ikev2", "kmp_sa_lifetime_byte", kIgnoredByIkev2},
    {"ikev2", "ipsec_sa_nego_time_limit", kIgnoredByIkev2},
});

}  // namespace

std::span<const KmpDefault> kmp_defaults() {
  return kDefaults;
}

std::string_view default_for(std::string_view kmp, const OptionSpec& row) {
  if (row.section == "kmp") {
    for (const auto& entry : kDefaults) {
      if (entry.kmp == kmp && entry.name == row.name) return entry.value;
    }
  }
  return row.default_value;
}

std::span<const KmpGap> kmp_gaps() {
  return kGaps;
}

std::string_view not_implemented_for(std::string_view kmp, const OptionSpec& row) {
  if (!row.not_implemented.empty()) return row.not_implemented;
  if (row.section == "kmp") {
    for (const auto& gap : kGaps) {
      if (gap.kmp == kmp && gap.name == row.name) return gap.reason;
    }
  }
  return {};
}

}  // namespace rc::options
