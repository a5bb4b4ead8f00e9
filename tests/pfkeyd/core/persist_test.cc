// save()/load(): a restarted pfkeyd has every SA (keys, state, counters),
// larval SA and pending ACQUIRE with its remaining time, policy with its
// SPID, and the counters that keep SPIDs and seqs unique; lifetimes go on
// through the downtime. The file is private and refused otherwise.
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "core_testing.h"
#include "support/temp_dir.h"

namespace rc::pfkeyd::testing {
namespace {

using kernel::pfkey::PacketOutcome;
using rct::Direction;

class PersistTest : public TablesTest {
 protected:
  rc::testing::TempDir dir_{"pfkeyd-core"};
  std::string file_ = dir_.path("state");
};

mode_t mode_of(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0);
  return info.st_mode & 07777;
}

TEST_F(PersistTest, ARestartLosesNothing) {
  // Before: an SA with lifetimes and traffic, a dying one, a larval one, a
  // pending ACQUIRE, policies of both directions.
  kernel::SaParams live = esp_sa(0x1000);
  live.lifetimes.soft.add_seconds = 100;
  live.lifetimes.hard.add_seconds = 200;
  live.lifetimes.hard.bytes = 10000;
  live.nat = kernel::NatEncapsulation{
      .src_port = 4500, .dst_port = 4501, .original_address = ip("198.51.100.1")};
  live.selector = udp_selector(kLocal4, kPeer4);
  ASSERT_OK(tables().add_sa(std::move(live)));
  kernel::SaParams dying = esp_sa(0x2000, kLocal6, kPeer6);
  dying.encryption = rct::EncAlg::AesGcm16;
  dying.encryption_key = test_key(20, 3);
  dying.integrity = {};
  dying.integrity_key = {};
  dying.lifetimes.soft.add_seconds = 1;
  dying.lifetimes.hard.add_seconds = 100;
  ASSERT_OK(tables().add_sa(std::move(dying)));
  auto out = tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4), Direction::Outbound));
  auto in = tables().add_policy(esp_policy(udp_selector(kPeer4, kLocal4), Direction::Inbound, 9));
  kernel::PolicyParams timed = esp_policy(udp_selector(kLocal4, "192.0.2.9"));
  timed.lifetimes.hard.add_seconds = 50;
  timed.priority = 7;
  auto timed_spid = tables().add_policy(timed);
  ASSERT_OK(out);
  ASSERT_OK(in);
  ASSERT_OK(timed_spid);
  advance(seconds(1));
  ASSERT_EQ(only<SaExpireNotice>(tables().run_timers()).size(), 1U);  // 0x2000 is dying
  advance(seconds(9));
  for (int i = 0; i < 3; ++i) send(packet(kLocal4, 1, kPeer4, 2, 1000));
  auto acquires =
      only<kernel::AcquireEvent>(send(packet(kLocal4, 1, "192.0.2.9", 2)).notifications);
  ASSERT_EQ(acquires.size(), 1U);
  auto larval = tables().get_spi(spi_request(5));
  ASSERT_OK(larval);
  advance(seconds(10));  // t = 20 s: larval and ACQUIRE have 20 s left

  const auto sas_before = tables().dump_sas();
  const auto policies_before = tables().dump_policies();
  ASSERT_OK(tables().save(file_));
  EXPECT_EQ(mode_of(file_), 0600U);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_.root()),
                          std::filesystem::directory_iterator()),
            1)
      << "no temporary file left behind";

  // The restart: a new process (new monotonic clock), 5 s of wall time later.
  ManualClock later(clock().wall_seconds() + 5);
  Tables restarted(later);
  ASSERT_OK(restarted.load(file_));

  const auto sas_after = restarted.dump_sas();
  ASSERT_EQ(sas_after.size(), sas_before.size());
  for (std::size_t i = 0; i < sas_after.size(); ++i) {
    rc::testing::expect_same_sa(sas_after[i].params, sas_before[i].params);
    EXPECT_EQ(sas_after[i].params.selector, sas_before[i].params.selector);
    EXPECT_EQ(sas_after[i].state, sas_before[i].state);
    EXPECT_EQ(sas_after[i].current, sas_before[i].current);
  }
  auto policies_after = restarted.dump_policies();
  ASSERT_EQ(policies_after.size(), policies_before.size());
  for (std::size_t i = 0; i < policies_after.size(); ++i) {
    EXPECT_EQ(policies_after[i].params, policies_before[i].params);
    EXPECT_EQ(policies_after[i].current, policies_before[i].current);
  }
  EXPECT_EQ(restarted.get_sa(esp_sa(0x2000, kLocal6, kPeer6).id)->state, kernel::SaState::Dying);

  // The ACQUIRE is still pending: no second one for its template.
  auto suppressed = restarted.process(packet(kLocal4, 1, "192.0.2.9", 2));
  ASSERT_OK(suppressed);
  EXPECT_TRUE(suppressed->notifications.empty());
  // Byte counts go on from where they were: 3000 + 7000 reaches the limit.
  auto last = restarted.process(packet(kLocal4, 1, kPeer4, 2, 7000));
  ASSERT_OK(last);
  ASSERT_EQ(only<SaExpireNotice>(last->notifications).size(), 1U);

  // Larval SA and ACQUIRE had 20 s left, 5 of which went in the downtime.
  EXPECT_EQ(restarted.next_deadline(), later.now() + seconds(15));
  later.advance(seconds(15));
  auto expired = only<SaExpireNotice>(restarted.run_timers());
  ASSERT_EQ(expired.size(), 1U);
  EXPECT_EQ(expired[0].event.id.spi, *larval);
  // The ACQUIRE went with it: the next packet asks again, with a new seq.
  auto again = restarted.process(packet(kLocal4, 1, "192.0.2.9", 2));
  ASSERT_OK(again);
  auto second = only<kernel::AcquireEvent>(again->notifications);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_GT(second[0].seq, acquires[0].seq);

  // Time lifetimes count from the original add: the hard limit of 0x2000
  // (100 s) falls at 100 - 20 - 5 - 15 = 60 s from here.
  later.advance(seconds(59));
  EXPECT_TRUE(only<SaExpireNotice>(restarted.run_timers()).empty());
  later.advance(seconds(1));
  auto hard = only<SaExpireNotice>(restarted.run_timers());
  ASSERT_EQ(hard.size(), 1U);
  EXPECT_EQ(hard[0].event.id.spi, 0x2000U);
  EXPECT_TRUE(hard[0].event.hard);
  // The policy's hard limit (50 s from its add) has come and gone.
  EXPECT_ERRNO(restarted.get_policy(*timed_spid), ENOENT);

  // New SPIDs do not collide with the restored ones.
  auto fresh = restarted.add_policy(esp_policy(udp_selector(kLocal4, "192.0.2.10")));
  ASSERT_OK(fresh);
  EXPECT_NE(*fresh, *out);
  EXPECT_NE(*fresh, *in);
  EXPECT_NE(*fresh, *timed_spid);
}

TEST_F(PersistTest, LoadReplacesWhatWasThere) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  ASSERT_OK(tables().save(file_));
  ASSERT_OK(tables().delete_sa(esp_sa(0x1000).id));
  ASSERT_OK(tables().add_sa(esp_sa(0x3000)));
  ASSERT_OK(tables().load(file_));
  ASSERT_OK(tables().get_sa(esp_sa(0x1000).id));
  EXPECT_ERRNO(tables().get_sa(esp_sa(0x3000).id), ESRCH);
}

TEST_F(PersistTest, SavingAgainReplacesTheFile) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  ASSERT_OK(tables().save(file_));
  ASSERT_OK(tables().add_sa(esp_sa(0x1001)));
  ASSERT_OK(tables().save(file_));
  Tables other(clock());
  ASSERT_OK(other.load(file_));
  EXPECT_EQ(other.dump_sas().size(), 2U);
}

TEST_F(PersistTest, AGroupReadableFileIsRefused) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  ASSERT_OK(tables().save(file_));
  ASSERT_EQ(::chmod(file_.c_str(), 0640), 0);
  Tables other(clock());
  auto loaded = other.load(file_);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().message.find("0640"), std::string::npos) << loaded.error().message;
  EXPECT_TRUE(other.dump_sas().empty());
}

TEST_F(PersistTest, AMissingFileIsEnoent) {
  EXPECT_ERRNO(tables().load(dir_.path("none")), ENOENT);
}

TEST_F(PersistTest, ADamagedFileIsRefusedAndChangesNothing) {
  ASSERT_OK(tables().add_sa(esp_sa(0x1000)));
  ASSERT_OK(tables().add_policy(esp_policy(udp_selector(kLocal4, kPeer4))));
  ASSERT_OK(tables().save(file_));
  const auto size = std::filesystem::file_size(file_);
  for (std::uintmax_t cut : {size - 1, size - 10, size / 2, std::uintmax_t{12}}) {
    const std::string copy = dir_.path("cut");
    std::filesystem::copy_file(file_, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(copy, cut);
    ASSERT_EQ(::chmod(copy.c_str(), 0600), 0);
    Tables other(clock());
    ASSERT_OK(other.add_sa(esp_sa(0x7000)));
    EXPECT_ERRNO(other.load(copy), EBADMSG);
    // A failed load keeps the tables as they were.
    ASSERT_OK(other.get_sa(esp_sa(0x7000).id));
  }
  {
    std::fstream f(file_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.put('X');
  }
  Tables other(clock());
  EXPECT_ERRNO(other.load(file_), EBADMSG);
}

}  // namespace
}  // namespace rc::pfkeyd::testing
