#include "options/value_check.h"

#include <array>

#include <gtest/gtest.h>

#include "options/option_table.h"

namespace {

TEST(ParseBool, AcceptsTheOriginalWords) {
  for (auto word : {"on", "enable", "yes"}) EXPECT_TRUE(*rc::options::parse_bool(word)) << word;
  for (auto word : {"off", "disable", "no"}) EXPECT_FALSE(*rc::options::parse_bool(word)) << word;
}

TEST(ParseBool, RejectsOthersWithTheExpectedWords) {
  auto r = rc::options::parse_bool("true");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "expected on, off, enable, disable, yes or no, got 'true'");
  EXPECT_FALSE(rc::options::parse_bool("ON"));  // keywords are case-sensitive
}

TEST(CheckScalar, EnumNamesTheChoices) {
  const auto* spec = rc::options::find("interface", "key_engine");
  ASSERT_NE(spec, nullptr);
  EXPECT_TRUE(rc::options::check_scalar(*spec, "xfrm"));
  auto r = rc::options::check_scalar(*spec, "netlink");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "key_engine: expected auto, pfkey, xfrm or pfkeyd, got 'netlink'");
}

TEST(CheckScalar, BoolNamesTheDirective) {
  const auto* spec = rc::options::find("resolver", "resolver");
  ASSERT_NE(spec, nullptr);
  auto r = rc::options::check_scalar(*spec, "maybe");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "resolver: expected on, off, enable, disable, yes or no, got 'maybe'");
}

TEST(CheckScalar, NumberRange) {
  rc::options::OptionSpec spec{"test", "nonce_size", rc::options::ValueType::Number, "32", "x"};
  spec.min = 16;
  spec.max = 256;
  EXPECT_TRUE(rc::options::check_scalar(spec, "16"));
  EXPECT_TRUE(rc::options::check_scalar(spec, "256"));
  EXPECT_FALSE(rc::options::check_scalar(spec, "15"));
  EXPECT_FALSE(rc::options::check_scalar(spec, "257"));
  EXPECT_FALSE(rc::options::check_scalar(spec, "32x"));
  EXPECT_TRUE(rc::options::check_scalar(spec, "0x20"));
  EXPECT_FALSE(rc::options::check_scalar(spec, "0x"));
  auto r = rc::options::check_scalar(spec, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "nonce_size: expected a number from 16 to 256, got ''");
}

TEST(CheckScalar, TimeBytesAndProtocol) {
  const auto* lifetime = rc::options::find("kmp", "kmp_sa_lifetime_time");
  ASSERT_NE(lifetime, nullptr);
  EXPECT_TRUE(rc::options::check_scalar(*lifetime, "8 hours"));
  auto r = rc::options::check_scalar(*lifetime, "8 fortnights");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "kmp_sa_lifetime_time: unknown time unit 'fortnights'");
  const auto* nonce = rc::options::find("kmp", "nonce_size");
  ASSERT_NE(nonce, nullptr);
  EXPECT_TRUE(rc::options::check_scalar(*nonce, "16 B"));
  EXPECT_FALSE(rc::options::check_scalar(*nonce, "16 sec"));
  const auto* ulp = rc::options::find("selector", "upper_layer_protocol");
  ASSERT_NE(ulp, nullptr);
  EXPECT_TRUE(rc::options::check_scalar(*ulp, "tcp"));
  EXPECT_TRUE(rc::options::check_scalar(*ulp, "any"));
  EXPECT_FALSE(rc::options::check_scalar(*ulp, "no-such-protocol"));
}

TEST(CheckScalar, AddressListsAreNotScalars) {
  const auto* spec = rc::options::find("interface", "ike");
  ASSERT_NE(spec, nullptr);
  EXPECT_FALSE(rc::options::check_scalar(*spec, "MY_IP"));
}

}  // namespace
