#include "base/result.h"

#include <cerrno>
#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace {

rc::Result<int> parse_positive(int v) {
  if (v <= 0) return rc::fail(rc::Error::invalid("not positive"));
  return v;
}

TEST(Result, HoldsValue) {
  auto r = parse_positive(5);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, 5);
  EXPECT_EQ(r.value_or(7), 5);
}

TEST(Result, HoldsError) {
  auto r = parse_positive(-1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "not positive");
  EXPECT_EQ(r.error().code, 0);
  EXPECT_EQ(r.value_or(7), 7);
}

TEST(Result, MoveOnlyValue) {
  rc::Result<std::unique_ptr<int>> r = std::make_unique<int>(3);
  ASSERT_TRUE(r);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 3);
}

TEST(Result, VoidResult) {
  rc::Result<void> good = rc::ok();
  EXPECT_TRUE(good);
  rc::Result<void> bad = rc::fail(rc::Error::from_errno(EEXIST, "add policy"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, EEXIST);
  EXPECT_EQ(bad.error().message, "add policy: File exists");
}

struct OtherError {
  int reason;
};

TEST(Result, CustomErrorType) {
  rc::Result<std::string, OtherError> r = rc::fail(OtherError{4});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, 4);
}

}  // namespace
