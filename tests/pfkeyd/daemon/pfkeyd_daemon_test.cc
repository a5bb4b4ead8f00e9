// The real pfkeyd as a process: its socket's privacy, who may talk to it,
// restarts that lose nothing, broadcasts to every registered socket, and
// the usual daemon behaviour (one instance per socket, -k, detaching).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "kernel/pfkey/pfkey_engine.h"
#include "kernel/pfkey/pfkey_register.h"
#include "support/kernel_testing.h"
#include "support/pfkeyd_process.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

namespace rc::pfkeyd {
namespace {

using kernel::pfkey::PfkeyEngine;
using testing::ip;

mode_t mode_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 07777;
}

kernel::SaParams esp_sa(std::uint32_t spi) {
  kernel::SaParams sa;
  sa.id = kernel::SaId{rct::SaType::Esp, ip("192.0.2.1"), ip("192.0.2.2"), spi};
  sa.mode = rct::IpsecMode::Tunnel;
  sa.reqid = 5;
  sa.encryption = rct::EncAlg::AesGcm16;
  sa.encryption_key = testing::test_key(20, 3);
  sa.lifetimes.hard.add_seconds = 3600;
  return sa;
}

kernel::PolicyParams esp_policy() {
  kernel::PolicyParams policy;
  policy.selector = testing::udp_selector("192.0.2.1", "192.0.2.2");
  policy.direction = rct::Direction::Outbound;
  kernel::PolicyTemplate esp;
  esp.reqid = 5;
  policy.templates.push_back(esp);
  return policy;
}

class PfkeydDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "pfkeyd serves root only; run the tests as root";
    ASSERT_EQ(::chmod(dir_.root().c_str(), 0700), 0);
  }

  std::unique_ptr<PfkeyEngine> connect() {
    auto engine = PfkeyEngine::connect_pfkeyd(pfkeyd_.socket_path());
    EXPECT_TRUE(engine) << engine.error().message;
    return engine ? std::move(*engine) : nullptr;
  }

  testing::TempDir dir_{"pfkeyd-daemon"};
  testing::PfkeydProcess pfkeyd_{RACOON2_PFKEYD_BINARY, dir_.root().string()};
};

TEST_F(PfkeydDaemonTest, SocketAndItsDirectoryArePrivate) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  EXPECT_EQ(mode_of(dir_.path("run")), 0700U);
  EXPECT_EQ(mode_of(pfkeyd_.socket_path()), 0600U);
}

TEST_F(PfkeydDaemonTest, APeerThatIsNotRootIsRefusedAtAccept) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  // Open the path so only the credentials check stands in the way.
  ASSERT_EQ(::chmod(dir_.root().c_str(), 0755), 0);
  ASSERT_EQ(::chmod(dir_.path("run").c_str(), 0755), 0);
  ASSERT_EQ(::chmod(pfkeyd_.socket_path().c_str(), 0666), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(10);
    const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = pfkeyd_.socket_path();
    std::memcpy(address.sun_path, path.data(), path.size());
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::_exit(11);
    }
    const auto request = kernel::pfkey::encode_register(3, 1);
    (void)::send(fd, request.view().data(), request.size(), MSG_NOSIGNAL);
    std::uint8_t reply[512];
    const ssize_t got = ::recv(fd, reply, sizeof reply, 0);
    ::_exit(got <= 0 ? 0 : 12);  // closed without an answer
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10 setuid, 11 connect, 12 got an answer";
  EXPECT_TRUE(pfkeyd_.log_shows("serves only root")) << pfkeyd_.log_text();
  // And root still gets its answers.
  auto engine = connect();
  ASSERT_TRUE(engine);
  EXPECT_TRUE(engine->dump_sas());
}

TEST_F(PfkeydDaemonTest, ARestartLosesNothing) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  kernel::Spid spid = 0;
  {
    auto engine = connect();
    ASSERT_TRUE(engine);
    ASSERT_TRUE(engine->add_sa(esp_sa(0x4242)));
    auto added = engine->add_policy(esp_policy());
    ASSERT_TRUE(added) << added.error().message;
    spid = *added;
  }
  ASSERT_EQ(pfkeyd_.stop(), 0) << pfkeyd_.log_text();
  EXPECT_EQ(mode_of(pfkeyd_.state_file()), 0600U);

  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  auto engine = connect();
  ASSERT_TRUE(engine);
  auto sa = engine->get_sa(esp_sa(0x4242).id);
  ASSERT_TRUE(sa) << sa.error().message;
  testing::expect_same_sa(sa->params, esp_sa(0x4242));
  auto policy = engine->get_policy(spid);
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->params.selector, esp_policy().selector);
  EXPECT_EQ(policy->params.templates, esp_policy().templates);
}

TEST_F(PfkeydDaemonTest, AStateFileOthersCanReadIsRefused) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  {
    auto engine = connect();
    ASSERT_TRUE(engine);
    ASSERT_TRUE(engine->add_sa(esp_sa(0x4343)));
  }
  ASSERT_EQ(pfkeyd_.stop(), 0);
  ASSERT_EQ(::chmod(pfkeyd_.state_file().c_str(), 0640), 0);
  EXPECT_FALSE(pfkeyd_.start());
  EXPECT_NE(pfkeyd_.log_text().find("chmod 600"), std::string::npos) << pfkeyd_.log_text();
}

TEST_F(PfkeydDaemonTest, AcquireReachesEveryRegisteredSocket) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  auto first = connect();
  auto second = connect();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->register_sa_type(rct::SaType::Esp));
  ASSERT_TRUE(second->register_sa_type(rct::SaType::Esp));
  ASSERT_TRUE(first->add_policy(esp_policy()));
  kernel::pfkey::PacketReport report;
  report.packet = testing::udp_selector("192.0.2.1", "192.0.2.2", 4000, 53);
  report.bytes = 92;
  auto verdict = first->inject_packet(report);
  ASSERT_TRUE(verdict) << verdict.error().message;
  EXPECT_EQ(verdict->outcome, kernel::pfkey::PacketOutcome::Acquire);
  for (PfkeyEngine* engine : {first.get(), second.get()}) {
    testing::EventWaiter waiter;
    auto event = waiter.wait_for(
        *engine,
        [](const kernel::Event& e) { return std::holds_alternative<kernel::AcquireEvent>(e); },
        std::chrono::seconds(5));
    ASSERT_TRUE(event);
    const auto& acquire = std::get<kernel::AcquireEvent>(*event);
    EXPECT_EQ(acquire.packet.dst_port, 53);
    EXPECT_EQ(acquire.reqid, 5U);
  }
}

TEST_F(PfkeydDaemonTest, OneInstancePerSocket) {
  ASSERT_TRUE(pfkeyd_.start()) << pfkeyd_.error();
  testing::TempDir other_dir("pfkeyd-other");
  ASSERT_EQ(::chmod(other_dir.root().c_str(), 0700), 0);
  testing::PfkeydProcess second(RACOON2_PFKEYD_BINARY, other_dir.root().string());
  EXPECT_FALSE(second.start(std::chrono::seconds(30), {"--socket=" + pfkeyd_.socket_path()}));
  EXPECT_NE(second.log_text().find("another pfkeyd already serves"), std::string::npos)
      << second.log_text();
}

TEST_F(PfkeydDaemonTest, DetachesAndStopsWithKill) {
  const std::string pid_file = dir_.path("detached.pid");
  const std::string socket = dir_.path("run/pfkey");
  ASSERT_EQ(testing::run_command({RACOON2_PFKEYD_BINARY, "--socket=" + socket,
                                  "--state-file=" + dir_.path("state"), "--pid-file=" + pid_file},
                                 false),
            0);
  // The starter returned only after the daemon said it was ready.
  auto engine = kernel::pfkey::PfkeyEngine::connect_pfkeyd(socket);
  ASSERT_TRUE(engine) << engine.error().message;
  engine->reset();
  EXPECT_EQ(testing::run_command({RACOON2_PFKEYD_BINARY, "-k", "--pid-file=" + pid_file}), 0);
  for (int i = 0; i < 500 && ::access(pid_file.c_str(), F_OK) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_NE(::access(pid_file.c_str(), F_OK), 0) << "the pid file outlived the daemon";
  EXPECT_NE(::access(socket.c_str(), F_OK), 0) << "the socket outlived the daemon";
}

}  // namespace
}  // namespace rc::pfkeyd
