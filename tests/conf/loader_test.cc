// load_file / load_text end to end, and the reload rule: a configuration
// that fails to load never replaces the one in force.
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "conf/loader.h"
#include "support/temp_dir.h"

namespace rc::conf {
namespace {

constexpr std::string_view kGood = R"(
remote peer {
  acceptable_kmp { ikev2; };
  ikev2 {
    my_id fqdn "a.example.com";
    peers_ipaddr 192.0.2.2;
    kmp_auth_method { psk; };
    pre_shared_key "psk.key";
  };
};
)";

LoadOptions no_secret_check() {
  LoadOptions options;
  options.validate.check_secret_files = false;
  return options;
}

void write_file(const std::string& path, std::string_view text) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0600);
}

TEST(LoaderTest, GoodTextGivesAConfig) {
  const auto result = load_text(kGood, "good.conf", no_secret_check());
  ASSERT_TRUE(result.config) << result.diagnostics.to_string();
  ASSERT_NE(result.config->remote("peer"), nullptr);
  EXPECT_EQ(result.config->resolve_kmp(result.config->remote("peer"), rct::Kmp::Ikev2).nonce_size,
            32U);
}

TEST(LoaderTest, AnErrorGivesNoConfigAndEveryMessage) {
  const auto result =
      load_text("remote a { ikev2 { nonce_sise 3; }; };\nselector s { direktion inbound; };\n",
                "bad.conf", no_secret_check());
  EXPECT_FALSE(result.config);
  const auto text = result.diagnostics.to_string();
  EXPECT_NE(text.find("bad.conf:1:20: unknown directive 'nonce_sise' in ikev2 { }; did you mean "
                      "'nonce_size'?"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("bad.conf:2:14: unknown directive 'direktion' in selector \"s\"; did you "
                      "mean 'direction'?"),
            std::string::npos)
      << text;
}

TEST(LoaderTest, ReloadKeepsThePreviousConfigOnFailure) {
  rc::testing::TempDir dir("conf-loader");
  const std::string path = dir.path("racoon2.conf");
  write_file(path, kGood);
  ConfigHolder holder(path, no_secret_check());
  ASSERT_TRUE(holder.reload().config);
  const auto first = holder.current();
  ASSERT_TRUE(first);

  write_file(path, "remote peer { ikev2 { nonce_size abc; }; };\n");
  const auto failed = holder.reload();
  EXPECT_FALSE(failed.config);
  EXPECT_TRUE(failed.diagnostics.has_errors());
  EXPECT_EQ(holder.current(), first);  // still in force

  write_file(path, std::string(kGood) +
                       "selector s1 { direction outbound; src 10.0.0.1; "
                       "dst 10.0.0.2; policy_index p1; };\n"
                       "policy p1 { action none; };\n");
  const auto again = holder.reload();
  ASSERT_TRUE(again.config) << again.diagnostics.to_string();
  EXPECT_NE(holder.current(), first);
  EXPECT_NE(holder.current()->selector("s1"), nullptr);
}

TEST(LoaderTest, MissingFileIsAnError) {
  const auto result = load_file("/nonexistent/racoon2.conf");
  EXPECT_FALSE(result.config);
  EXPECT_EQ(result.diagnostics.first_error(),
            "/nonexistent/racoon2.conf: cannot open /nonexistent/racoon2.conf: No such file or "
            "directory");
}

}  // namespace
}  // namespace rc::conf
