#include "kernel/engine_select.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "base/unique_fd.h"
#include "log/log.h"

#ifdef __linux__
#include "kernel/pfkey/pfkey_engine.h"
#include "kernel/xfrm/xfrm_engine.h"
#endif

namespace rc::kernel {
namespace {

// Not in every libc's headers (glibc has them in <linux/pfkeyv2.h>, the BSDs
// in <net/pfkeyv2.h>); the values are fixed by RFC 2367 and the socket API.
constexpr int kPfKey = 15;
constexpr int kPfKeyV2 = 2;

class SystemProbe final : public HostProbe {
 public:
  Result<void> xfrm_holds_esp() override {
#ifdef __linux__
    return xfrm::probe_esp_support();
#else
    return fail(Error{ENOSYS, "XFRM exists only on Linux"});
#endif
  }

  Result<void> pfkey_holds_esp() override {
    const UniqueFd socket_fd(::socket(kPfKey, SOCK_RAW | SOCK_CLOEXEC, kPfKeyV2));
    if (!socket_fd) {
      const int error = errno;
      return fail(Error{error, fmt::format("the kernel has no PF_KEY sockets ({}; Linux: "
                                           "CONFIG_NET_KEY, module af_key)",
                                           std::strerror(error))});
    }
#ifdef __linux__
    // af_key is a front end to the same XFRM core: it holds ESP SAs exactly
    // when XFRM does.
    if (auto esp = xfrm_holds_esp(); !esp) {
      return fail(
          Error{esp.error().code, "PF_KEY shares XFRM's transforms: " + esp.error().message});
    }
#endif
    return ok();
  }

  Result<void> pfkeyd_answers(const std::string& socket_path) override {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.empty() || socket_path.size() >= sizeof(address.sun_path)) {
      return fail(Error{ENAMETOOLONG, fmt::format("pfkeyd socket path '{}' is empty or longer "
                                                  "than {} bytes",
                                                  socket_path, sizeof(address.sun_path) - 1)});
    }
    std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
    const UniqueFd socket_fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
    if (!socket_fd) return fail(Error::from_errno(errno, "socket(AF_UNIX)"));
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (::connect(socket_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) !=
        0) {
      return fail(Error::from_errno(errno, fmt::format("no pfkeyd answers at {}", socket_path)));
    }
    return ok();
  }
};

}  // namespace

std::unique_ptr<HostProbe> system_probe() {
  return std::make_unique<SystemProbe>();
}

Result<EngineKind> choose_engine(const EngineSettings& settings, HostProbe& probe) {
  if (settings.kind) return *settings.kind;
  auto xfrm_esp = probe.xfrm_holds_esp();
  if (xfrm_esp) return EngineKind::Xfrm;
  auto pfkey_esp = probe.pfkey_holds_esp();
  if (pfkey_esp) return EngineKind::Pfkey;
  auto pfkeyd = probe.pfkeyd_answers(settings.pfkeyd_socket);
  if (pfkeyd) return EngineKind::Pfkeyd;
  return fail(Error{
      EPROTONOSUPPORT,
      fmt::format("key_engine auto: nothing on this host can hold ESP/AH SAs. xfrm: {}. pfkey: {}. "
                  "pfkeyd: {}. Start pfkeyd (the userspace key engine) or give the kernel "
                  "IPsec support",
                  xfrm_esp.error().message, pfkey_esp.error().message, pfkeyd.error().message)});
}

Result<std::unique_ptr<KeyEngine>> open_engine(EngineKind kind,
                                               [[maybe_unused]] const EngineSettings& settings) {
  switch (kind) {
    case EngineKind::Xfrm:
#ifdef __linux__
      return xfrm::open_xfrm_engine();
#else
      return fail(Error{ENOSYS, "key_engine xfrm: XFRM exists only on Linux"});
#endif
    case EngineKind::Pfkey:
    case EngineKind::Pfkeyd:
#ifdef __linux__
      return pfkey::open_pfkey_engine(kind, settings.pfkeyd_socket);
#else
      break;
#endif
  }
  // The PF_KEY back end is built on Linux only so far (it reads
  // <linux/pfkeyv2.h>).
  return fail(Error{
      ENOSYS, fmt::format("key_engine {}: this back end is not in this version yet", name(kind))});
}

Result<std::unique_ptr<KeyEngine>> open_configured_engine(const EngineSettings& settings) {
  auto probe = system_probe();
  auto kind = choose_engine(settings, *probe);
  if (!kind) return fail(std::move(kind).error());
  log::info("key engine: {}{}", name(*kind), settings.kind ? "" : " (chosen by key_engine auto)");
  return open_engine(*kind, settings);
}

}  // namespace rc::kernel
