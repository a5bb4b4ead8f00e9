#include "options/edit_distance.h"

#include <gtest/gtest.h>

namespace {

using rc::options::edit_distance;

TEST(EditDistance, Basics) {
  EXPECT_EQ(edit_distance("", ""), 0U);
  EXPECT_EQ(edit_distance("abc", ""), 3U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("remote", "remote"), 0U);
  EXPECT_EQ(edit_distance("remote", "remot"), 1U);    // deletion
  EXPECT_EQ(edit_distance("remote", "remotes"), 1U);  // insertion
  EXPECT_EQ(edit_distance("remote", "remate"), 1U);   // substitution
  EXPECT_EQ(edit_distance("remote", "rmeote"), 1U);   // transposition
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

}  // namespace
