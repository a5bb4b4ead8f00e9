#include "tools/spmdctl/words.h"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace spmdctl {
namespace {

constexpr std::array kWords = {std::string_view{"add"}, std::string_view{"delete"},
                               std::string_view{"list"}};

TEST(MatchWord, AcceptsAnyPrefixCaseInsensitively) {
  EXPECT_EQ(match_word("a", kWords, "ns command").value(), 0U);
  EXPECT_EQ(match_word("DEL", kWords, "ns command").value(), 1U);
  EXPECT_EQ(match_word("List", kWords, "ns command").value(), 2U);
}

TEST(MatchWord, RefusesWordsLongerThanTheKeyword) {
  auto matched = match_word("adds", kWords, "ns command");
  ASSERT_FALSE(matched);
  EXPECT_EQ(matched.error().message, "unknown ns command 'adds' (expected add, delete or list)");
}

TEST(MatchWord, RefusesAnEmptyWord) {
  EXPECT_FALSE(match_word("", kWords, "ns command"));
}

TEST(MatchWord, AnAmbiguousPrefixListsTheCandidates) {
  constexpr std::array kModes = {std::string_view{"transport"}, std::string_view{"tunnel"}};
  auto matched = match_word("T", kModes, "mode");
  ASSERT_FALSE(matched);
  EXPECT_EQ(matched.error().message, "ambiguous mode 'T': transport or tunnel");
  EXPECT_EQ(match_word("tu", kModes, "mode").value(), 1U);
}

TEST(MatchWord, AnExactMatchWinsOverLongerKeywords) {
  constexpr std::array kPair = {std::string_view{"show"}, std::string_view{"showall"}};
  EXPECT_EQ(match_word("show", kPair, "x").value(), 0U);
  EXPECT_FALSE(match_word("sho", kPair, "x"));
}

TEST(MatchWord, HiddenAliasesNeverMakeAVisibleWordAmbiguous) {
  constexpr std::array kVisible = {std::string_view{"status"}, std::string_view{"reload"}};
  constexpr std::array kHidden = {std::string_view{"sc_interactive"}};
  EXPECT_EQ(match_word("s", kVisible, "command", kHidden).value(), 0U);
  EXPECT_EQ(match_word("sc", kVisible, "command", kHidden).value(), 2U);
  auto unknown = match_word("x", kVisible, "command", kHidden);
  ASSERT_FALSE(unknown);
  // Hidden aliases are not advertised.
  EXPECT_EQ(unknown.error().message, "unknown command 'x' (expected status or reload)");
}

TEST(OrList, JoinsWithCommasAndOr) {
  constexpr std::array kOne = {std::string_view{"a"}};
  constexpr std::array kThree = {std::string_view{"a"}, std::string_view{"b"},
                                 std::string_view{"c"}};
  EXPECT_EQ(or_list(kOne), "a");
  EXPECT_EQ(or_list(kThree), "a, b or c");
}

}  // namespace
}  // namespace spmdctl
