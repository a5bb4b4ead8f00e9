// The neutral enums: the values the original fixed (Bool, address flags)
// and the rule that 0 means "unset".
#include "rct/types.h"

#include <gtest/gtest.h>

namespace rc::rct {
namespace {

TEST(RctBool, UnsetIsNotOff) {
  EXPECT_EQ(static_cast<int>(Bool::On), 1);
  EXPECT_EQ(static_cast<int>(Bool::Off), 2);
  const Bool unset{};
  EXPECT_EQ(static_cast<int>(unset), 0);
  EXPECT_NE(unset, Bool::Off);
  EXPECT_FALSE(is_set(unset));
  EXPECT_TRUE(is_set(Bool::On));
  EXPECT_TRUE(is_set(Bool::Off));
  EXPECT_FALSE(is_set(static_cast<Bool>(3)));
}

TEST(RctBool, ResolveUsesTheDefaultOnlyWhenUnset) {
  EXPECT_TRUE(resolve(Bool{}, true));
  EXPECT_FALSE(resolve(Bool{}, false));
  EXPECT_TRUE(resolve(Bool::On, false));
  EXPECT_FALSE(resolve(Bool::Off, true));
}

TEST(RctBool, FromCppBool) {
  EXPECT_EQ(to_rct_bool(true), Bool::On);
  EXPECT_EQ(to_rct_bool(false), Bool::Off);
}

TEST(RctAddrType, FlagValuesMatchTheOriginal) {
  EXPECT_EQ(static_cast<int>(AddrType::Inet), 0x1000);
  EXPECT_EQ(static_cast<int>(AddrType::Fqdn), 0x2000);
  EXPECT_EQ(static_cast<int>(AddrType::Macro), 0x4000);
  EXPECT_EQ(static_cast<int>(AddrType::File), 0x8000);
}

TEST(RctEnums, ZeroIsNeverAnEnumerator) {
  EXPECT_EQ(static_cast<int>(EnumTraits<EncAlg>::first), 1);
  EXPECT_EQ(static_cast<int>(EnumTraits<AuthAlg>::first), 1);
  EXPECT_EQ(static_cast<int>(EnumTraits<DhGroup>::first), 1);
  EXPECT_EQ(static_cast<int>(EnumTraits<SaType>::first), 1);
  EXPECT_EQ(static_cast<int>(EnumTraits<Direction>::first), 1);
}

}  // namespace
}  // namespace rc::rct
