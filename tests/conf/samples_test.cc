// The sample configurations in conf/: each loads without errors or
// warnings (the whole set, and each scenario with vals.conf and
// default.conf), and dump -> parse gives the same model back (text and
// JSON dumps identical).
#include <string>

#include <gtest/gtest.h>

#include "conf/dump.h"
#include "conf/loader.h"

namespace rc::conf {
namespace {

const std::string kConfDir = std::string(RACOON2_SOURCE_DIR) + "/conf";

LoadOptions sample_options() {
  LoadOptions options;
  // The samples name /etc/racoon2 secrets that a test machine lacks; the
  // secret checks have their own tests (validate_test, tools test).
  options.validate.check_secret_files = false;
  return options;
}

void expect_clean_round_trip(const LoadResult& first) {
  ASSERT_TRUE(first.config) << first.diagnostics.to_string();
  EXPECT_EQ(first.diagnostics.list().size(), 0U) << first.diagnostics.to_string();
  const std::string text = dump_text(first.config->model());
  LoadOptions options = sample_options();
  options.read.allow_include = false;
  const auto second = load_text(text, "dump.conf", options);
  ASSERT_TRUE(second.config) << second.diagnostics.to_string() << text;
  EXPECT_EQ(dump_text(second.config->model()), text);
  // The JSON names the files read; compare everything after that list.
  const auto json_tail = [](const Model& model) {
    const std::string json = dump_json(model);
    return json.substr(json.find("\"setval\""));
  };
  EXPECT_EQ(json_tail(second.config->model()), json_tail(first.config->model()));
}

TEST(SamplesTest, TheWholeSetLoadsAndRoundTrips) {
  expect_clean_round_trip(load_file(kConfDir + "/racoon2.conf", sample_options()));
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, LoadsWithValsAndDefaultAndRoundTrips) {
  const std::string text =
      "include \"vals.conf\";\ninclude \"default.conf\";\ninclude \"" + GetParam() + "\";\n";
  // Named inside conf/ so the relative includes resolve there.
  expect_clean_round_trip(load_text(text, kConfDir + "/scenario.conf", sample_options()));
}

INSTANTIATE_TEST_SUITE_P(Samples, ScenarioTest,
                         ::testing::Values("transport_ike.conf", "transport_ike_natt.conf",
                                           "tunnel_ike.conf", "tunnel_ike_natt.conf",
                                           "transport_kink.conf", "tunnel_kink.conf",
                                           "local-test.conf"),
                         [](const auto& param_info) {
                           std::string name =
                               param_info.param.substr(0, param_info.param.find('.'));
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(SamplesTest, EveryScenarioTogether) {
  const auto result = load_text(
      "include \"vals.conf\";\ninclude \"default.conf\";\ninclude \"t*_*.conf\";\n"
      "include \"local-test.conf\";\n",
      kConfDir + "/all.conf", sample_options());
  expect_clean_round_trip(result);
}

}  // namespace
}  // namespace rc::conf
