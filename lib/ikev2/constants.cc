// Names of the IKEv2 numbers, as RFC 7296 spells them, for logs and errors.
#include "ikev2/constants.h"

#include <array>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace rc::ikev2 {
namespace {

template <class E, std::size_t N>
std::string name_or_number(const std::array<std::pair<E, std::string_view>, N>& names, E value,
                           std::string_view what) {
  for (const auto& [known, name] : names) {
    if (known == value) return std::string(name);
  }
  return fmt::format("{} {}", what, static_cast<unsigned>(value));
}

constexpr auto kExchangeNames = std::to_array<std::pair<ExchangeType, std::string_view>>({
    {ExchangeType::IkeSaInit, "IKE_SA_INIT"},
    {ExchangeType::IkeAuth, "IKE_AUTH"},
    {ExchangeType::CreateChildSa, "CREATE_CHILD_SA"},
    {ExchangeType::Informational, "INFORMATIONAL"},
});

// The notation of RFC 7296 §3.2's table.
constexpr auto kPayloadNames = std::to_array<std::pair<PayloadType, std::string_view>>({
    {PayloadType::None, "none"},
    {PayloadType::Sa, "SA"},
    {PayloadType::Ke, "KE"},
    {PayloadType::IdI, "IDi"},
    {PayloadType::IdR, "IDr"},
    {PayloadType::Cert, "CERT"},
    {PayloadType::CertReq, "CERTREQ"},
    {PayloadType::Auth, "AUTH"},
    {PayloadType::Nonce, "Nonce"},
    {PayloadType::Notify, "N"},
    {PayloadType::Delete, "D"},
    {PayloadType::VendorId, "V"},
    {PayloadType::TsI, "TSi"},
    {PayloadType::TsR, "TSr"},
    {PayloadType::Sk, "SK"},
    {PayloadType::Cp, "CP"},
    {PayloadType::Eap, "EAP"},
});

constexpr auto kNotifyNames = std::to_array<std::pair<NotifyType, std::string_view>>({
    {NotifyType::UnsupportedCriticalPayload, "UNSUPPORTED_CRITICAL_PAYLOAD"},
    {NotifyType::InvalidIkeSpi, "INVALID_IKE_SPI"},
    {NotifyType::InvalidMajorVersion, "INVALID_MAJOR_VERSION"},
    {NotifyType::InvalidSyntax, "INVALID_SYNTAX"},
    {NotifyType::InvalidMessageId, "INVALID_MESSAGE_ID"},
    {NotifyType::InvalidSpi, "INVALID_SPI"},
    {NotifyType::NoProposalChosen, "NO_PROPOSAL_CHOSEN"},
    {NotifyType::InvalidKePayload, "INVALID_KE_PAYLOAD"},
    {NotifyType::AuthenticationFailed, "AUTHENTICATION_FAILED"},
    {NotifyType::SinglePairRequired, "SINGLE_PAIR_REQUIRED"},
    {NotifyType::NoAdditionalSas, "NO_ADDITIONAL_SAS"},
    {NotifyType::InternalAddressFailure, "INTERNAL_ADDRESS_FAILURE"},
    {NotifyType::FailedCpRequired, "FAILED_CP_REQUIRED"},
    {NotifyType::TsUnacceptable, "TS_UNACCEPTABLE"},
    {NotifyType::InvalidSelectors, "INVALID_SELECTORS"},
    {NotifyType::TemporaryFailure, "TEMPORARY_FAILURE"},
    {NotifyType::ChildSaNotFound, "CHILD_SA_NOT_FOUND"},
    {NotifyType::InitialContact, "INITIAL_CONTACT"},
    {NotifyType::SetWindowSize, "SET_WINDOW_SIZE"},
    {NotifyType::AdditionalTsPossible, "ADDITIONAL_TS_POSSIBLE"},
    {NotifyType::IpcompSupported, "IPCOMP_SUPPORTED"},
    {NotifyType::NatDetectionSourceIp, "NAT_DETECTION_SOURCE_IP"},
    {NotifyType::NatDetectionDestinationIp, "NAT_DETECTION_DESTINATION_IP"},
    {NotifyType::Cookie, "COOKIE"},
    {NotifyType::UseTransportMode, "USE_TRANSPORT_MODE"},
    {NotifyType::HttpCertLookupSupported, "HTTP_CERT_LOOKUP_SUPPORTED"},
    {NotifyType::RekeySa, "REKEY_SA"},
    {NotifyType::EspTfcPaddingNotSupported, "ESP_TFC_PADDING_NOT_SUPPORTED"},
    {NotifyType::NonFirstFragmentsAlso, "NON_FIRST_FRAGMENTS_ALSO"},
    {NotifyType::Ikev2FragmentationSupported, "IKEV2_FRAGMENTATION_SUPPORTED"},
    {NotifyType::SignatureHashAlgorithms, "SIGNATURE_HASH_ALGORITHMS"},
});

}  // namespace

std::string to_string(ExchangeType type) {
  return name_or_number(kExchangeNames, type, "exchange");
}

std::string to_string(PayloadType type) {
  return name_or_number(kPayloadNames, type, "payload type");
}

std::string to_string(NotifyType type) {
  return name_or_number(kNotifyNames, type, "notify");
}

}  // namespace rc::ikev2
