// Tables behind the bit-set helpers of constants.h.
#include "rct/constants.h"

#include <array>

namespace rc::rct {
namespace {

// The `request` items of the original grammar (lib/cfparse.y config_option).
constexpr auto kRequestRows = std::to_array<ConfigRequestRow>({
    {"ip4", kRequestIp4Address},
    {"ip6", kRequestIp6Address},
    {"ip", kRequestIp4Address | kRequestIp6Address},
    {"ip4_dns", kRequestIp4Dns},
    {"ip6_dns", kRequestIp6Dns},
    {"dns", kRequestIp4Dns | kRequestIp6Dns},
    {"ip4_dhcp", kRequestIp4Dhcp},
    {"ip6_dhcp", kRequestIp6Dhcp},
    {"dhcp", kRequestIp4Dhcp | kRequestIp6Dhcp},
    {"application_version", kRequestApplicationVersion},
    {"mip6_home_prefix", kRequestMip6HomePrefix},
});

struct AllowRow {
  Kmp kmp;
  std::uint16_t bit;
};

constexpr auto kAllowRows = std::to_array<AllowRow>({
    {Kmp::Ikev1, kAllowIkev1},
    {Kmp::Ikev2, kAllowIkev2},
    {Kmp::Kink, kAllowKink},
});

}  // namespace

std::span<const ConfigRequestRow> config_request_rows() {
  return kRequestRows;
}

std::optional<std::uint32_t> config_request_from_keyword(std::string_view word) {
  for (const ConfigRequestRow& row : kRequestRows) {
    if (row.keyword == word) return row.bits;
  }
  return std::nullopt;
}

std::uint16_t allow_bit(Kmp kmp) {
  for (const AllowRow& row : kAllowRows) {
    if (row.kmp == kmp) return row.bit;
  }
  return 0;
}

}  // namespace rc::rct
