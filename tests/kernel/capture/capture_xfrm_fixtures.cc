// Captures real kernel replies as byte fixtures: run inside the real-kernel
// VM (tests/kernel/contract_vm_test.sh, tests/kernel/capture-fixtures.sh),
// it installs the cases of fixture_cases.h through the XFRM back end and
// writes each datagram that answers a GET, and the ACQUIRE and EXPIRE the
// kernel sends, to DIR/<name>.bin.
//   usage: capture_xfrm_fixtures DIR
#include <linux/xfrm.h>
#include <poll.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "fixture_cases.h"
#include "kernel/xfrm/netlink.h"
#include "kernel/xfrm/xfrm_engine.h"

namespace {

using namespace rc::kernel;  // NOLINT(google-build-using-namespace): a small tool
namespace rct = rc::rct;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "capture_xfrm_fixtures: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(rc::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}
void must(rc::Result<void> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
}

// Keeps the datagrams the engine receives, so the one carrying `type` can
// be written out.
struct Recorder {
  std::vector<std::vector<std::uint8_t>> datagrams;
  std::string dir;

  void save(const std::string& name, std::uint16_t type) {
    for (const auto& datagram : datagrams) {
      if (xfrm::netlink::message_type(datagram) != type) continue;
      std::ofstream out(dir + "/" + name + ".bin", std::ios::binary);
      out.write(reinterpret_cast<const char*>(datagram.data()),  // NOLINT: byte I/O
                static_cast<std::streamsize>(datagram.size()));
      if (!out) die("cannot write " + name);
      std::printf("captured %s (%zu bytes)\n", name.c_str(), datagram.size());
      datagrams.clear();
      return;
    }
    die("no reply of type " + std::to_string(type) + " for " + name);
  }
};

void wait_event(KeyEngine& engine, int seconds) {
  pollfd pfd{engine.event_fd(), POLLIN, 0};
  if (::poll(&pfd, 1, seconds * 1000) != 1) die("no event from the kernel");
  must(engine.read_events([](const Event&) {}), "read_events");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) die("usage: capture_xfrm_fixtures DIR");
  try {
    if (!rc::testing::make_private_network()) die("unshare(CLONE_NEWNET): not permitted");
  } catch (const std::exception& e) {
    die(e.what());
  }

  Recorder recorder{.datagrams = {}, .dir = argv[1]};
  auto engine = must(xfrm::XfrmEngine::open(), "open");
  engine->set_receive_tap([&recorder](std::span<const std::uint8_t> datagram) {
    recorder.datagrams.emplace_back(datagram.begin(), datagram.end());
  });
  must(engine->register_sa_type(rct::SaType::Esp), "register");

  for (const auto& [name, sa] : fixtures::sa_cases()) {
    must(engine->add_sa(sa), name.c_str());
    recorder.datagrams.clear();
    (void)must(engine->get_sa(sa.id), name.c_str());
    recorder.save(name, XFRM_MSG_NEWSA);
  }

  const Spid spid = must(engine->add_policy(fixtures::acquire_policy()), "policy");
  recorder.datagrams.clear();
  (void)must(engine->get_policy(spid), "get policy");
  recorder.save("policy_out_transport", XFRM_MSG_NEWPOLICY);

  recorder.datagrams.clear();
  rc::testing::send_udp("192.0.2.1", 5555, "192.0.2.2", 7777);
  wait_event(*engine, 3);
  recorder.save("acquire", XFRM_MSG_ACQUIRE);

  must(engine->add_sa(fixtures::expiring_sa()), "expiring SA");
  recorder.datagrams.clear();
  wait_event(*engine, 5);
  recorder.save("expire_soft", XFRM_MSG_EXPIRE);
  return 0;
}
