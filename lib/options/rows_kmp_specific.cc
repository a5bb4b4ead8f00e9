// Rows that only one of ikev1 { }, ikev2 { } or kink { } accepts (reference
// §2.5). Defaults are iked's ikev1/ikev2 built-ins (reference §2.6).
#include <array>

#include "options/keyword_lists.h"
#include "options/option_rows.h"

namespace rc::options::rows {
namespace {

constexpr std::string_view kMyKeyHelp =
    "My certificate and private key files: `x509pem \"my.pem\" \"my.key\"`. x509pem works; "
    "pkcs12 only without a passphrase; ascii is not supported.";
constexpr std::string_view kPeersKeyHelp =
    "The peer's certificate file: `x509pem \"peer.pem\"` (a second file name is accepted and "
    "ignored, as in the original).";
constexpr std::string_view kPskHelp =
    "The file holding the pre-shared key; its whole content, a trailing newline included, is "
    "the key. It must be a secret file (no group or other permissions).";

}  // namespace

std::span<const OptionSpec> kmp_specific() {
  static const std::array rows = {
      OptionSpec{.section = "ikev1",
                 .name = "exchange_mode",
                 .type = ValueType::Enum,
                 .default_value = "main",
                 .help = "The phase-1 exchange. Only `main` is implemented; `aggressive` and "
                         "`base` are parsed but fail the configuration check, as in the original.",
                 .choices = keywords_of<rct::ExchangeMode>()},
      OptionSpec{.section = "ikev1",
                 .name = "my_gssapi_id",
                 .type = ValueType::String,
                 .help = "My GSS-API identity for kmp_auth_method gssapi_krb.",
                 .not_implemented = "GSS-API authentication is not implemented (the original "
                                    "needed a GSS-API build for it)"},
      OptionSpec{.section = "ikev1",
                 .name = "need_pfs",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Do a fresh Diffie-Hellman exchange in every quick mode (PFS)."},
      OptionSpec{.section = "ikev1",
                 .name = "my_public_key",
                 .type = ValueType::PublicKey,
                 .help = kMyKeyHelp,
                 .choices = keywords_of<rct::KeyFileType>()},
      OptionSpec{.section = "ikev1",
                 .name = "peers_public_key",
                 .type = ValueType::PublicKey,
                 .help = kPeersKeyHelp,
                 .choices = keywords_of<rct::KeyFileType>()},
      OptionSpec{
          .section = "ikev1", .name = "pre_shared_key", .type = ValueType::Path, .help = kPskHelp},
      OptionSpec{.section = "ikev1",
                 .name = "dpd",
                 .type = ValueType::Bool,
                 .default_value = "on",
                 .help = "Offer and accept Dead Peer Detection (RFC 3706)."},
      OptionSpec{.section = "ikev1",
                 .name = "dpd_delay",
                 .type = ValueType::Time,
                 .default_value = "0 sec",
                 .help = "Time between DPD checks of an idle peer; 0 turns monitoring off."},
      OptionSpec{.section = "ikev1",
                 .name = "dpd_retry",
                 .type = ValueType::Time,
                 .default_value = "5 sec",
                 .help = "Wait before an unanswered DPD query is sent again."},
      OptionSpec{.section = "ikev1",
                 .name = "dpd_maxfail",
                 .type = ValueType::Number,
                 .default_value = "5",
                 .help = "Unanswered DPD queries after which the peer is declared dead.",
                 .min = 0,
                 .max = 2147483647},
      OptionSpec{.section = "ikev2",
                 .name = "cookie_required",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Make every initiator return a cookie before any state is kept for it "
                         "(a defence against floods of IKE_SA_INIT)."},
      OptionSpec{.section = "ikev2",
                 .name = "send_peers_id",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Send the identity I expect from the peer (IDr) in IKE_AUTH."},
      OptionSpec{.section = "ikev2",
                 .name = "need_pfs",
                 .type = ValueType::Bool,
                 .default_value = "off",
                 .help = "Do a fresh Diffie-Hellman exchange when a CHILD_SA is created or "
                         "rekeyed with CREATE_CHILD_SA (PFS)."},
      OptionSpec{.section = "ikev2",
                 .name = "my_public_key",
                 .type = ValueType::PublicKey,
                 .help = kMyKeyHelp,
                 .choices = keywords_of<rct::KeyFileType>()},
      OptionSpec{.section = "ikev2",
                 .name = "peers_public_key",
                 .type = ValueType::PublicKey,
                 .help = kPeersKeyHelp,
                 .choices = keywords_of<rct::KeyFileType>()},
      OptionSpec{
          .section = "ikev2", .name = "pre_shared_key", .type = ValueType::Path, .help = kPskHelp},
      OptionSpec{.section = "ikev2",
                 .name = "dpd_delay",
                 .type = ValueType::Time,
                 .default_value = "3600 sec",
                 .help = "Time between liveness checks of an IKE SA that has seen no traffic."},
      OptionSpec{.section = "ikev2",
                 .name = "request",
                 .type = ValueType::Block,
                 .help = "Configuration attributes an initiator asks for (IKEv2 CP): the words "
                         "of the request section."},
      OptionSpec{.section = "ikev2",
                 .name = "provide",
                 .type = ValueType::Block,
                 .help = "Configuration attributes a responder hands out (IKEv2 CP): the "
                         "directives of the provide section."},
      OptionSpec{.section = "kink",
                 .name = "my_principal",
                 .type = ValueType::String,
                 .help = "My Kerberos principal, e.g. \"kink/host.example.org@EXAMPLE.ORG\". "
                         "kinkd takes it from default { remote { kink { } } }, where it is "
                         "required."},
      OptionSpec{.section = "kink",
                 .name = "peers_principal",
                 .type = ValueType::String,
                 .help = "The peer's Kerberos principal; unset, it is kink/FQDN of the peer in "
                         "the default realm."},
  };
  return rows;
}

}  // namespace rc::options::rows
