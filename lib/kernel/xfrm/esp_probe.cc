// probe_esp_support(): can this kernel hold ESP SAs? (xfrm_engine.h)
#include <cerrno>
#include <vector>

#include "kernel/xfrm/kernel_errors.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "kernel/xfrm/xfrm_engine.h"

namespace rc::kernel::xfrm {

Result<void> probe_esp_support() {
  auto socket = XfrmSocket::open({});
  if (!socket) return fail(failed("XFRM", socket.error()));

  // SPI 1 is reserved (RFC 4303 §2.1) and 0.0.0.0 is no host: no SA of
  // ours or anyone's can be there, so the update can only fail, and how it
  // fails tells what the kernel has.
  SaParams probe;
  probe.id = SaId{rct::SaType::Esp, addr::IpAddress{}, addr::IpAddress{}, 1};
  probe.mode = rct::IpsecMode::Transport;
  probe.encryption = rct::EncAlg::Aes128Cbc;
  probe.encryption_key = buf::SecretBytes::zeros(16);
  probe.integrity = rct::AuthAlg::HmacSha2_256;
  probe.integrity_key = buf::SecretBytes::zeros(32);
  auto request = encode::add_sa(probe, true);
  if (!request) return fail(failed("building the ESP probe", request.error()));

  auto answer =
      socket->transact(std::move(*request), [](const netlink::Message& /*m*/) { return ok(); });
  if (answer) return ok();  // an SA was there after all: ESP exists
  const Error& error = answer.error();
  switch (error.code) {
    case ESRCH:  // ESP built the state, then found nothing to update
      return ok();
    case EPROTONOSUPPORT:
      return fail(Error{error.code, missing_transform(rct::SaType::Esp, std::nullopt)});
    case ENOSYS:
      return fail(Error{error.code,
                        "the kernel cannot hold ESP SAs here: its crypto API lacks "
                        "cbc(aes) or hmac(sha256) (kernel: " +
                            error.message + ")"});
    case EPERM:
      return fail(Error{error.code, "probing XFRM for ESP needs CAP_NET_ADMIN"});
    default:
      return fail(failed("probing XFRM for ESP support", error));
  }
}

}  // namespace rc::kernel::xfrm
