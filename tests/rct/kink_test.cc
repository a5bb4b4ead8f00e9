// KINK numbers against the IANA "KINK Parameters" registry and RFC 4430.
#include "rct/kink.h"

#include <gtest/gtest.h>

#include "rct/names.h"

namespace rc::rct {
namespace {

TEST(KinkConstants, MatchRfc4430) {
  EXPECT_EQ(kink::kMajorVersion, 1);
  EXPECT_EQ(kink::kMinorVersion, 0);
  EXPECT_EQ(kink::kDoiIpsec, 1U);
  EXPECT_EQ(kink::kQuickModeVersion, 0x10);  // QMMaj 1, QMMin 0
  // Kerberos key usage numbers assigned to KINK.
  EXPECT_EQ(kink::kKeyUsageEncrypt, 39);
  EXPECT_EQ(kink::kKeyUsageChecksum, 40);
}

// IANA "KINK Message Types": 0 RESERVED, 1 CREATE, 2 DELETE, 3 REPLY,
// 4 GETTGT, 5 ACK, 6 STATUS.
TEST(KinkMessageType, EveryRowMatchesIana) {
  const std::vector<std::pair<int, std::string_view>> expected{
      {0, "RESERVED"}, {1, "CREATE"}, {2, "DELETE"}, {3, "REPLY"},
      {4, "GETTGT"},   {5, "ACK"},    {6, "STATUS"},
  };
  ASSERT_EQ(kink::message_type_rows().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = kink::message_type_rows()[i];
    EXPECT_EQ(static_cast<int>(row.value), expected[i].first);
    EXPECT_EQ(row.name, expected[i].second);
    const auto number = static_cast<std::uint8_t>(expected[i].first);
    EXPECT_EQ(kink::to_string(kink::message_type_from(number).value()), expected[i].second);
  }
  EXPECT_EQ(kink::message_type_from(7), std::nullopt);
  EXPECT_EQ(kink::message_type_from(128), std::nullopt);
  EXPECT_EQ(kink::to_string(static_cast<kink::MessageType>(200)), "unknown");
}

// IANA "KINK Next Payload Types": 0 KINK_DONE, 1 KINK_AP_REQ, 2 KINK_AP_REP,
// 3 KINK_KRB_ERROR, 4 KINK_TGT_REQ, 5 KINK_TGT_REP, 6 KINK_ISAKMP,
// 7 KINK_ENCRYPT, 8 KINK_ERROR.
TEST(KinkPayloadType, EveryRowMatchesIana) {
  const std::vector<std::pair<int, std::string_view>> expected{
      {0, "KINK_DONE"},      {1, "KINK_AP_REQ"},  {2, "KINK_AP_REP"},
      {3, "KINK_KRB_ERROR"}, {4, "KINK_TGT_REQ"}, {5, "KINK_TGT_REP"},
      {6, "KINK_ISAKMP"},    {7, "KINK_ENCRYPT"}, {8, "KINK_ERROR"},
  };
  ASSERT_EQ(kink::payload_type_rows().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = kink::payload_type_rows()[i];
    EXPECT_EQ(static_cast<int>(row.value), expected[i].first);
    EXPECT_EQ(row.name, expected[i].second);
    const auto number = static_cast<std::uint8_t>(expected[i].first);
    EXPECT_EQ(kink::to_string(kink::payload_type_from(number).value()), expected[i].second);
  }
  EXPECT_EQ(kink::payload_type_from(9), std::nullopt);
}

// IANA "KINK Error Codes": 0 KINK_OK, 1 KINK_PROTOERR, 2 KINK_INVDOI,
// 3 KINK_INVMAJ, 4 KINK_INVMIN, 5 KINK_INTERR, 6 KINK_BADQMVERS.
TEST(KinkErrorCode, EveryRowMatchesIana) {
  const std::vector<std::pair<int, std::string_view>> expected{
      {0, "KINK_OK"},     {1, "KINK_PROTOERR"}, {2, "KINK_INVDOI"},    {3, "KINK_INVMAJ"},
      {4, "KINK_INVMIN"}, {5, "KINK_INTERR"},   {6, "KINK_BADQMVERS"},
  };
  ASSERT_EQ(kink::error_code_rows().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& row = kink::error_code_rows()[i];
    EXPECT_EQ(static_cast<int>(row.value), expected[i].first);
    EXPECT_EQ(row.name, expected[i].second);
    const auto number = static_cast<std::uint32_t>(expected[i].first);
    EXPECT_EQ(kink::to_string(kink::error_code_from(number).value()), expected[i].second);
  }
  EXPECT_EQ(kink::error_code_from(7), std::nullopt);
  EXPECT_EQ(kink::error_code_from(8192), std::nullopt);  // private use
}

// KINK carries quick-mode SA payloads in the IPsec DOI: RFC 2407 numbers.
TEST(KinkAlgorithms, UseTheIpsecDoiNumbers) {
  EXPECT_EQ(kink::to_esp_transform(EncAlg::Des3Cbc).value(), 3);     // ESP_3DES
  EXPECT_EQ(kink::to_esp_transform(EncAlg::Aes256Cbc).value(), 12);  // ESP_AES-CBC
  EXPECT_EQ(kink::to_esp_transform(EncAlg::AesGcm16).value(), 20);   // ESP_AES-GCM_16
  EXPECT_EQ(kink::to_ah_transform(AuthAlg::HmacSha1).value(), 3);    // AH_SHA
  EXPECT_EQ(kink::to_auth_algorithm(AuthAlg::HmacSha2_256).value(), 5);
  EXPECT_EQ(kink::to_ipcomp_transform(CompAlg::Deflate).value(), 2);  // IPCOMP_DEFLATE
  EXPECT_EQ(kink::to_encapsulation_mode(IpsecMode::Tunnel).value(), 1);
  EXPECT_EQ(kink::to_encapsulation_mode(IpsecMode::Transport).value(), 2);
}

TEST(KinkAlgorithms, UnsupportedNamesKink) {
  const auto chacha = kink::to_esp_transform(EncAlg::Chacha20Poly1305);
  ASSERT_FALSE(chacha);
  EXPECT_EQ(chacha.error().message,
            "encryption algorithm chacha20_poly1305 is not supported by KINK (IPsec DOI)");
  EXPECT_EQ(kink::to_auth_algorithm(AuthAlg::AesCmac).error().message,
            "integrity algorithm aes_cmac is not supported by KINK (IPsec DOI)");
  EXPECT_FALSE(kink::to_ah_transform(AuthAlg::NonAuth));
  EXPECT_FALSE(kink::to_encapsulation_mode(IpsecMode{}));
}

}  // namespace
}  // namespace rc::rct
