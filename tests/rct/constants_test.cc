// The fixed numbers of the RCT scheme (reference §7) and the bit sets the
// config stores as integers.
#include "rct/constants.h"

#include <gtest/gtest.h>

namespace rc::rct {
namespace {

TEST(RctConstants, MatchTheOriginal) {
  EXPECT_EQ(kPortIke, 500);
  EXPECT_EQ(kPortIkeNatt, 4500);
  EXPECT_EQ(kPortKink, 910);  // RFC 4430
  EXPECT_EQ(kPortSpmd, 9555);
  EXPECT_EQ(kPortDns, 53);
  EXPECT_EQ(kPortAny, 0);
  EXPECT_EQ(kProtoAny, 255);
  EXPECT_EQ(kLifetimeInfinite, 0U);
}

TEST(ConfigRequest, BitsMatchTheOriginal) {
  EXPECT_EQ(kRequestIp4Dns, 0x1U);
  EXPECT_EQ(kRequestIp6Dns, 0x2U);
  EXPECT_EQ(kRequestIp4Dhcp, 0x4U);
  EXPECT_EQ(kRequestIp6Dhcp, 0x8U);
  EXPECT_EQ(kRequestApplicationVersion, 0x10U);
  EXPECT_EQ(kRequestMip6HomePrefix, 0x20U);
  EXPECT_EQ(kRequestIp4Address, 0x40U);
  EXPECT_EQ(kRequestIp6Address, 0x80U);
}

TEST(ConfigRequest, EveryKeywordOfTheGrammar) {
  EXPECT_EQ(config_request_from_keyword("ip4"), 0x40U);
  EXPECT_EQ(config_request_from_keyword("ip6"), 0x80U);
  EXPECT_EQ(config_request_from_keyword("ip"), 0xC0U);
  EXPECT_EQ(config_request_from_keyword("ip4_dns"), 0x1U);
  EXPECT_EQ(config_request_from_keyword("ip6_dns"), 0x2U);
  EXPECT_EQ(config_request_from_keyword("dns"), 0x3U);
  EXPECT_EQ(config_request_from_keyword("ip4_dhcp"), 0x4U);
  EXPECT_EQ(config_request_from_keyword("ip6_dhcp"), 0x8U);
  EXPECT_EQ(config_request_from_keyword("dhcp"), 0xCU);
  EXPECT_EQ(config_request_from_keyword("application_version"), 0x10U);
  EXPECT_EQ(config_request_from_keyword("mip6_home_prefix"), 0x20U);
  EXPECT_EQ(config_request_from_keyword("IP4"), std::nullopt);
  EXPECT_EQ(config_request_from_keyword(""), std::nullopt);
  EXPECT_EQ(config_request_from_keyword("addresspool"), std::nullopt);
}

TEST(AcceptableKmp, BitsMatchTheOriginal) {
  EXPECT_EQ(kAllowIkev1, 0x1);
  EXPECT_EQ(kAllowIkev2, 0x2);
  EXPECT_EQ(kAllowKink, 0x4);
  EXPECT_EQ(allow_bit(Kmp::Ikev1), 0x1);
  EXPECT_EQ(allow_bit(Kmp::Ikev2), 0x2);
  EXPECT_EQ(allow_bit(Kmp::Kink), 0x4);
  EXPECT_EQ(allow_bit(Kmp{}), 0);
}

}  // namespace
}  // namespace rc::rct
