// The SPD half of PfkeyEngine, with Linux's fwd twins (kernel/xfrm/fwd_twin.h:
// which inbound policies get one, and why).
#include "kernel/pfkey/pfkey_engine.h"

#include <linux/pfkeyv2.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kernel/pfkey/af_key_rules.h"
#include "kernel/pfkey/pfkey_errors.h"
#include "kernel/pfkey/pfkey_policy.h"
#include "kernel/pfkey/pfkey_sa_id.h"
#include "kernel/xfrm/fwd_twin.h"
#include "kernel/xfrm/kernel_errors.h"
#include "kernel/xfrm/xfrm_encode.h"
#include "log/log.h"

namespace rc::kernel::pfkey {
namespace {

using xfrm::describe;

Header header_only(std::uint8_t type) {
  return Header{type, 0, SADB_SATYPE_UNSPEC, 0, 0};
}

// SPIDs of in and out policies on Linux (the low 3 bits of an XFRM index
// are its direction); fwd twins and per-socket policies are not the
// caller's to name, and af_key answers EINVAL rather than ENOENT for the
// latter.
bool is_callers_linux_spid(Spid spid) {
  const std::uint32_t dir = xfrm::encode::direction_of_index(spid);
  return dir == 0 || dir == 1;
}

Error no_policy(std::uint8_t type, Spid spid) {
  return reply_error(type, fmt::format("policy with SPID {}", spid), ESRCH);
}

}  // namespace

Result<PolicyInfo> PfkeyEngine::request_policy(WipedBuffer request, const std::string& object) {
  const auto asked = peek_header(request.view());
  const std::uint8_t type = asked ? asked->type : 0;
  auto reply = requests_.transact(std::move(request), object);
  if (!reply) return fail(std::move(reply).error());
  auto parsed = parse(reply->view());
  if (!parsed) return fail(request_failed(type, object, parsed.error()));
  auto info = decode_policy(*parsed);
  if (!info) return fail(request_failed(type, object, info.error()));
  return info;
}

Result<void> PfkeyEngine::delete_fwd_twin(const PolicyParams& inbound) {
  const PolicyParams twin = xfrm::fwd_twin(inbound);
  const std::string object = describe(twin.selector, twin.direction);
  auto message = encode_policy(SADB_X_SPDDELETE, twin);
  if (!message) return fail(request_failed(SADB_X_SPDDELETE, object, message.error()));
  auto reply = requests_.transact(std::move(*message), object);
  if (!reply && reply.error().code != ENOENT) return fail(std::move(reply).error());
  return ok();
}

Result<Spid> PfkeyEngine::install_policy(const PolicyParams& requested, bool update) {
  const std::uint8_t type = update ? SADB_X_SPDUPDATE : SADB_X_SPDADD;
  const std::string object = describe(requested.selector, requested.direction);
  if (requested.direction == rct::Direction::Fwd) {
    return fail(request_failed(
        type, object,
        Error{EINVAL,
              "fwd policies are the engine's own (twins of inbound policies on Linux); "
              "add the inbound policy"}));
  }
  PolicyParams policy = requested;
  if (af_key()) {
    auto adapted = af_key::adapt_policy(requested);
    if (!adapted) return fail(request_failed(type, object, adapted.error()));
    policy = std::move(*adapted);
  }
  auto message = encode_policy(type, policy);
  if (!message) return fail(request_failed(type, object, message.error()));
  auto info = request_policy(std::move(*message), object);
  if (!info) return fail(std::move(info).error());
  const Spid spid = info->params.spid;
  if (!af_key()) return spid;

  if (xfrm::needs_fwd_twin(policy)) {
    const std::string twin_object = object + " (its fwd twin)";
    auto twin = encode_policy(SADB_X_SPDUPDATE, xfrm::fwd_twin(policy));
    if (!twin) return fail(request_failed(SADB_X_SPDUPDATE, twin_object, twin.error()));
    if (auto done = requests_.transact(std::move(*twin), twin_object); !done) {
      if (!update) {
        (void)requests_.transact(encode_policy_by_spid(SADB_X_SPDDELETE2, spid), object);
      }
      return fail(std::move(done).error());
    }
  } else if (policy.direction == rct::Direction::Inbound) {
    // A twin left by an earlier version of this policy (or an earlier run).
    if (auto gone = delete_fwd_twin(policy); !gone) return fail(std::move(gone).error());
  }
  return spid;
}

Result<Spid> PfkeyEngine::add_policy(const PolicyParams& policy) {
  return install_policy(policy, false);
}

Result<Spid> PfkeyEngine::update_policy(const PolicyParams& policy) {
  return install_policy(policy, true);
}

Result<void> PfkeyEngine::delete_policy(Spid spid) {
  if (spid == 0 || (af_key() && !is_callers_linux_spid(spid))) {
    return fail(no_policy(SADB_X_SPDDELETE2, spid));
  }
  const std::string object = fmt::format("policy with SPID {}", spid);
  std::optional<PolicyInfo> deleted;
  if (af_key()) {
    // Its selector and direction find the fwd twin afterwards.
    auto info = request_policy(encode_policy_by_spid(SADB_X_SPDGET, spid), object);
    if (!info) return fail(std::move(info).error());
    deleted = std::move(*info);
  }
  auto reply = requests_.transact(encode_policy_by_spid(SADB_X_SPDDELETE2, spid), object);
  if (!reply) return fail(std::move(reply).error());
  if (deleted && deleted->params.direction == rct::Direction::Inbound) {
    return delete_fwd_twin(deleted->params);
  }
  return ok();
}

Result<PolicyInfo> PfkeyEngine::get_policy(Spid spid) {
  if (spid == 0 || (af_key() && !is_callers_linux_spid(spid))) {
    return fail(no_policy(SADB_X_SPDGET, spid));
  }
  return request_policy(encode_policy_by_spid(SADB_X_SPDGET, spid),
                        fmt::format("policy with SPID {}", spid));
}

Result<std::vector<PolicyInfo>> PfkeyEngine::dump_policies() {
  std::vector<PolicyInfo> policies;
  std::size_t skipped = 0;
  auto done = requests_.dump(
      encode_header_only(header_only(SADB_X_SPDDUMP)), "of the SPD", [&](const Message& message) {
        auto info = decode_policy(message);
        if (!info) {
          if (skipped++ == 0) {
            log::internal_warn("policy dump: leaving out a policy: {}", info.error().message);
          }
          return;
        }
        // fwd twins are the engine's own.
        if (info->params.direction == rct::Direction::Fwd) return;
        policies.push_back(std::move(*info));
      });
  if (!done) return fail(std::move(done).error());
  return policies;
}

Result<void> PfkeyEngine::flush_policies() {
  auto reply = requests_.transact(encode_header_only(header_only(SADB_X_SPDFLUSH)), "of the SPD");
  if (!reply) return fail(std::move(reply).error());
  return ok();
}

}  // namespace rc::kernel::pfkey
