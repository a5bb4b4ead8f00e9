// Choosing the key engine: command line over config over auto, and the auto
// order of DESIGN.md §2 with a clear error when nothing can hold SAs.
#include <gtest/gtest.h>

#include <cerrno>

#include "base/build_config.h"
#include "kernel/engine_select.h"
#include "kernel/engine_settings.h"

namespace rc::kernel {
namespace {

class FakeProbe final : public HostProbe {
 public:
  bool xfrm = false;
  bool pfkey = false;
  bool pfkeyd = false;
  int calls = 0;
  std::string asked_socket;

  Result<void> xfrm_holds_esp() override { return answer(xfrm, "no ESP transform in this kernel"); }
  Result<void> pfkey_holds_esp() override { return answer(pfkey, "no PF_KEY sockets"); }
  Result<void> pfkeyd_answers(const std::string& socket) override {
    asked_socket = socket;
    return answer(pfkeyd, "no pfkeyd answers at " + socket);
  }

 private:
  Result<void> answer(bool yes, std::string why) {
    ++calls;
    if (yes) return ok();
    return fail(Error{EPROTONOSUPPORT, std::move(why)});
  }
};

TEST(ChooseEngine, AutoPrefersXfrmThenPfkeyThenPfkeyd) {
  FakeProbe probe;
  EngineSettings settings{.kind = std::nullopt, .pfkeyd_socket = "/run/test/pfkey"};
  probe.xfrm = probe.pfkey = probe.pfkeyd = true;
  EXPECT_EQ(*choose_engine(settings, probe), EngineKind::Xfrm);
  probe.xfrm = false;
  EXPECT_EQ(*choose_engine(settings, probe), EngineKind::Pfkey);
  probe.pfkey = false;
  EXPECT_EQ(*choose_engine(settings, probe), EngineKind::Pfkeyd);
  EXPECT_EQ(probe.asked_socket, "/run/test/pfkey");
}

TEST(ChooseEngine, AutoWithNothingNamesEveryReason) {
  FakeProbe probe;
  auto chosen = choose_engine({.kind = std::nullopt, .pfkeyd_socket = "/run/x/pfkey"}, probe);
  ASSERT_FALSE(chosen.has_value());
  EXPECT_EQ(chosen.error().code, EPROTONOSUPPORT);
  EXPECT_EQ(chosen.error().message,
            "key_engine auto: nothing on this host can hold ESP/AH SAs. xfrm: no ESP transform in "
            "this kernel. pfkey: no PF_KEY sockets. pfkeyd: no pfkeyd answers at /run/x/pfkey. "
            "Start pfkeyd (the userspace key engine) or give the kernel IPsec support");
}

TEST(ChooseEngine, ANamedEngineIsNotProbed) {
  FakeProbe probe;
  EXPECT_EQ(*choose_engine({.kind = EngineKind::Pfkeyd, .pfkeyd_socket = {}}, probe),
            EngineKind::Pfkeyd);
  EXPECT_EQ(probe.calls, 0);
}

TEST(EngineSettings, CommandLineWinsOverConfig) {
  conf::Interface interface;
  interface.key_engine = conf::KeyEngine::Pfkeyd;
  interface.pfkeyd_socket = "/srv/pfkey";
  auto settings = engine_settings("xfrm", interface);
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings->kind, EngineKind::Xfrm);
  EXPECT_EQ(settings->pfkeyd_socket, "/srv/pfkey");

  settings = engine_settings("auto", interface);
  ASSERT_TRUE(settings);
  EXPECT_FALSE(settings->kind.has_value()) << "--key-engine=auto overrides the config";
}

TEST(EngineSettings, ConfigDecidesWhenTheCommandLineIsSilent) {
  conf::Interface interface;
  interface.key_engine = conf::KeyEngine::Pfkeyd;
  auto settings = engine_settings("", interface);
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->kind, EngineKind::Pfkeyd);
  EXPECT_EQ(settings->pfkeyd_socket, build::kPfkeydSocket);

  interface.key_engine = conf::KeyEngine::Auto;
  settings = engine_settings("", interface);
  ASSERT_TRUE(settings);
  EXPECT_FALSE(settings->kind.has_value());
  settings = engine_settings("", conf::Interface{});
  ASSERT_TRUE(settings);
  EXPECT_FALSE(settings->kind.has_value());
}

TEST(EngineSettings, UnknownCommandLineValueIsRefused) {
  auto settings = engine_settings("netlink", conf::Interface{});
  ASSERT_FALSE(settings.has_value());
  EXPECT_EQ(settings.error().message,
            "--key-engine: expected auto, pfkey, xfrm or pfkeyd, got 'netlink'");
}

TEST(EngineKindNames, RoundTrip) {
  for (EngineKind kind : {EngineKind::Xfrm, EngineKind::Pfkey, EngineKind::Pfkeyd}) {
    EXPECT_EQ(engine_kind_from_name(name(kind)), kind);
  }
  EXPECT_FALSE(engine_kind_from_name("XFRM").has_value());
}

TEST(OpenEngine, PfkeydSocketThatDoesNotAnswerIsReported) {
  auto probe = system_probe();
  auto answer = probe->pfkeyd_answers("/nonexistent/racoon2-test/pfkey");
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().code, ENOENT);
  EXPECT_NE(answer.error().message.find("no pfkeyd answers at /nonexistent/racoon2-test/pfkey"),
            std::string::npos)
      << answer.error().message;
}

}  // namespace
}  // namespace rc::kernel
