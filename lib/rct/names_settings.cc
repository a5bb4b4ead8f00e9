// Keyword and log-name tables of the non-algorithm enums. Keywords are those
// of the original lexer (lib/cftoken.l, reference §2.4-2.5); values the config
// cannot name (fwd, the SA bundles, the binary key file, the default ID
// qualifier) have an empty keyword.
#include <array>

#include "rct/names.h"

namespace rc::rct {
namespace {

constexpr auto kBoolNames = std::to_array<NameRow<Bool>>({
    {Bool::On, "on", "on"},
    {Bool::Off, "off", "off"},
});
constexpr auto kBoolAliases = std::to_array<AliasRow<Bool>>({
    {"enable", Bool::On},
    {"yes", Bool::On},
    {"disable", Bool::Off},
    {"no", Bool::Off},
});

constexpr auto kAddrTypeNames = std::to_array<NameRow<AddrType>>({
    {AddrType::Inet, "", "inet"},
    {AddrType::Fqdn, "", "FQDN"},
    {AddrType::Macro, "", "macro"},
    {AddrType::File, "", "PF_LOCAL socket"},
});

constexpr auto kKmpNames = std::to_array<NameRow<Kmp>>({
    {Kmp::Ikev1, "ikev1", "IKEv1"},
    {Kmp::Ikev2, "ikev2", "IKEv2"},
    {Kmp::Kink, "kink", "KINK"},
});

constexpr auto kLogModeNames = std::to_array<NameRow<LogMode>>({
    {LogMode::Debug, "debug", "debug"},
    {LogMode::Normal, "normal", "normal"},
});

constexpr auto kIdTypeNames = std::to_array<NameRow<IdType>>({
    {IdType::IpAddr, "ipaddr", "IP address"},
    {IdType::UserFqdn, "email", "user FQDN"},
    {IdType::Fqdn, "fqdn", "FQDN"},
    {IdType::KeyId, "keyid", "key ID"},
    {IdType::X509Subject, "x509_subject", "X.509 subject"},
});

constexpr auto kIdQualifierNames = std::to_array<NameRow<IdQualifier>>({
    {IdQualifier::Default, "", "default"},
    {IdQualifier::File, "file", "file"},
    {IdQualifier::Tag, "tag", "tag"},
});

constexpr auto kSelectorCheckNames = std::to_array<NameRow<SelectorCheck>>({
    {SelectorCheck::Obey, "obey", "obey"},
    {SelectorCheck::Exact, "exact", "exact"},
});

constexpr auto kProposalCheckNames = std::to_array<NameRow<ProposalCheck>>({
    {ProposalCheck::Obey, "obey", "obey"},
    {ProposalCheck::Strict, "strict", "strict"},
    {ProposalCheck::Claim, "claim", "claim"},
    {ProposalCheck::Exact, "exact", "exact"},
});

constexpr auto kExchangeModeNames = std::to_array<NameRow<ExchangeMode>>({
    {ExchangeMode::Main, "main", "main mode"},
    {ExchangeMode::Aggressive, "aggressive", "aggressive mode"},
    {ExchangeMode::Base, "base", "base mode"},
});

constexpr auto kKeyFileTypeNames = std::to_array<NameRow<KeyFileType>>({
    {KeyFileType::X509Pem, "x509pem", "X.509 PEM"},
    {KeyFileType::Pkcs12, "pkcs12", "PKCS#12"},
    {KeyFileType::Ascii, "ascii", "ASCII"},
    {KeyFileType::Binary, "", "binary"},
});

constexpr auto kMobilityRoleNames = std::to_array<NameRow<MobilityRole>>({
    {MobilityRole::HomeAgent, "agent", "home agent"},
    {MobilityRole::MobileNode, "mobile", "mobile node"},
    {MobilityRole::Correspondent, "correspondent", "correspondent node"},
});

constexpr auto kDirectionNames = std::to_array<NameRow<Direction>>({
    {Direction::Outbound, "outbound", "outbound"},
    {Direction::Inbound, "inbound", "inbound"},
    {Direction::Fwd, "", "forward"},
});

constexpr auto kActionNames = std::to_array<NameRow<Action>>({
    {Action::AutoIpsec, "auto_ipsec", "auto IPsec"},
    {Action::StaticIpsec, "static_ipsec", "static IPsec"},
    {Action::Discard, "discard", "discard"},
    {Action::None, "none", "none"},
});
// The lexer maps `bypass` to the same token as `none`.
constexpr auto kActionAliases = std::to_array<AliasRow<Action>>({
    {"bypass", Action::None},
});

constexpr auto kIpsecModeNames = std::to_array<NameRow<IpsecMode>>({
    {IpsecMode::Transport, "transport", "transport"},
    {IpsecMode::Tunnel, "tunnel", "tunnel"},
});

constexpr auto kIpsecLevelNames = std::to_array<NameRow<IpsecLevel>>({
    {IpsecLevel::Unique, "unique", "unique"},
    {IpsecLevel::Require, "require", "require"},
    {IpsecLevel::Use, "use", "use"},
});

constexpr auto kSaTypeNames = std::to_array<NameRow<SaType>>({
    {SaType::Esp, "esp", "ESP"},
    {SaType::Ah, "ah", "AH"},
    {SaType::Ipcomp, "ipcomp", "IPComp"},
    {SaType::AhEsp, "", "AH+ESP"},
    {SaType::AhIpcomp, "", "AH+IPComp"},
    {SaType::EspIpcomp, "", "ESP+IPComp"},
    {SaType::AhEspIpcomp, "", "AH+ESP+IPComp"},
});

}  // namespace

std::span<const NameRow<Bool>> name_rows(Bool) {
  return kBoolNames;
}
std::span<const AliasRow<Bool>> alias_rows(Bool) {
  return kBoolAliases;
}
std::span<const NameRow<AddrType>> name_rows(AddrType) {
  return kAddrTypeNames;
}
std::span<const NameRow<Kmp>> name_rows(Kmp) {
  return kKmpNames;
}
std::span<const NameRow<LogMode>> name_rows(LogMode) {
  return kLogModeNames;
}
std::span<const NameRow<IdType>> name_rows(IdType) {
  return kIdTypeNames;
}
std::span<const NameRow<IdQualifier>> name_rows(IdQualifier) {
  return kIdQualifierNames;
}
std::span<const NameRow<SelectorCheck>> name_rows(SelectorCheck) {
  return kSelectorCheckNames;
}
std::span<const NameRow<ProposalCheck>> name_rows(ProposalCheck) {
  return kProposalCheckNames;
}
std::span<const NameRow<ExchangeMode>> name_rows(ExchangeMode) {
  return kExchangeModeNames;
}
std::span<const NameRow<KeyFileType>> name_rows(KeyFileType) {
  return kKeyFileTypeNames;
}
std::span<const NameRow<MobilityRole>> name_rows(MobilityRole) {
  return kMobilityRoleNames;
}
std::span<const NameRow<Direction>> name_rows(Direction) {
  return kDirectionNames;
}
std::span<const NameRow<Action>> name_rows(Action) {
  return kActionNames;
}
std::span<const AliasRow<Action>> alias_rows(Action) {
  return kActionAliases;
}
std::span<const NameRow<IpsecMode>> name_rows(IpsecMode) {
  return kIpsecModeNames;
}
std::span<const NameRow<IpsecLevel>> name_rows(IpsecLevel) {
  return kIpsecLevelNames;
}
std::span<const NameRow<SaType>> name_rows(SaType) {
  return kSaTypeNames;
}

}  // namespace rc::rct
