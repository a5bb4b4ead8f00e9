// The shape shared by every converter table: rows of (neutral value, number
// at one edge), a lookup each way, and the "not supported by <target>" error.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "base/result.h"
#include "rct/names.h"

namespace rc::rct {

// One line of a converter table.
template <class Neutral, class Number>
struct Row {
  Neutral neutral;
  Number number;

  bool operator==(const Row&) const = default;
};

// Forward lookup: the number of the first row for `value`.
template <class Neutral, class Number, std::size_t N>
constexpr std::optional<Number> find_number(const std::array<Row<Neutral, Number>, N>& rows,
                                            Neutral value) {
  for (const auto& row : rows) {
    if (row.neutral == value) return row.number;
  }
  return std::nullopt;
}

// Reverse lookup: the neutral value of the first row with `number`. Where
// several values share a number (aes128_cbc and rijndael_cbc are both
// AES-CBC), the table lists the one the reverse direction should give first.
template <class Neutral, class Number, std::size_t N>
constexpr std::optional<Neutral> find_neutral(const std::array<Row<Neutral, Number>, N>& rows,
                                              Number number) {
  for (const auto& row : rows) {
    if (row.number == number) return row.neutral;
  }
  return std::nullopt;
}

// "encryption algorithm aes_ccm_8 is not supported by PF_KEY"
template <class E>
Error unsupported(E value, std::string_view target) {
  return Error::invalid(fmt::format("{} {} is not supported by {}", EnumTraits<E>::what,
                                    display_name(value), target));
}

// Forward lookup that explains a miss.
template <class Neutral, class Number, std::size_t N>
Result<Number> convert(const std::array<Row<Neutral, Number>, N>& rows, Neutral value,
                       std::string_view target) {
  if (const std::optional<Number> number = find_number(rows, value)) return *number;
  return fail(unsupported(value, target));
}

// An ID type row of IKEv1 or IKEv2; `family` matters only for ipaddr,
// which IKE splits into an IPv4 and an IPv6 ID type.
struct IdTypeRow {
  IdType type;
  IpFamily family;
  std::uint8_t id;

  bool operator==(const IdTypeRow&) const = default;
};

template <std::size_t N>
Result<std::uint8_t> convert_id_type(const std::array<IdTypeRow, N>& rows, IdType type,
                                     IpFamily family, std::string_view target) {
  for (const IdTypeRow& row : rows) {
    if (row.type == type && (type != IdType::IpAddr || row.family == family)) return row.id;
  }
  return fail(unsupported(type, target));
}

template <std::size_t N>
constexpr std::optional<IdType> find_id_type(const std::array<IdTypeRow, N>& rows,
                                             std::uint8_t id) {
  for (const IdTypeRow& row : rows) {
    if (row.id == id) return row.type;
  }
  return std::nullopt;
}

}  // namespace rc::rct
