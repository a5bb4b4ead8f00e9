// On a kernel without ESP/AH transforms (this CI host): the XFRM back end
// still holds policies, but an ESP SA fails with a message that names the
// missing kernel support, and `auto` does not pick XFRM.
#include <cerrno>

#include "fixture.h"
#include "kernel/engine_select.h"

namespace rc::kernel::contract {
namespace {

using NoEspHost = EngineContractTest;

TEST_F(NoEspHost, AddingAnEspSaSaysWhatTheKernelLacks) {
  SaParams sa;
  sa.id = SaId{.type = rct::SaType::Esp, .src = ip(kLocal4), .dst = ip(kPeer4), .spi = 0x2001};
  sa.encryption = rct::EncAlg::Aes128Cbc;
  sa.encryption_key = buf::SecretBytes(std::vector<std::uint8_t>(16, 1));
  sa.integrity = rct::AuthAlg::HmacSha2_256;
  sa.integrity_key = buf::SecretBytes(std::vector<std::uint8_t>(32, 2));
  auto added = engine().add_sa(sa);
  ASSERT_FALSE(added.has_value()) << "this kernel has no ESP, yet the SA was added";
  EXPECT_NE(added.error().code, 0);
  EXPECT_NE(added.error().message.find("ESP"), std::string::npos) << added.error().message;
  EXPECT_NE(added.error().message.find("kernel"), std::string::npos) << added.error().message;
}

TEST_F(NoEspHost, AutoDoesNotPickXfrmAndSaysWhy) {
  auto probe = system_probe();
  auto xfrm = probe->xfrm_holds_esp();
  ASSERT_FALSE(xfrm.has_value());
  EXPECT_NE(xfrm.error().message.find("ESP"), std::string::npos) << xfrm.error().message;
  EngineSettings settings;
  settings.pfkeyd_socket = "/nonexistent/racoon2-test/pfkey";
  auto chosen = choose_engine(settings, *probe);
  ASSERT_FALSE(chosen.has_value());
  EXPECT_NE(chosen.error().message.find("pfkeyd"), std::string::npos) << chosen.error().message;
  EXPECT_NE(chosen.error().message.find("/nonexistent/racoon2-test/pfkey"), std::string::npos);
}

}  // namespace
}  // namespace rc::kernel::contract
