// KINK tables (IANA "Kerberized Internet Negotiation of Keys (KINK)
// Parameters", RFC 4430) and the KINK view of the IPsec DOI converters.
#include "rct/kink.h"

#include <array>

#include "rct/isakmp.h"
#include "rct/table.h"

namespace rc::rct::kink {
namespace {

constexpr std::string_view kTarget = "KINK (IPsec DOI)";

constexpr auto kMessageTypes = std::to_array<KinkNameRow<MessageType>>({
    {MessageType::Reserved, "RESERVED"},
    {MessageType::Create, "CREATE"},
    {MessageType::Delete, "DELETE"},
    {MessageType::Reply, "REPLY"},
    {MessageType::GetTgt, "GETTGT"},
    {MessageType::Ack, "ACK"},
    {MessageType::Status, "STATUS"},
});

constexpr auto kPayloadTypes = std::to_array<KinkNameRow<PayloadType>>({
    {PayloadType::Done, "KINK_DONE"},
    {PayloadType::ApReq, "KINK_AP_REQ"},
    {PayloadType::ApRep, "KINK_AP_REP"},
    {PayloadType::KrbError, "KINK_KRB_ERROR"},
    {PayloadType::TgtReq, "KINK_TGT_REQ"},
    {PayloadType::TgtRep, "KINK_TGT_REP"},
    {PayloadType::Isakmp, "KINK_ISAKMP"},
    {PayloadType::Encrypt, "KINK_ENCRYPT"},
    {PayloadType::Error, "KINK_ERROR"},
});

constexpr auto kErrorCodes = std::to_array<KinkNameRow<ErrorCode>>({
    {ErrorCode::Ok, "KINK_OK"},
    {ErrorCode::ProtoErr, "KINK_PROTOERR"},
    {ErrorCode::InvDoi, "KINK_INVDOI"},
    {ErrorCode::InvMaj, "KINK_INVMAJ"},
    {ErrorCode::InvMin, "KINK_INVMIN"},
    {ErrorCode::IntErr, "KINK_INTERR"},
    {ErrorCode::BadQmVers, "KINK_BADQMVERS"},
});

static_assert(kDoiIpsec == isakmp::kDoiIpsec);

template <class E, std::size_t N>
std::string_view name_of(const std::array<KinkNameRow<E>, N>& rows, E value) {
  for (const auto& row : rows) {
    if (row.value == value) return row.name;
  }
  return "unknown";
}

template <class E, std::size_t N, class Number>
std::optional<E> value_of(const std::array<KinkNameRow<E>, N>& rows, Number number) {
  for (const auto& row : rows) {
    if (static_cast<Number>(row.value) == number) return row.value;
  }
  return std::nullopt;
}

// Keeps the DOI's number but names KINK in the error.
template <class T, class E>
Result<T> as_kink(Result<T> result, E value) {
  if (result) return result;
  return fail(unsupported(value, kTarget));
}

}  // namespace

std::string_view to_string(MessageType type) {
  return name_of(kMessageTypes, type);
}
std::string_view to_string(PayloadType type) {
  return name_of(kPayloadTypes, type);
}
std::string_view to_string(ErrorCode code) {
  return name_of(kErrorCodes, code);
}

std::optional<MessageType> message_type_from(std::uint8_t number) {
  return value_of(kMessageTypes, number);
}
std::optional<PayloadType> payload_type_from(std::uint8_t number) {
  return value_of(kPayloadTypes, number);
}
std::optional<ErrorCode> error_code_from(std::uint32_t number) {
  return value_of(kErrorCodes, number);
}

Result<std::uint8_t> to_esp_transform(EncAlg alg) {
  return as_kink(isakmp::to_esp_transform(alg), alg);
}
Result<std::uint8_t> to_ah_transform(AuthAlg alg) {
  return as_kink(isakmp::to_ah_transform(alg), alg);
}
Result<std::uint16_t> to_auth_algorithm(AuthAlg alg) {
  return as_kink(isakmp::to_auth_algorithm(alg), alg);
}
Result<std::uint8_t> to_ipcomp_transform(CompAlg alg) {
  return as_kink(isakmp::to_ipcomp_transform(alg), alg);
}
Result<std::uint16_t> to_encapsulation_mode(IpsecMode mode) {
  return as_kink(isakmp::to_encapsulation_mode(mode, isakmp::Encapsulation::Plain), mode);
}

std::span<const KinkNameRow<MessageType>> message_type_rows() {
  return kMessageTypes;
}
std::span<const KinkNameRow<PayloadType>> payload_type_rows() {
  return kPayloadTypes;
}
std::span<const KinkNameRow<ErrorCode>> error_code_rows() {
  return kErrorCodes;
}

}  // namespace rc::rct::kink
