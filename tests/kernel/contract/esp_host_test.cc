// On a kernel with ESP and AH (the VM): `auto` picks XFRM, and the probe
// that told a kernel without them apart (no_esp_host_test.cc) says yes.
#include "fixture.h"
#include "kernel/engine_select.h"

namespace rc::kernel::contract {
namespace {

using EspHost = EngineContractTest;

TEST_F(EspHost, AutoPicksXfrm) {
  auto probe = system_probe();
  auto xfrm = probe->xfrm_holds_esp();
  ASSERT_TRUE(xfrm.has_value()) << xfrm.error().message;
  EngineSettings settings;
  settings.pfkeyd_socket = "/nonexistent/racoon2-test/pfkey";
  auto chosen = choose_engine(settings, *probe);
  ASSERT_TRUE(chosen.has_value()) << chosen.error().message;
  EXPECT_EQ(*chosen, EngineKind::Xfrm);
}

}  // namespace
}  // namespace rc::kernel::contract
