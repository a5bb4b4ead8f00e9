#include "options/option_table.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "base/build_config.h"
#include "options/option_render.h"
#include "options/value_check.h"

namespace {

using rc::options::ValueType;

TEST(OptionTable, InterfaceAndResolverSectionsAreDefined) {
  auto names = rc::options::sections();
  ASSERT_EQ(names.size(), 2U);
  EXPECT_EQ(names[0], "interface");
  EXPECT_EQ(names[1], "resolver");
}

TEST(OptionTable, EveryRowIsComplete) {
  std::set<std::string> seen;
  for (const auto& spec : rc::options::all()) {
    const std::string key = std::string(spec.section) + "." + std::string(spec.name);
    EXPECT_TRUE(seen.insert(key).second) << "duplicate row " << key;
    EXPECT_FALSE(spec.help.empty()) << key;
    if (spec.type == ValueType::Enum) {
      EXPECT_FALSE(spec.choices.empty()) << key;
    }
    // A default must itself be valid for its row.
    if (!spec.default_value.empty() &&
        (spec.type == ValueType::Bool || spec.type == ValueType::Enum ||
         spec.type == ValueType::Number)) {
      EXPECT_TRUE(rc::options::check_scalar(spec, spec.default_value)) << key;
    }
  }
}

TEST(OptionTable, DefaultsMatchTheOriginalAndTheBuild) {
  EXPECT_EQ(rc::options::find("interface", "application_bypass")->default_value, "on");
  EXPECT_EQ(rc::options::find("resolver", "resolver")->default_value, "off");
  EXPECT_EQ(rc::options::find("interface", "key_engine")->default_value, "auto");
  EXPECT_EQ(rc::options::find("interface", "spmd")->default_value,
            "unix \"" + std::string(rc::build::kRunDir) + "/spmif\"");
  EXPECT_EQ(rc::options::find("interface", "pfkeyd_socket")->default_value,
            std::string(rc::build::kRunDir) + "/pfkey");
  EXPECT_EQ(rc::options::find("interface", "spmd_password")->default_value,
            std::string(rc::build::kSysconfDir) + "/spmd.pwd");
}

TEST(OptionTable, ExtensionsAreMarked) {
  EXPECT_TRUE(rc::options::find("interface", "key_engine")->extension);
  EXPECT_TRUE(rc::options::find("interface", "pfkeyd_socket")->extension);
  EXPECT_FALSE(rc::options::find("interface", "ike")->extension);
}

TEST(OptionTable, FindUnknown) {
  EXPECT_EQ(rc::options::find("interface", "nameserver"), nullptr);
  EXPECT_EQ(rc::options::find("nosuch", "ike"), nullptr);
  EXPECT_TRUE(rc::options::in_section("nosuch").empty());
}

TEST(OptionTable, SuggestsCloseNames) {
  EXPECT_EQ(rc::options::suggest("resolver", "nameservr"), "nameserver");
  EXPECT_EQ(rc::options::suggest("interface", "key_engnie"), "key_engine");
  EXPECT_EQ(rc::options::suggest("interface", "spmd_pasword"), "spmd_password");
  EXPECT_FALSE(rc::options::suggest("interface", "completely_different"));
  EXPECT_FALSE(rc::options::suggest("resolver", "ike"));
}

TEST(OptionRender, TextListsEveryOption) {
  const std::string text = rc::options::render_text();
  for (const auto& spec : rc::options::all()) {
    EXPECT_NE(text.find(std::string(spec.name)), std::string::npos) << spec.name;
  }
  EXPECT_NE(text.find("auto|pfkey|xfrm|pfkeyd"), std::string::npos);
  EXPECT_NE(text.find("[extension]"), std::string::npos);
}

TEST(OptionRender, RoffEscapesAndStructure) {
  const std::string roff = rc::options::render_roff();
  EXPECT_NE(roff.find(".SS interface\n"), std::string::npos);
  EXPECT_NE(roff.find(".TP\n.B key_engine\nauto|pfkey|xfrm|pfkeyd\n"), std::string::npos);
  // Hyphens in paths become real minus signs; no line starts with a bare
  // request character coming from the help text.
  EXPECT_NE(roff.find("Default: \\fBMY_IP port 500\\fP."), std::string::npos);
  EXPECT_NE(roff.find("NAT\\-T"), std::string::npos);
  EXPECT_EQ(roff.find("\n'"), std::string::npos);
}

}  // namespace
