// The directive tables of lib/conf and the option table of lib/options
// describe the same directives: every directive the parser accepts is
// documented (and has its built-in default there), and every documented
// directive is accepted. The built-in defaults parse without a diagnostic.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "conf/builtin.h"
#include "conf/fields.h"
#include "options/option_table.h"

namespace rc::conf {
namespace {

template <class S>
std::set<std::string> field_names(std::span<const Field<S>> table) {
  std::set<std::string> names;
  for (const auto& row : table) names.emplace(row.name);
  return names;
}

std::set<std::string> option_names(std::initializer_list<std::string_view> sections) {
  std::set<std::string> names;
  for (const auto section : sections) {
    for (const auto* row : options::in_section(section)) names.emplace(row->name);
  }
  return names;
}

TEST(FieldsTest, EverySectionMatchesTheOptionTable) {
  EXPECT_EQ(field_names(interface_fields()), option_names({"interface"}));
  EXPECT_EQ(field_names(resolver_fields()), option_names({"resolver"}));
  EXPECT_EQ(field_names(remote_fields()), option_names({"remote"}));
  EXPECT_EQ(field_names(selector_fields()), option_names({"selector"}));
  EXPECT_EQ(field_names(policy_fields()), option_names({"policy"}));
  EXPECT_EQ(field_names(ipsec_fields()), option_names({"ipsec"}));
  EXPECT_EQ(field_names(sa_fields()), option_names({"sa"}));
  EXPECT_EQ(field_names(provide_fields()), option_names({"provide"}));
}

TEST(FieldsTest, EveryKmpBlockMatchesTheOptionTable) {
  EXPECT_EQ(field_names(kmp_fields(rct::Kmp::Ikev1)), option_names({"kmp", "ikev1"}));
  EXPECT_EQ(field_names(kmp_fields(rct::Kmp::Ikev2)), option_names({"kmp", "ikev2"}));
  EXPECT_EQ(field_names(kmp_fields(rct::Kmp::Kink)), option_names({"kmp", "kink"}));
}

TEST(FieldsTest, BuiltInDefaultsParse) {
  for (const auto& diagnostic : builtin_diagnostics().list())
    ADD_FAILURE() << diagnostic.to_string();
  EXPECT_EQ(builtin_kmp(rct::Kmp::Ikev2).nonce_size, 32U);
  EXPECT_EQ(builtin_kmp(rct::Kmp::Ikev1).nonce_size, 16U);
  EXPECT_EQ(builtin_policy().install, true);
}

}  // namespace
}  // namespace rc::conf
