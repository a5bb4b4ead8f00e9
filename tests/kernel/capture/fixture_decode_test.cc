// Decodes replies the real kernel (Debian's, in the VM) sent to the XFRM
// back end, kept as byte fixtures in fixtures/ (refresh them with
// tests/kernel/capture-fixtures.sh). The VM suite also points
// RACOON2_XFRM_FIXTURES at a fresh capture, so today's kernel is checked too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fixture_cases.h"
#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/xfrm_decode.h"

namespace rc::kernel {
namespace {

std::filesystem::path fixture_dir() {
  const char* dir = std::getenv("RACOON2_XFRM_FIXTURES");  // NOLINT(concurrency-mt-unsafe)
  if (dir != nullptr && *dir != '\0') return dir;
  return std::filesystem::path(RACOON2_TEST_DATA_DIR) / "capture" / "fixtures";
}

std::vector<std::uint8_t> read_fixture(const std::string& name) {
  std::ifstream in(fixture_dir() / (name + ".bin"), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The one message of a fixture.
xfrm::netlink::Message only_message(const std::vector<std::uint8_t>& bytes) {
  auto messages = xfrm::netlink::split(bytes);
  if (!messages || messages->size() != 1) throw std::runtime_error("not one message");
  return (*messages)[0];
}

TEST(XfrmFixtures, SasReadBackAsInstalled) {
  for (const auto& [name, want] : fixtures::sa_cases()) {
    SCOPED_TRACE(name);
    const auto bytes = read_fixture(name);
    auto info = xfrm::decode::sa(only_message(bytes));
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(info->state, SaState::Mature);
    rc::testing::expect_same_sa(info->params, want);
  }
}

TEST(XfrmFixtures, PolicyReadsBack) {
  auto info = xfrm::decode::policy(only_message(read_fixture("policy_out_transport")));
  ASSERT_TRUE(info) << info.error().message;
  PolicyParams want = fixtures::acquire_policy();
  want.spid = info->params.spid;
  EXPECT_NE(want.spid, 0U);
  EXPECT_EQ(info->params, want);
}

TEST(XfrmFixtures, AcquireCarriesThePacketAndThePolicy) {
  auto acquire = xfrm::decode::acquire(only_message(read_fixture("acquire")));
  ASSERT_TRUE(acquire) << acquire.error().message;
  EXPECT_NE(acquire->spid, 0U);
  EXPECT_EQ(acquire->protocol, rct::SaType::Esp);
  EXPECT_EQ(acquire->mode, rct::IpsecMode::Transport);
  EXPECT_EQ(acquire->reqid, 200U);
  EXPECT_EQ(acquire->src, fixtures::ip("192.0.2.1"));
  EXPECT_EQ(acquire->dst, fixtures::ip("192.0.2.2"));
  EXPECT_EQ(acquire->packet.src, addr::Prefix::host(fixtures::ip("192.0.2.1")));
  EXPECT_EQ(acquire->packet.dst, addr::Prefix::host(fixtures::ip("192.0.2.2")));
  EXPECT_EQ(acquire->packet.protocol, IPPROTO_UDP);
  EXPECT_EQ(acquire->packet.src_port, 5555);
  EXPECT_EQ(acquire->packet.dst_port, 7777);
}

TEST(XfrmFixtures, SoftExpireByTime) {
  auto expire = xfrm::decode::expire(only_message(read_fixture("expire_soft")));
  ASSERT_TRUE(expire) << expire.error().message;
  EXPECT_EQ(expire->id, fixtures::expiring_sa().id);
  EXPECT_FALSE(expire->hard);
  EXPECT_EQ(expire->cause, ExpireCause::Time);
  EXPECT_EQ(expire->reqid, 104U);
}

// A real message cut anywhere inside its payload decodes to an error while
// the fixed struct is incomplete, and never reads past what is left (the
// sanitizer build checks the rest).
template <class Fixed, class Decode>
void check_truncations(const char* name, Decode decode) {
  SCOPED_TRACE(name);
  const auto bytes = read_fixture(name);
  const xfrm::netlink::Message whole = only_message(bytes);
  for (std::size_t cut = 0; cut < whole.payload.size(); ++cut) {
    xfrm::netlink::Message part = whole;
    part.payload = whole.payload.first(cut);
    auto decoded = decode(part);
    if (cut < sizeof(Fixed)) {
      EXPECT_FALSE(decoded.has_value()) << "cut at " << cut;
    }
  }
}

TEST(XfrmFixtures, TruncatedRepliesAreErrors) {
  check_truncations<xfrm_usersa_info>("sa_esp_cbc_sha256", xfrm::decode::sa);
  check_truncations<xfrm_usersa_info>("sa_esp_chacha_natt", xfrm::decode::sa);
  check_truncations<xfrm_userpolicy_info>("policy_out_transport", xfrm::decode::policy);
  check_truncations<xfrm_user_acquire>("acquire", xfrm::decode::acquire);
  check_truncations<xfrm_user_expire>("expire_soft", xfrm::decode::expire);
}

}  // namespace
}  // namespace rc::kernel
